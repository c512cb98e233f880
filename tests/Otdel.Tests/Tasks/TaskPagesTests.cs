using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Otdel.Features.Tasks;
using Otdel.Tests.Infrastructure;
using static Otdel.Tests.Deals.DealsTestKit;

namespace Otdel.Tests.Tasks;

/// <summary>
/// A seller's tasks in the browser: added on the deal page (a refused one named by its field), shown as the deal's next
/// step on the board card (a deal without one marked «Нет задачи»), listed on My day, completed there and on the deal page.
/// </summary>
[Collection("browser")]
public sealed class TaskPagesTests(BrowserApp browser)
{
    [Theory]
    [InlineData(1440)]
    [InlineData(390)]
    public async Task A_task_added_on_the_deal_page_shows_on_the_board_card_and_My_day_and_is_completed_there(int width)
    {
        var app = browser.App;
        var dep = await app.NewDepartmentAsync();
        var seller = await dep.AddPersonAsync("closer", name: "Ольга Задачкина");
        var head = app.Client(dep.HeadToken);
        var sellerApi = app.Client(seller.Token);
        var p = await head.NewPipelineAsync("simple");
        var deal = await sellerApi.NewDealAsync(p, "Поставка станков " + dep.Tag);
        var bare = await sellerApi.NewDealAsync(p, "Без шага " + dep.Tag);
        // The head set the seller a task that is already late (yesterday 10:00 Moscow).
        var moscow = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");
        var today = TimeZoneInfo.ConvertTimeFromUtc(app.Clock.GetUtcNow().UtcDateTime, moscow).Date;
        var late = await Expect<TaskView>(await head.PostAsJsonAsync("/api/v1/tasks", new
        {
            title = "Отправить КП", kind = "email", priority = "urgent",
            dueAt = today.AddDays(-1).AddHours(10).ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture),
            assigneeId = seller.Id, dealId = deal.Id,
        }), HttpStatusCode.Created);
        var lateShown = today.AddDays(-1).ToString("dd.MM.yyyy", CultureInfo.InvariantCulture) + " 10:00";

        var page = await browser.NewPageAsync(width, timeout: 10_000);
        await browser.SignInAsync(page, seller.Email);

        await page.GotoAsync($"/deals/{deal.Id}");
        var card = page.Locator("#tasks");
        await Assertions.Expect(card.Locator("h2")).ToHaveTextAsync("Задачи");
        await Assertions.Expect(card.Locator(".task.overdue")).ToHaveCountAsync(1);
        await Assertions.Expect(card.Locator(".task.overdue .task-due")).ToHaveTextAsync(lateShown);

        // Refused: no title, a due that is not a date — each said by its field, nothing made.
        await page.FillAsync("#task-due", "31.02.2026 10:00");
        await page.ClickAsync("#task-add");
        await Assertions.Expect(card.Locator(".field-error")).ToHaveCountAsync(2);
        await Assertions.Expect(card.Locator(".field-error").First).ToContainTextAsync("Заполните");
        await Assertions.Expect(card.Locator("#task-due")).ToHaveValueAsync("31.02.2026 10:00");

        var dueText = today.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture) + " 23:59";
        await page.FillAsync("#task-title", "Позвонить ЛПР");
        await page.SelectOptionAsync("#task-kind", "call");
        await page.FillAsync("#task-due", dueText);
        await page.ClickAsync("#task-add");
        await Assertions.Expect(card.Locator(".alert.ok")).ToHaveTextAsync("Задача добавлена.");
        await Assertions.Expect(card.Locator(".task")).ToHaveCountAsync(2);
        await Assertions.Expect(card.Locator(".task").Nth(1)).ToContainTextAsync("Позвонить ЛПР");
        await Assertions.Expect(card.Locator(".task").Nth(1).Locator(".task-due")).ToHaveTextAsync(dueText);
        await BrowserApp.AssertFitsAsync(page, width);
        await BrowserApp.ScreenshotAsync(page, $"tasks-deal-w{width}");

        await using (var db = app.OpenDb())
        {
            var made = await db.Tasks.AsNoTracking().SingleAsync(t => t.DealId == deal.Id && t.Title == "Позвонить ЛПР");
            Assert.Equal((TaskKind.Call, seller.Id, seller.Id, deal.ClientId), (made.Kind, made.AssigneeId, made.AuthorId, made.ClientId));
            // Typed on a Moscow clock (UTC+3), stored UTC.
            Assert.Equal(DateTime.SpecifyKind(today.AddHours(23).AddMinutes(59).AddHours(-3), DateTimeKind.Utc), made.DueAt);
        }

        // The board: the deal's next step is its earliest open task (the late one, in red); the other deal has none.
        await page.GotoAsync($"/deals?pipelineId={p.Id}");
        await Assertions.Expect(page.Locator($"#deal-{deal.Id} .dc-next.late")).ToContainTextAsync(lateShown);
        await Assertions.Expect(page.Locator($"#deal-{bare.Id} .dc-next.none")).ToHaveTextAsync("Нет задачи");
        await BrowserApp.ScreenshotAsync(page, $"tasks-board-w{width}");

        // My day: both (the late one first); the call is ticked off here.
        await page.GotoAsync("/");
        var day = page.Locator("#tasks");
        await Assertions.Expect(day.Locator("h2")).ToHaveTextAsync("Задачи на сегодня");
        await Assertions.Expect(day.Locator(".task")).ToHaveCountAsync(2);
        await Assertions.Expect(day.Locator(".task").First).ToContainTextAsync("Отправить КП");
        await BrowserApp.AssertFitsAsync(page, width);
        await BrowserApp.ScreenshotAsync(page, $"tasks-myday-w{width}");
        await day.GetByLabel("Отметить выполненной: Позвонить ЛПР").ClickAsync();
        await Assertions.Expect(day.Locator(".alert.ok")).ToHaveTextAsync("Задача выполнена.");
        await Assertions.Expect(day.Locator(".task")).ToHaveCountAsync(1);

        // The late one is done on the deal page, with its result; then the deal has no next step on the board.
        await page.GotoAsync($"/deals/{deal.Id}");
        await card.Locator($"[data-task='{late.Id}'] .task-result").FillAsync("КП отправлено на почту");
        await card.GetByLabel("Отметить выполненной: Отправить КП").ClickAsync();
        await Assertions.Expect(card.Locator(".empty")).ToHaveTextAsync("Открытых задач нет.");
        await using (var db = app.OpenDb())
        {
            var done = await db.Tasks.AsNoTracking().Where(t => t.DealId == deal.Id).OrderBy(t => t.Id).ToListAsync();
            Assert.All(done, t => Assert.NotNull(t.DoneAt));
            Assert.Equal("КП отправлено на почту", done.Single(t => t.Id == late.Id).Result);
        }
        await page.GotoAsync($"/deals?pipelineId={p.Id}");
        await Assertions.Expect(page.Locator($"#deal-{deal.Id} .dc-next.none")).ToHaveTextAsync("Нет задачи");
        await page.Context.CloseAsync();
    }
}
