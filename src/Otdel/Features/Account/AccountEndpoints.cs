using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;
using Otdel.Data;

using Otdel.Platform;

namespace Otdel.Features.Account;

/// <summary>Sign-out and the language switch of the UI.</summary>
public static class AccountEndpoints
{
    public static void MapAccountEndpoints(this WebApplication app)
    {
        app.MapSignOut();

        // The choice is remembered in a cookie and, for a signed-in person, in their profile.
        app.MapGet("/lang/{code}", async (string code, string? back, HttpContext ctx, Access access, OtdelDb db) =>
        {
            if (code is not ("ru" or "en")) code = "ru";
            ctx.Response.Cookies.Append(Localisation.CookieName, Localisation.CookieValue(code),
                new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, MaxAge = TimeSpan.FromDays(365), IsEssential = true });
            if (access.User is { } u && u.Language != code)
                await AccessCache.ChangeAsync(db, () => db.Users.Where(x => x.Id == u.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.Language, code)));
            return Results.LocalRedirect(IsLocalPath(back) ? back! : "/");
        }).AllowAnonymous().ExcludeFromDescription();
    }

    /// <summary>A path on this site: one leading '/', not "//" or "/\" (browsers read both as another host), no control characters.</summary>
    public static bool IsLocalPath(string? back) =>
        back is { Length: > 0 and <= 2000 } && back[0] == '/' && (back.Length == 1 || back[1] is not ('/' or '\\'))
        && !back.Any(c => char.IsControl(c) || c == '\\');
}
