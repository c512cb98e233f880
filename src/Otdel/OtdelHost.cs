using System.Diagnostics;
using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Localization;
using Otdel.Data;
using Otdel.Features;
using Otdel.Platform;

namespace Otdel;

/// <summary>Builds the one Otdel web host: UI pages, /api/v1, OpenAPI, background work. Used by the CLI and by tests.</summary>
public static class OtdelHost
{
    // Neutral "ru" and "en" too, so a bare Accept-Language: en is honoured.
    public static readonly CultureInfo[] Cultures = [new("ru-RU"), new("en-US"), new("ru"), new("en")];

    /// <param name="configure">Runs after the app's own services are registered (tests replace the TimeProvider there).</param>
    public static WebApplication Build(string[] args, IDictionary<string, string?>? overrides = null, Action<IServiceCollection>? configure = null)
    {
        var root = ContentRoot();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(OtdelHost).Assembly.GetName().Name,
            ContentRootPath = root,
            WebRootPath = Path.Combine(root, "wwwroot"),
        });
        if (overrides is not null) builder.Configuration.AddInMemoryCollection(overrides);
        var settings = DbSettings.From(builder.Configuration);
        var s = builder.Services;

        builder.Logging.ClearProviders();
        if (builder.Configuration["OTDEL_LOG_FORMAT"] == "text") builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        else builder.Logging.AddJsonConsole(o => o.IncludeScopes = true);

        s.AddOtdelDb(settings);
        s.AddSingleton(TimeProvider.System);
        s.AddSingleton<WorkCalendar>();
        s.AddScoped(_ => new Actor());
        s.AddScoped<Access>();
        s.AddScoped<Errors>();
        s.AddScoped<Problems>();
        s.AddLocalization();
        s.AddSingleton<Microsoft.Extensions.Localization.IStringLocalizer<Resources.Text>, FeatureTexts>();
        s.AddWebEncoders(o => o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        s.AddHttpContextAccessor();

        s.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
            // Russian text as text, not \u escapes: readable answers, a third the size.
            o.SerializerOptions.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All);
        });
        s.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            ctx.ProblemDetails.Extensions["traceId"] = Activity.Current?.TraceId.ToString() ?? ctx.HttpContext.TraceIdentifier;
            Localisation.TitleInCallersLanguage(ctx);
        });
        // Binding failures throw, so BadInput can name the field in the caller's language instead of an empty 400.
        s.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        s.AddExceptionHandler<BadInput>();

        s.AddDataProtection().SetApplicationName("Otdel")
            .PersistKeysToFileSystem(DataFolder.PrepareKeys(settings.DataDir));
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
            var perMinute = builder.Configuration.GetValue("Otdel:SignInsPerMinute", 600);
            o.AddPolicy("login", ctx => HttpMethods.IsPost(ctx.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter(ctx.Connection.RemoteIpAddress?.ToString() ?? "?",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1) })
                : RateLimitPartition.GetNoLimiter("read"));
        });
        s.AddSingleton<LoginThrottle>();
        s.AddRazorPages(o => o.Conventions.AuthorizeFolder("/").AllowAnonymousToPage("/Login").AllowAnonymousToPage("/Error"));
        s.AddOpenApi(o => o.AddDocumentTransformer<OpenApiBearer>());
        s.AddOtdelFeatures();
        configure?.Invoke(s);

        var app = builder.Build();
        Configure(app);
        return app;
    }

    static Task ApiStatus(RedirectContext<CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/api") || ctx.Request.Headers["HX-Request"] == "true")
            ctx.Response.StatusCode = status;
        else
            ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }

    static void Configure(WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // No stack trace reaches a user: the API gets problem details, pages get a friendly error page.
            ExceptionHandlingPath = "/Error",
            StatusCodeSelector = ex => ex switch
            {
                Microsoft.EntityFrameworkCore.DbUpdateConcurrencyException => 409,
                BadHttpRequestException b => b.StatusCode,
                InvalidValueException => 400,
                _ => 500,
            },
        });
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/api"), a => a.UseStatusCodePages());
        app.UseWhen(c => !c.Request.Path.StartsWithSegments("/api") && !c.Request.Path.StartsWithSegments("/openapi"),
            a => a.UseStatusCodePagesWithReExecute("/Error", "?code={0}"));
        app.UseSecurityHeaders();
        app.UseStaticFiles();
        app.UseRequestLocalization(o =>
        {
            o.SupportedCultures = Cultures;
            o.SupportedUICultures = Cultures;
            o.SetDefaultCulture("ru-RU");
            o.RequestCultureProviders =
            [
                new QueryStringRequestCultureProvider(),
                new CookieRequestCultureProvider { CookieName = Localisation.CookieName },
                new AcceptLanguageHeaderRequestCultureProvider(),
            ];
        });
        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.Use(LoadActor);
        app.UseAuthorization();
        app.UseAntiforgery();
        app.Use(ApiAntiforgery);

        app.MapOpenApi("/openapi/{documentName}.json");
        app.UseSwaggerUI(o => { o.RoutePrefix = "api/docs"; o.SwaggerEndpoint("/openapi/v1.json", "Otdel API v1"); o.DocumentTitle = "Otdel API"; });
        app.MapGet("/healthz", Health).AllowAnonymous().ExcludeFromDescription();
        app.MapRazorPages();
        app.MapAccountEndpoints();
        app.MapOtdelFeatures();
    }

    /// <summary>Resolves who is acting for the rest of the request: the audit channel and the access scope.</summary>
    static async Task LoadActor(HttpContext ctx, Func<Task> next)
    {
        if (ctx.User.Identity?.IsAuthenticated == true && long.TryParse(ctx.User.FindFirstValue(ClaimTypes.NameIdentifier), out var id))
        {
            var access = ctx.RequestServices.GetRequiredService<Access>();
            await access.LoadAsync(id, ctx.RequestAborted);
            if (access.User is null || !Sessions.IsCurrent(ctx.User, access.User))
            {
                // A deactivated person, or a cookie from before a sign-out, a new password or a new place in the
                // structure, loses access at once, whatever the cookie says.
                await ctx.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                ctx.User = new ClaimsPrincipal(new ClaimsIdentity());
            }
            else
            {
                var actor = ctx.RequestServices.GetRequiredService<Actor>();
                actor.UserId = id;
                actor.Name = access.User.FullName;
                actor.Channel = ctx.Request.Path.StartsWithSegments("/api") ? "api" : "ui";
                if (access.User.Language is { } lang && ctx.Request.Cookies[Localisation.CookieName] is null)
                    Localisation.Apply(lang);
            }
        }
        await next();
    }

    /// <summary>Cookie-signed API writes (the board's drag and drop) must carry the anti-forgery header; token calls need not.</summary>
    static async Task ApiAntiforgery(HttpContext ctx, Func<Task> next)
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
    }

    static async Task<IResult> Health(OtdelDb db, CancellationToken ct)
    {
        var ok = await db.Database.CanConnectAsync(ct);
        return ok ? Results.Ok(new { status = "healthy", database = db.IsSqlite ? "sqlite" : "postgres" })
                  : Results.Json(new { status = "unhealthy" }, statusCode: 503);
    }

    /// <summary>Migrates the database (and fills an empty one with the demo department when asked).</summary>
    public static async Task PrepareAsync(WebApplication app, bool demo, CancellationToken ct = default)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<OtdelDb>();
        var settings = scope.ServiceProvider.GetRequiredService<DbSettings>();
        var log = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("Otdel.Migrations");
        await Migrator.MigrateAsync(db, settings, log, ct);
        if (demo) await Features.Demo.DemoData.SeedAsync(scope.ServiceProvider, ct);
    }

    /// <summary>The source folder holding wwwroot when running from the repository; the app folder when published.</summary>
    static string ContentRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "Otdel");
            if (File.Exists(Path.Combine(candidate, "Otdel.csproj"))) return candidate;
        }
        // Built with another artifacts folder (parallel test runs): the project folder recorded at build time.
        var built = typeof(OtdelHost).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "OtdelProjectDir")?.Value;
        return built is not null && Directory.Exists(Path.Combine(built, "wwwroot")) ? built : AppContext.BaseDirectory;
    }
}
