using System.Net.Http.Json;
using Microsoft.Playwright;
using Otdel.Tests.Infrastructure;

namespace Otdel.Tests.Deals;

/// <summary>The journey on the board: a refused drag names what is missing; filled in, the deal moves and is handed off live.</summary>
[Collection("browser")]
public sealed class BoardJourneyTests(BrowserApp browser)
{
    [Fact]
    public async Task A_refused_drag_names_the_missing_items_then_once_filled_the_deal_moves_to_a_closer_who_is_notified_live()
    {
        var app = browser.App;
        var dep = await app.NewDepartmentAsync();
        var hunter = await dep.AddPersonAsync("hunter", name: "Ирина Охотникова");
        var closer = await dep.AddPersonAsync("closer", name: "Олег Закрывалов");
        var head = app.Client(dep.HeadToken);
        var pipeline = await BoardSeed.B2BAsync(head, dep.Tag);
        var development = pipeline.Stage("Развитие лидов");
        var qualification = pipeline.Stage("Квалификация");
        var deal = await BoardSeed.DealAsync(head, pipeline.Id, development.Id, hunter.Id, "Поставка станков " + dep.Tag, 1_250_000m, "ООО «Ромашка»");

        // The closer works elsewhere in the app with the page open; the bell must update by itself.
        var closerPage = await browser.NewPageAsync();
        await browser.SignInAsync(closerPage, closer.Email);
        await closerPage.GotoAsync("/");
        await Assertions.Expect(closerPage.Locator("#bell-count")).ToHaveTextAsync("");

        var page = await browser.NewPageAsync();
        await browser.SignInAsync(page, dep.HeadEmail);
        await page.GotoAsync($"/deals?pipelineId={pipeline.Id}");
        var card = page.Locator($"#deal-{deal.Id}");
        await Assertions.Expect(page.Locator($".cards[data-stage-id='{development.Id}'] #deal-{deal.Id}")).ToBeVisibleAsync();
        await Assertions.Expect(card).ToContainTextAsync("1 250 000 ₽");
        await Assertions.Expect(page.Locator($".column[data-stage-id='{development.Id}'] .col-count")).ToHaveTextAsync("1");

        // Need and decision maker are not recorded: the card shakes back and names both.
        await Board.DragAsync(page, card, page.Locator($".cards[data-stage-id='{qualification.Id}']"));
        await Assertions.Expect(card.Locator(".dc-missing")).ToContainTextAsync("ЛПР");
        await Assertions.Expect(card.Locator(".dc-missing")).ToContainTextAsync("Потребность");
        await Assertions.Expect(page.Locator($".cards[data-stage-id='{development.Id}'] #deal-{deal.Id}")).ToBeVisibleAsync();
        Assert.Equal(development.Id, (await head.GetJson<BoardSeed.DealDto>($"/api/v1/deals/{deal.Id}")).StageId);
        await BrowserApp.ScreenshotAsync(page, "board-move-refused");

        // Fill them in on the deal page, inline.
        await card.Locator(".dc-missing a").ClickAsync();
        await page.WaitForURLAsync($"**/deals/{deal.Id}#requirements");
        await Assertions.Expect(page.Locator("#requirements")).ToContainTextAsync("ЛПР");
        await page.Locator("#fld-f-need").FillAsync("Автоматизировать участок сборки");
        await page.Locator("#fld-f-need").PressAsync("Tab");
        await Assertions.Expect(page.Locator("#requirements")).Not.ToContainTextAsync("Потребность");
        await page.Locator("#fld-f-decision_maker").FillAsync("Петров И. С., технический директор");
        await page.Locator("#fld-f-decision_maker").PressAsync("Tab");
        await Assertions.Expect(page.Locator("#requirements")).ToContainTextAsync("Все условия выполнены");
        await page.EvaluateAsync("window.scrollTo(0, 0)");
        await BrowserApp.ScreenshotAsync(page, "deal-page-filled");

        // Drag again: it moves, and round-robin hands it to the closer.
        await page.GotoAsync($"/deals?pipelineId={pipeline.Id}");
        await Board.DragAsync(page, page.Locator($"#deal-{deal.Id}"), page.Locator($".cards[data-stage-id='{qualification.Id}']"));
        await Assertions.Expect(page.Locator("#handoff-confirm .handoff-text")).ToHaveTextAsync("Ответственным станет Олег Закрывалов (по очереди)");
        await page.Locator("#handoff-confirm button[value=yes]").ClickAsync();
        var moved = page.Locator($".cards[data-stage-id='{qualification.Id}'] #deal-{deal.Id}");
        await Assertions.Expect(moved).ToBeVisibleAsync();
        await Assertions.Expect(moved.Locator(".avatar")).ToHaveAttributeAsync("title", "Олег Закрывалов");
        await Assertions.Expect(page.Locator($".column[data-stage-id='{qualification.Id}'] .col-count")).ToHaveTextAsync("1");
        await Assertions.Expect(page.Locator($".column[data-stage-id='{development.Id}'] .col-count")).ToHaveTextAsync("0");
        await BrowserApp.ScreenshotAsync(page, "board-moved");

        var after = await head.GetJson<BoardSeed.DealDto>($"/api/v1/deals/{deal.Id}");
        Assert.Equal(qualification.Id, after.StageId);
        Assert.Equal(closer.Id, after.OwnerId);

        // Pushed over SSE: no reload on the closer's page.
        await Assertions.Expect(closerPage.Locator("#bell-count")).ToHaveTextAsync("1");
        await Assertions.Expect(closerPage.Locator("#toasts")).ToContainTextAsync("Поставка станков");
        await BrowserApp.ScreenshotAsync(closerPage, "board-closer-notified");
    }
}
