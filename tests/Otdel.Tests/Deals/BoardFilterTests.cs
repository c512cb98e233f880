using Microsoft.Playwright;
using Otdel.Tests.Infrastructure;

namespace Otdel.Tests.Deals;

/// <summary>The board under load of cards: paged columns, filters kept in the URL, quick search, the "n" key.</summary>
[Collection("browser")]
public sealed class BoardFilterTests(BrowserApp browser)
{
    [Fact]
    public async Task Columns_page_by_twenty_filters_and_search_live_in_the_url_and_n_creates_a_deal()
    {
        var app = browser.App;
        var dep = await app.NewDepartmentAsync();
        var anna = await dep.AddPersonAsync("hunter", name: "Анна Быстрова");
        var boris = await dep.AddPersonAsync("hunter", name: "Борис Ковалёв");
        var head = app.Client(dep.HeadToken);
        var pipeline = await BoardSeed.B2BAsync(head, dep.Tag);
        var development = pipeline.Stage("Развитие лидов");
        for (var i = 1; i <= 23; i++)
            await BoardSeed.DealAsync(head, pipeline.Id, development.Id, anna.Id, $"Сделка {i:00}", 100_000m, "ООО «Вектор»", "Выставка");
        await BoardSeed.DealAsync(head, pipeline.Id, development.Id, boris.Id, "Пуско-наладка ЛИНИИ розлива", 2_000_000m, "АО «Нева»", "Сайт");
        await BoardSeed.DealAsync(head, pipeline.Id, development.Id, boris.Id, "Сервисный контракт", 500_000m, "АО «Нева»", "Сайт");

        var page = await browser.NewPageAsync();
        await browser.SignInAsync(page, dep.HeadEmail);
        await page.GotoAsync($"/deals?pipelineId={pipeline.Id}");
        var column = page.Locator($".column[data-stage-id='{development.Id}']");
        await Assertions.Expect(column.Locator(".col-count")).ToHaveTextAsync("25");
        await Assertions.Expect(column.Locator(".col-sum")).ToHaveTextAsync("4 800 000 ₽");
        await Assertions.Expect(column.Locator(".deal-card")).ToHaveCountAsync(20);
        await column.Locator("button.more").ClickAsync();
        await Assertions.Expect(column.Locator(".deal-card")).ToHaveCountAsync(25);
        await Assertions.Expect(column.Locator("button.more")).ToHaveCountAsync(0);

        // Quick search folds Cyrillic case, and the URL carries it.
        await page.Locator("#board-q").FillAsync("линии");
        await Assertions.Expect(column.Locator(".deal-card")).ToHaveCountAsync(1);
        await Assertions.Expect(column.Locator(".deal-card")).ToContainTextAsync("Пуско-наладка ЛИНИИ розлива");
        await Assertions.Expect(column.Locator(".col-count")).ToHaveTextAsync("1");
        Assert.Contains("q=", page.Url);

        // An owner filter; the link is shareable: opening it again shows the same view.
        await page.Locator("#board-q").FillAsync("");
        await Assertions.Expect(column.Locator(".col-count")).ToHaveTextAsync("25");
        await page.Locator("#board-filters select[name=owner]").SelectOptionAsync(boris.Id.ToString());
        await Assertions.Expect(column.Locator(".col-count")).ToHaveTextAsync("2");
        await Assertions.Expect(column.Locator(".col-sum")).ToHaveTextAsync("2 500 000 ₽");
        Assert.Contains($"owner={boris.Id}", page.Url);
        await page.GotoAsync(page.Url);
        await Assertions.Expect(page.Locator($".column[data-stage-id='{development.Id}'] .deal-card")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#board-filters select[name=owner]")).ToHaveValueAsync(boris.Id.ToString());

        // An amount range typed the way people type money.
        await page.GotoAsync($"/deals?pipelineId={pipeline.Id}&min=1 000 000,00");
        await Assertions.Expect(page.Locator($".column[data-stage-id='{development.Id}'] .col-count")).ToHaveTextAsync("1");
        await BrowserApp.ScreenshotAsync(page, "board-filtered");

        // "n" opens the new-deal dialog; an empty title is refused next to the field; then the deal opens.
        await page.GotoAsync($"/deals?pipelineId={pipeline.Id}");
        await page.Locator("body").PressAsync("n");
        var dialog = page.Locator("#new-deal");
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        await dialog.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(dialog.Locator(".field-error").First).ToContainTextAsync("Заполните это поле");
        await dialog.Locator("#nd-title").FillAsync("Модернизация склада");
        await dialog.Locator("#nd-client").FillAsync("ООО «Полюс»");
        await dialog.Locator("#nd-amount").FillAsync("1 000 000,50");
        await dialog.Locator("button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex(@"/deals/\d+$"));
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Модернизация склада");
        await Assertions.Expect(page.Locator(".deal-head")).ToContainTextAsync("1 000 000,50 ₽");
        await page.EvaluateAsync("window.scrollTo(0, 0)");
        await BrowserApp.ScreenshotAsync(page, "deal-created");
    }
}
