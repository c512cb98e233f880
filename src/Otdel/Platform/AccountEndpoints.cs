using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;
using Otdel.Data;

namespace Otdel.Platform;

/// <summary>Sign-out and the language switch of the UI.</summary>
public static class AccountEndpoints
{
    public static void MapAccountEndpoints(this WebApplication app)
    {
        app.MapPost("/logout", async (HttpContext ctx) =>
        {
            await ctx.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.Redirect("/login");
        }).ExcludeFromDescription();

        // The choice is remembered in a cookie and, for a signed-in person, in their profile.
        app.MapGet("/lang/{code}", async (string code, string? back, HttpContext ctx, Access access, OtdelDb db) =>
        {
            if (code is not ("ru" or "en")) code = "ru";
            ctx.Response.Cookies.Append(Localisation.CookieName, Localisation.CookieValue(code),
                new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, MaxAge = TimeSpan.FromDays(365), IsEssential = true });
            if (access.User is { } u && u.Language != code)
                await db.Users.Where(x => x.Id == u.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.Language, code));
            return Results.LocalRedirect(back is { Length: > 0 } && back.StartsWith('/') && !back.StartsWith("//") ? back : "/");
        }).AllowAnonymous().ExcludeFromDescription();
    }
}
