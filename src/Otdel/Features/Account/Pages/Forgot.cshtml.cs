using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Otdel.Features.Account.Pages;

[EnableRateLimiting("login")]
public sealed class ForgotModel(PasswordRecovery recovery, IConfiguration config, IServer server) : PageModel
{
    [BindProperty] public string? Email { get; set; }
    public bool Sent { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await recovery.RequestAsync(Email, SiteUrl.Of(config, server), ct);
        // The same answer for a known and an unknown address.
        Sent = true;
        return Page();
    }
}
