using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Otdel.Data;
using Otdel.Features.Organisation;
using Otdel.Platform;
using Otdel.Resources;

namespace Otdel.Features.Account.Pages;

[EnableRateLimiting("login")]
public sealed class LoginModel(OtdelDb db, IStringLocalizer<Text> t, LoginThrottle throttle) : PageModel
{
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public string? Message { get; private set; }

    public IActionResult OnGet() => User.Identity?.IsAuthenticated == true ? LocalRedirect(SafeReturn()) : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        var key = Email?.Trim().ToLowerInvariant() ?? "";
        var ip = HttpContext.Connection.RemoteIpAddress?.ToString();
        if (throttle.IsLocked(ip, key))
        {
            Message = t["Login.TooMany"];
            Response.StatusCode = 429;
            return Page();
        }
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.EmailKey == key && u.IsActive);
        // An unknown or inactive email (or a person without a password) is checked against a dummy hash, so the
        // answer takes as long as a colleague's wrong password and its timing does not tell which emails exist.
        var subject = user is { PasswordHash: not null } ? user : Nobody.Value;
        var matches = SaveUser.CheckPassword(subject, Password ?? "");
        if (user is null || subject != user || string.IsNullOrEmpty(Password) || !matches)
        {
            throttle.Failed(ip, key);
            Message = t["Login.Failed"];
            Response.StatusCode = 400;
            return Page();
        }
        throttle.Succeeded(ip, key);
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, user.Id.ToString()), new Claim(ClaimTypes.Name, user.FullName), new Claim(Sessions.StampClaim, user.SecurityStamp)],
            CookieAuthenticationDefaults.AuthenticationScheme);
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity),
            new AuthenticationProperties { IsPersistent = true });
        if (user.Language is { } lang)
            Response.Cookies.Append(Localisation.CookieName, Localisation.CookieValue(lang), new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, MaxAge = TimeSpan.FromDays(365) });
        return LocalRedirect(SafeReturn());
    }

    /// <summary>A person nobody can be: the same hasher's hash of a random password, made once.</summary>
    static readonly Lazy<User> Nobody = new(() =>
    {
        var nobody = new User { Email = "nobody@otdel.invalid", FullName = "" };
        nobody.PasswordHash = SaveUser.HashPassword(nobody, Guid.NewGuid().ToString("N"));
        return nobody;
    });

    string SafeReturn() => Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/";
}
