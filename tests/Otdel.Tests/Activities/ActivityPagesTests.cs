using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Otdel.Features.Activities;
using Otdel.Features.Tasks;
using Otdel.Tests.Infrastructure;
using static Otdel.Tests.Deals.DealsTestKit;

namespace Otdel.Tests.Activities;

/// <summary>
/// The timeline in the browser: a seller logs a call on the deal page (a refused one named by its field, nothing typed
/// lost), sees it on top of «Хронология» apart from the field history, with the call a completed task recorded; the
/// client page shows the same; the head's activity report counts it.
/// </summary>
[Collection("browser")]
public sealed class ActivityPagesTests(BrowserApp browser)
{
    [Theory]
    [InlineData(1440)]
    [InlineData(390)]
    public async Task A_call_logged_on_the_deal_page_is_on_top_of_its_timeline_and_the_clients_and_in_the_report(int width)
    {
        var app = browser.App;
        var dep = await app.NewDepartmentAsync();
        var seller = await dep.AddPersonAsync("closer", name: "Ольга Звонарёва");
        var head = app.Client(dep.HeadToken);
        var sellerApi = app.Client(seller.Token);
        var p = await head.NewPipelineAsync("simple");
        var deal = await sellerApi.NewDealAsync(p, "Поставка станков " + dep.Tag, clientName: "ООО «Станкопром» " + dep.Tag);
        var task = await Expect<TaskView>(await head.PostAsJsonAsync("/api/v1/tasks", new
        {
            title = "Позвонить ЛПР", kind = "call", dueAt = DateTime.UtcNow.AddHours(1), assigneeId = seller.Id, dealId = deal.Id,
        }), HttpStatusCode.Created);
        await Expect<TaskView>(await sellerApi.PostAsJsonAsync($"/api/v1/tasks/{task.Id}/complete", new { result = "Не дозвонилась" }), HttpStatusCode.OK);

        var page = await browser.NewPageAsync(width, timeout: 10_000);
        await browser.SignInAsync(page, seller.Email);

        await page.GotoAsync($"/deals/{deal.Id}");
        var card = page.Locator("#timeline");
        await Assertions.Expect(card.Locator("h2")).ToContainTextAsync("Хронология");
        await Assertions.Expect(card.Locator(".tl-item")).ToHaveCountAsync(1);
        await Assertions.Expect(card.Locator(".tl-item").First).ToContainTextAsync("Позвонить ЛПР: Не дозвонилась");
        await Assertions.Expect(card.Locator(".tl-item").First).ToContainTextAsync("по задаче");
        // The field history is a card of its own.
        await Assertions.Expect(page.Locator("#history .tl-item")).ToHaveCountAsync(0);

        // Refused: a length that is not minutes and a recording that is not a web address — each by its field, kept as typed.
        await page.SelectOptionAsync("#tl-kind", "call");
        await page.SelectOptionAsync("#tl-direction", "in");
        await page.FillAsync("#tl-minutes", "пять");
        await page.FillAsync("#tl-text", "Клиент перезвонил сам");
        await page.ClickAsync("#tl-add");
        await Assertions.Expect(card.Locator(".field-error")).ToHaveCountAsync(1);
        await Assertions.Expect(card.Locator(".field-error")).ToContainTextAsync("в минутах");
        await Assertions.Expect(card.Locator("#tl-text")).ToHaveValueAsync("Клиент перезвонил сам");
        await page.FillAsync("#tl-minutes", "7");
        await page.FillAsync("#tl-recording", "javascript:alert(1)");
        await page.ClickAsync("#tl-add");
        await Assertions.Expect(card.Locator(".field-error")).ToContainTextAsync("http(s)");
        await Assertions.Expect(card.Locator(".tl-item")).ToHaveCountAsync(1);

        await page.FillAsync("#tl-recording", "https://pbx.example.ru/rec/42");
        await page.SelectOptionAsync("#tl-result", "connected");
        await page.ClickAsync("#tl-add");
        await Assertions.Expect(card.Locator(".alert.ok")).ToHaveTextAsync("Записано в хронологию.");
        await Assertions.Expect(card.Locator(".tl-item")).ToHaveCountAsync(2);
        var top = card.Locator(".tl-item").First;
        await Assertions.Expect(top).ToContainTextAsync("Клиент перезвонил сам");
        await Assertions.Expect(top).ToContainTextAsync("входящий");
        await Assertions.Expect(top).ToContainTextAsync("дозвонился");
        await Assertions.Expect(top).ToContainTextAsync("7 мин");
        await Assertions.Expect(top).ToContainTextAsync("Ольга Звонарёва");
        await Assertions.Expect(top.GetByRole(AriaRole.Link, new() { Name = "Запись" })).ToHaveAttributeAsync("href", "https://pbx.example.ru/rec/42");
        await BrowserApp.AssertFitsAsync(page, width);
        await card.ScrollIntoViewIfNeededAsync();
        await BrowserApp.ScreenshotAsync(page, $"activities-deal-w{width}");

        // A note: the call's fields step aside; logged without a length or a direction.
        await page.SelectOptionAsync("#tl-kind", "note");
        await Assertions.Expect(card.Locator("#tl-direction")).ToBeHiddenAsync();
        await page.FillAsync("#tl-text", "Просят скидку 5%");
        await page.ClickAsync("#tl-add");
        await Assertions.Expect(card.Locator(".tl-item")).ToHaveCountAsync(3);
        await Assertions.Expect(card.Locator(".tl-item").First).ToContainTextAsync("Заметка");

        await using (var db = app.OpenDb())
        {
            var call = await db.Activities.AsNoTracking().SingleAsync(a => a.DealId == deal.Id && a.Text == "Клиент перезвонил сам");
            Assert.Equal((ActivityKind.Call, (ActivityDirection?)ActivityDirection.In, (CallResult?)CallResult.Connected, (int?)420, seller.Id, deal.ClientId),
                (call.Kind, call.Direction, call.Result, call.DurationSeconds, call.AuthorId, call.ClientId));
        }

        // The client page shows the same timeline, each line with its deal.
        await page.GotoAsync($"/clients/{deal.ClientId}");
        await Assertions.Expect(page.Locator("#timeline .tl-item")).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator("#timeline .tl-item").Nth(1).GetByRole(AriaRole.Link, new() { Name = deal.Title })).ToBeVisibleAsync();
        await BrowserApp.AssertFitsAsync(page, width);
        await BrowserApp.ScreenshotAsync(page, $"activities-client-w{width}");
        await page.Context.CloseAsync();

        // The head's report for today: the seller's two calls (one connected, one incoming), the task done.
        var headPage = await browser.NewPageAsync();
        await headPage.SetViewportSizeAsync(width, 900);
        await browser.SignInAsync(headPage, dep.HeadEmail);
        await headPage.GotoAsync("/reports/activity?groupBy=user");
        var row = headPage.Locator($"#activity-report tr[data-key='{seller.Id}']");
        await Assertions.Expect(row.Locator("[data-col=Calls]")).ToHaveTextAsync("2");
        await Assertions.Expect(row.Locator("[data-col=CallsIn]")).ToHaveTextAsync("1");
        await Assertions.Expect(row.Locator("[data-col=CallsConnected]")).ToHaveTextAsync("1");
        await Assertions.Expect(row.Locator("[data-col=TasksDone]")).ToHaveTextAsync("1");
        await BrowserApp.ScreenshotAsync(headPage, $"activities-report-w{width}");
        await headPage.Context.CloseAsync();
    }
}
