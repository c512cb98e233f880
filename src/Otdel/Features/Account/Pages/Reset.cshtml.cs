using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Otdel.Features.Organisation;
using Otdel.Resources;

namespace Otdel.Features.Account.Pages;

[EnableRateLimiting("login")]
public sealed class ResetModel(PasswordRecovery recovery, IStringLocalizer<Text> t) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Token { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty] public string? Repeat { get; set; }
    public bool LinkGood { get; private set; }
    public string? PasswordError { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => LinkGood = await recovery.FindAsync(Token, ct) is not null;

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var error = await recovery.ResetAsync(Token, Password, Repeat, ct);
        if (error is null) return Redirect("/login?reset=1");
        LinkGood = error != "Reset.LinkBad";
        PasswordError = t[error, SaveUser.MinPasswordLength];
        Response.StatusCode = 400;
        return Page();
    }
}
