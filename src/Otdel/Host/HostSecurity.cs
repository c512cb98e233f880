using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Otdel.Data;
using Otdel.Features.Account;
using Otdel.Platform;

namespace Otdel;

/// <summary>Sign-in cookies and API tokens, their keys, anti-forgery and the sign-in flood guard.</summary>
static class HostSecurity
{
    public static IServiceCollection AddHostSecurity(this IServiceCollection s, IConfiguration config, DbSettings settings)
    {
        s.AddDataProtection().SetApplicationName("Otdel").PersistKeysToFileSystem(DataFolder.PrepareKeys(settings.DataDir));
        s.AddAuthentication(o => { o.DefaultScheme = "Smart"; o.DefaultChallengeScheme = "Smart"; })
            .AddPolicyScheme("Smart", "Cookie or bearer token", o => o.ForwardDefaultSelector = ctx =>
                ctx.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? TokenAuthentication.Name : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, TokenAuthentication>(TokenAuthentication.Name, null)
            .AddCookie(o =>
            {
                o.Cookie.Name = "otdel.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.LoginPath = "/login";
                o.AccessDeniedPath = "/login";
                o.ExpireTimeSpan = TimeSpan.FromDays(14);
                o.SlidingExpiration = true;
                // The API answers 401/403 as problem details instead of redirecting to the sign-in page.
                o.Events.OnRedirectToLogin = ctx => ApiStatus(ctx, 401);
                o.Events.OnRedirectToAccessDenied = ctx => ApiStatus(ctx, 403);
            });
        s.AddAuthorization();
        s.AddAntiforgery(o =>
        {
            o.HeaderName = "X-CSRF-TOKEN";
            o.Cookie.Name = "otdel.csrf";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
        });
        s.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = 429;
            // A flood guard only: sign-in posts per address per minute, high enough for a whole office behind one
            // NAT address (guessing is stopped by LoginThrottle, which counts failures). Reading the page is free.
            var perMinute = config.GetValue("Otdel:SignInsPerMinute", 600);
            o.AddPolicy("login", ctx => HttpMethods.IsPost(ctx.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter(ctx.Connection.RemoteIpAddress?.ToString() ?? "?",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1) })
                : RateLimitPartition.GetNoLimiter("read"));
            // Public web forms: posts per client address per minute; the limit is part of the key, so a new limit starts afresh.
            o.AddPolicy(Features.Leads.LeadsApi.FormsPolicy, ctx =>
            {
                var limit = ctx.RequestServices.GetRequiredService<Features.Leads.FormLimit>().PerMinute;
                return RateLimitPartition.GetFixedWindowLimiter($"{ctx.Connection.RemoteIpAddress}|{limit}",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = limit, Window = TimeSpan.FromMinutes(1) });
            });
        });
        s.AddSingleton<LoginThrottle>();
        s.AddScoped<Features.Account.PasswordRecovery>();
        return s;
    }

    static Task ApiStatus(RedirectContext<CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/api") || ctx.Request.Headers["HX-Request"] == "true")
            ctx.Response.StatusCode = status;
        else
            ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>Cookie-signed API writes (the board's drag and drop) must carry the anti-forgery header; token calls need not.</summary>
    public static void UseApiAntiforgery(this WebApplication app) => app.Use(async (ctx, next) =>
    {
        if (ctx.Request.Path.StartsWithSegments("/api") && !HttpMethods.IsGet(ctx.Request.Method) && !HttpMethods.IsHead(ctx.Request.Method)
            && ctx.User.Identity?.AuthenticationType == CookieAuthenticationDefaults.AuthenticationScheme)
        {
            var af = ctx.RequestServices.GetRequiredService<IAntiforgery>();
            if (!await af.IsRequestValidAsync(ctx))
            {
                ctx.Response.StatusCode = 400;
                var t = ctx.RequestServices.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<Resources.Text>>();
                await Results.Problem(statusCode: 400, title: t["Error.Antiforgery"]).ExecuteAsync(ctx);
                return;
            }
        }
        await next();
    });
}
