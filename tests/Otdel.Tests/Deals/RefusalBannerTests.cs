using Microsoft.Playwright;
using Otdel.Tests.Infrastructure;

namespace Otdel.Tests.Deals;

/// <summary>
/// A refused «Далее» names what is missing; the address bar goes back to the deal (F5 never repeats the move), and the
/// red banner goes once the missing fields are filled (issue "screens", finding 7).
/// </summary>
[Collection("browser")]
public sealed class RefusalBannerTests(BrowserApp browser)
{
    [Fact]
    public async Task The_refusal_banner_leaves_when_the_conditions_are_met_and_reloading_repeats_nothing()
    {
        var app = browser.App;
        var dep = await app.NewDepartmentAsync();
        var hunter = await dep.AddPersonAsync("hunter", name: "Вера Лебедева");
        await dep.AddPersonAsync("closer", name: "Олег Смирнов");
        var head = app.Client(dep.HeadToken);
        var pipeline = await BoardSeed.B2BAsync(head, dep.Tag);
        var deal = await BoardSeed.DealAsync(head, pipeline.Id, pipeline.Stage("Развитие лидов").Id, hunter.Id, "Поставка насосов", 300_000m, "АО «Гидромаш»");

        var page = await browser.NewPageAsync();
        await browser.SignInAsync(page, hunter.Email);
        await page.GotoAsync($"/deals/{deal.Id}");
        await page.Locator("#next-stage").ClickAsync();
        await Assertions.Expect(page.Locator("#refusal")).ToContainTextAsync("ЛПР");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/deals/{deal.Id}$"));

        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#refusal")).ToHaveCountAsync(0);
        await page.Locator("#next-stage").ClickAsync();
        await Assertions.Expect(page.Locator("#refusal")).ToBeVisibleAsync();

        await page.Locator("#fld-f-need").FillAsync("Замена насосной станции");
        await page.Locator("#fld-f-need").PressAsync("Tab");
        await Assertions.Expect(page.Locator("#deal-fields .saved-note")).ToBeVisibleAsync();
        await page.Locator("#fld-f-decision_maker").FillAsync("Петров П. П., главный инженер");
        await page.Locator("#fld-f-decision_maker").PressAsync("Tab");
        await Assertions.Expect(page.Locator("#requirements.met")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#refusal")).ToHaveCountAsync(0);
        await BrowserApp.ScreenshotAsync(page, "deal-refusal-cleared");
    }
}
