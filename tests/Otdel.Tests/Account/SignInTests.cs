using Microsoft.Playwright;
using Position = Otdel.Features.Organisation.Position;
using Otdel.Tests.Infrastructure;

namespace Otdel.Tests.Account;

[Collection("browser")]
public sealed class SignInTests(BrowserApp browser)
{
    [Fact]
    public async Task Wrong_password_stays_on_the_sign_in_page_with_a_message_then_the_right_one_opens_my_day()
    {
        var email = $"signin-{Guid.NewGuid():N}@test.otdel";
        await browser.App.CreateUserWithTokenAsync(email, "Анна Соколова", Position.HeadOfSales);
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/");
        Assert.Contains("/login", page.Url);
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", "wrong-password");
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.Locator(".alert.error")).ToContainTextAsync("Неверная эл. почта или пароль");

        await browser.SignInAsync(page, email);
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Анна");
        await Assertions.Expect(page.Locator(".sidebar")).ToContainTextAsync("Сделки");
        await BrowserApp.ScreenshotAsync(page, "sign-in-my-day");
    }
}
