using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Otdel.Features.Account;
using Otdel.Tests.Infrastructure;
using Position = Otdel.Features.Organisation.Position;

namespace Otdel.Tests.Account;

/// <summary>"Forgot the password" in a real browser: the link comes by e-mail through a real SMTP server.</summary>
[Collection("browser")]
public sealed partial class PasswordRecoveryTests(BrowserApp browser)
{
    [GeneratedRegex(@"https?://\S+/login/reset\?token=\S+")]
    private static partial Regex LinkPattern();

    [Fact]
    public async Task A_link_by_email_sets_a_new_password_once_ends_old_sessions_and_never_tells_which_addresses_exist()
    {
        var email = $"forgot-{Guid.NewGuid():N}@test.otdel";
        await browser.App.CreateUserWithTokenAsync(email, "Ольга Петрова", Position.Closer);
        var before = await browser.NewPageAsync();
        await browser.SignInAsync(before, email);

        var page = await browser.NewPageAsync();
        await page.GotoAsync("/login");
        await page.ClickAsync("[data-test=forgot]");
        await page.FillAsync("#email", "nobody-" + email);
        await page.ClickAsync("button[type=submit]");
        var answer = await page.Locator("[data-test=reset-sent]").TextContentAsync();

        await page.GotoAsync("/login/forgot");
        await page.FillAsync("#email", "  " + email.ToUpperInvariant() + " ");
        await page.ClickAsync("button[type=submit]");
        // The same words whether the address is known or not.
        await Assertions.Expect(page.Locator("[data-test=reset-sent]")).ToHaveTextAsync(answer!);
        await BrowserApp.ScreenshotAsync(page, "password-forgot-sent");

        var mail = await TestSmtp.WaitForAsync(email);
        Assert.Equal("Восстановление пароля в Отделе", mail.Subject);
        Assert.Contains("Ольга Петрова", mail.TextBody);
        var link = LinkPattern().Match(mail.TextBody ?? "").Value;
        Assert.StartsWith(browser.App.BaseUrl, link);
        Assert.Empty(TestSmtp.To("nobody-" + email));

        await page.GotoAsync(link);
        await page.FillAsync("#password", "новый-пароль-1");
        await page.FillAsync("#repeat", "новый-пароль-2");
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.Locator("#password-error")).ToHaveTextAsync("Пароли не совпадают.");
        await page.FillAsync("#password", "short");
        await page.FillAsync("#repeat", "short");
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.Locator("#password-error")).ToContainTextAsync("8");
        await BrowserApp.ScreenshotAsync(page, "password-reset-error");
        await page.FillAsync("#password", "новый-пароль-1");
        await page.FillAsync("#repeat", "новый-пароль-1");
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.Locator(".alert.ok")).ToContainTextAsync("Пароль изменён");

        // The session opened before the reset has ended; the old password no longer works, the new one does.
        await before.ReloadAsync();
        Assert.Contains("/login", before.Url);
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", "password-123");
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.Locator(".alert.error")).ToBeVisibleAsync();
        await browser.SignInAsync(page, email, "новый-пароль-1");
        await Assertions.Expect(page.Locator(".sidebar")).ToBeVisibleAsync();

        // The link works once.
        var again = await browser.NewPageAsync();
        await again.GotoAsync(link);
        await Assertions.Expect(again.Locator("[data-test=reset-bad]")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task An_expired_link_is_refused_and_a_mailbox_is_not_flooded()
    {
        var email = $"expired-{Guid.NewGuid():N}@test.otdel";
        await browser.App.CreateUserWithTokenAsync(email, "Пётр Иванов", Position.Hunter);
        using (var scope = browser.App.App.Services.CreateScope())
        {
            var recovery = scope.ServiceProvider.GetRequiredService<PasswordRecovery>();
            for (var i = 0; i < 5; i++) await recovery.RequestAsync(email, browser.App.BaseUrl, CancellationToken.None);
        }
        await TestSmtp.WaitForAsync(email);
        await using (var db = browser.App.OpenDb())
            Assert.Equal(3, db.PasswordResets.Count(r => db.Users.Any(u => u.Id == r.UserId && u.EmailKey == email)));

        var link = LinkPattern().Match((await TestSmtp.WaitForAsync(email)).TextBody ?? "").Value;
        browser.App.Clock.Advance(PasswordRecovery.Lifetime + TimeSpan.FromMinutes(1));
        try
        {
            var page = await browser.NewPageAsync();
            await page.GotoAsync(link);
            await Assertions.Expect(page.Locator("[data-test=reset-bad]")).ToBeVisibleAsync();
        }
        finally
        {
            browser.App.Clock.Reset();
        }
    }
}
