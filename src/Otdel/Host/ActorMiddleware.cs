using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Otdel.Features.Account;
using Otdel.Platform;

namespace Otdel;

/// <summary>
/// Resolves who is acting for the rest of the request: the access scope (<see cref="Access"/>), the audit channel, the
/// person's language — and ends a cookie whose session has ended (<see cref="Sessions"/>).
/// </summary>
sealed class ActorMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext ctx, Access access, Actor actor)
    {
        if (ctx.User.Identity?.IsAuthenticated == true && long.TryParse(ctx.User.FindFirstValue(ClaimTypes.NameIdentifier), out var id))
        {
            await access.LoadAsync(id, ctx.Items[TokenAuthentication.VersionKey] as long?, ctx.RequestAborted);
            if (access.User is null || !Sessions.IsCurrent(ctx.User, access.User))
            {
                // A deactivated person, or a cookie from before a sign-out, a new password or a new place in the
                // structure, loses access at once, whatever the cookie says.
                await ctx.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                ctx.User = new ClaimsPrincipal(new ClaimsIdentity());
            }
            else
            {
                actor.UserId = id;
                actor.Name = access.User.FullName;
                actor.Channel = ctx.Request.Path.StartsWithSegments("/api") ? "api" : "ui";
                if (access.User.Language is { } lang && ctx.Request.Cookies[Localisation.CookieName] is null)
                    Localisation.Apply(lang);
            }
        }
        await next(ctx);
    }
}
