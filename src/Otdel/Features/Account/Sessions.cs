using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Features.Organisation;

using Otdel.Platform;

namespace Otdel.Features.Account;

/// <summary>
/// Sign-in cookies end when the person's security stamp changes (docs/decisions/0006-sessions-end.md): the cookie
/// carries the stamp it was issued with, and every request compares it with the person's row — which
/// <see cref="Access.LoadAsync"/> reads anyway, so the check costs no extra query.
/// </summary>
public static class Sessions
{
    public const string StampClaim = "otdel:stamp";

    /// <summary>Whether a cookie-signed request still matches the person's current stamp (tokens are checked by their own row).</summary>
    public static bool IsCurrent(ClaimsPrincipal principal, User user) =>
        principal.Identity?.AuthenticationType != CookieAuthenticationDefaults.AuthenticationScheme
        || principal.FindFirstValue(StampClaim) == user.SecurityStamp;

    /// <summary>Signs the person out everywhere: a new stamp ends every cookie issued before.</summary>
    public static Task EndAllAsync(OtdelDb db, long userId, CancellationToken ct = default) =>
        AccessCache.ChangeAsync(db, () => db.Users.Where(u => u.Id == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.SecurityStamp, User.NewStamp()), ct), ct);

    /// <summary>Issues the sign-in cookie, carrying the person's current stamp.</summary>
    public static Task SignInAsync(HttpContext ctx, User user)
    {
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, user.Id.ToString()), new Claim(ClaimTypes.Name, user.FullName), new Claim(StampClaim, user.SecurityStamp)],
            CookieAuthenticationDefaults.AuthenticationScheme);
        return ctx.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity), new AuthenticationProperties { IsPersistent = true });
    }

    public static void MapSignOut(this WebApplication app) =>
        app.MapPost("/logout", async (HttpContext ctx, Access access, OtdelDb db) =>
        {
            if (access.User is { } u) await EndAllAsync(db, u.Id, ctx.RequestAborted);
            await ctx.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.Redirect("/login");
        }).ExcludeFromDescription();
}
