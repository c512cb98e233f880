using Microsoft.Playwright;
using Otdel.Tests.Infrastructure;

namespace Otdel.Tests.Search;

/// <summary>The top bar's search and the keyboard help, as a seller's head uses them.</summary>
[Collection("browser")]
public sealed class SearchTests(BrowserApp browser)
{
    [Fact]
    public async Task Top_bar_search_shows_grouped_results_and_question_mark_opens_the_shortcuts()
    {
        var app = browser.App;
        var dep = await app.NewDepartmentAsync();
        var olga = await dep.AddPersonAsync("closer", name: "Ольга Поставкина");
        var head = app.Client(dep.HeadToken);
        var pipeline = await BoardSeed.B2BAsync(head, dep.Tag);
        var first = pipeline.Stages[0];
        await BoardSeed.DealAsync(head, pipeline.Id, first.Id, olga.Id, "Поставка серверов", 2_400_000m, $"ООО «Вектор {dep.Tag}»");
        await BoardSeed.DealAsync(head, pipeline.Id, first.Id, dep.HeadId, "ПОСТАВКА мебели в офис", 350_000m, $"АО «Нева {dep.Tag}»");
        await BoardSeed.DealAsync(head, pipeline.Id, first.Id, olga.Id, "Сервисный контракт", 90_000m, $"Поставкин и партнёры {dep.Tag}");

        var page = await browser.NewPageAsync();
        await browser.SignInAsync(page, dep.HeadEmail);
        await page.GotoAsync("/deals");
        await page.Locator("body").PressAsync("/");
        var box = page.Locator("header.topbar input[name=q]");
        await Assertions.Expect(box).ToBeFocusedAsync();
        await box.FillAsync("поставк");
        await box.PressAsync("Enter");

        await page.WaitForURLAsync(url => url.Contains("/search?q="));
        var deals = page.Locator("[data-group=deals]");
        // Titles in any case, and a deal whose client matches; newest first.
        await Assertions.Expect(deals.Locator("h2 .count")).ToHaveTextAsync("3");
        await Assertions.Expect(deals.Locator("tbody tr")).ToHaveCountAsync(3);
        await Assertions.Expect(deals.Locator("tbody tr").First).ToContainTextAsync("Сервисный контракт");
        await Assertions.Expect(deals.Locator("tbody tr").Nth(1)).ToContainTextAsync("ПОСТАВКА мебели в офис");
        await Assertions.Expect(deals).ToContainTextAsync("2 400 000 ₽");
        var clients = page.Locator("[data-group=clients]");
        await Assertions.Expect(clients.Locator("h2 .count")).ToHaveTextAsync("1");
        await Assertions.Expect(clients).ToContainTextAsync($"Поставкин и партнёры {dep.Tag}");
        var people = page.Locator("[data-group=people]");
        await Assertions.Expect(people).ToContainTextAsync("Ольга Поставкина");
        await BrowserApp.ScreenshotAsync(page, "search-results");

        await deals.Locator("a", new() { HasText = "Поставка серверов" }).ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex(@"/deals/\d+$"));
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Поставка серверов");

        // Nothing found and the empty page both say what to do.
        await page.GotoAsync("/search?q=" + Uri.EscapeDataString("нет-такого-" + dep.Tag));
        await Assertions.Expect(page.Locator(".search-empty")).ToContainTextAsync("ничего не найдено");
        await page.GotoAsync("/search");
        await Assertions.Expect(page.Locator(".search-empty")).ToContainTextAsync("Введите название сделки, компанию, ИНН, телефон или e-mail");

        await page.Locator("body").PressAsync("?");
        var help = page.Locator("dialog#shortcuts");
        await Assertions.Expect(help).ToBeVisibleAsync();
        await Assertions.Expect(help).ToContainTextAsync("Горячие клавиши");
        await Assertions.Expect(help.Locator("kbd")).ToHaveCountAsync(4);
        await BrowserApp.ScreenshotAsync(page, "search-shortcuts");
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(help).ToBeHiddenAsync();
    }
}
