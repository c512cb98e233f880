using Microsoft.Playwright;
using Otdel.Tests.Infrastructure;

namespace Otdel.Tests.Deals;

/// <summary>The deal page: inline edits with messages next to the field, losing with a reason, reopening.</summary>
[Collection("browser")]
public sealed class DealPageTests(BrowserApp browser)
{
    [Fact]
    public async Task A_bad_amount_is_refused_next_to_the_field_then_the_deal_is_lost_with_a_reason_and_reopened()
    {
        var app = browser.App;
        var dep = await app.NewDepartmentAsync();
        var hunter = await dep.AddPersonAsync("hunter", name: "Вера Лебедева");
        var head = app.Client(dep.HeadToken);
        var pipeline = await BoardSeed.B2BAsync(head, dep.Tag);
        var development = pipeline.Stage("Развитие лидов");
        var deal = await BoardSeed.DealAsync(head, pipeline.Id, development.Id, hunter.Id, "Оснащение лаборатории", 750_000m, "НИИ «Прибор»");

        var page = await browser.NewPageAsync();
        await browser.SignInAsync(page, hunter.Email);
        await page.GotoAsync($"/deals/{deal.Id}");
        await Assertions.Expect(page.Locator(".stage-path .sp-step.current")).ToContainTextAsync("Развитие лидов");
        await Assertions.Expect(page.Locator("#requirements")).ToContainTextAsync("ЛПР");

        // Nothing typed is lost: the bad value stays in the field with the message under it.
        await page.Locator("#fld-amount").FillAsync("много");
        await page.Locator("#fld-amount").PressAsync("Tab");
        await Assertions.Expect(page.Locator("#deal-fields .field-error")).ToContainTextAsync("Введите сумму");
        await Assertions.Expect(page.Locator("#fld-amount")).ToHaveValueAsync("много");
        await page.Locator("#fld-amount").FillAsync("900 000");
        await page.Locator("#fld-amount").PressAsync("Tab");
        await Assertions.Expect(page.Locator("#deal-fields .saved-note")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#history")).ToContainTextAsync("750 000 ₽ → 900 000 ₽");

        // Lost, with a reason from the pipeline's list; the page says why and at which step.
        await page.Locator("button[data-open-dialog=lose-deal]").ClickAsync();
        await page.Locator("#lose-reason").SelectOptionAsync(new SelectOptionValue { Label = "Дорого" });
        await page.Locator("#lose-deal button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("#loss")).ToContainTextAsync("Дорого");
        await Assertions.Expect(page.Locator("#loss")).ToContainTextAsync("Развитие лидов");
        await Assertions.Expect(page.Locator("#history")).ToContainTextAsync("Причина отказа: — → Дорого");
        await Assertions.Expect(page.Locator("h1 .tag")).ToContainTextAsync("Провалено");
        await BrowserApp.ScreenshotAsync(page, "deal-lost");

        await page.Locator("button:has-text('Вернуть в работу')").ClickAsync();
        await Assertions.Expect(page.Locator("h1 .tag").First).ToContainTextAsync("В работе");
        await Assertions.Expect(page.Locator("#loss")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#history")).ToContainTextAsync("Статус");
        await page.EvaluateAsync("window.scrollTo(0, 0)");
        await BrowserApp.ScreenshotAsync(page, "deal-reopened");
    }
}
