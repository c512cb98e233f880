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
/// On a deal's task card in the browser (1440 and 390 px): a task set to repeat every week is marked ↻ and, ticked off,
/// is followed by the next one a week later; a checklist step is ticked in place and stays ticked.
/// </summary>
[Collection("browser")]
public sealed class RecurringTaskPageTests(BrowserApp browser)
{
    [Theory]
    [InlineData(1440)]
    [InlineData(390)]
    public async Task A_weekly_task_is_followed_by_the_next_and_a_checklist_step_is_ticked(int width)
    {
        var app = browser.App;
        var dep = await app.NewDepartmentAsync();
        var seller = await dep.AddPersonAsync("closer");
        var api = app.Client(seller.Token);
        var p = await app.Client(dep.HeadToken).NewPipelineAsync("simple");
        var deal = await api.NewDealAsync(p, "Повторы " + dep.Tag);
        var steps = await Expect<TaskView>(await api.PostAsJsonAsync("/api/v1/tasks", new
        {
            title = "Подготовить договор", dueAt = DateTime.UtcNow.AddDays(3).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            dealId = deal.Id, checklist = new[] { new { text = "Реквизиты" }, new { text = "Спецификация" } },
        }), HttpStatusCode.Created);

        var page = await browser.NewPageAsync(width, timeout: 10_000);
        await browser.SignInAsync(page, seller.Email);
        await page.GotoAsync($"/deals/{deal.Id}");
        var card = page.Locator("#tasks");

        // A weekly call, due the day after tomorrow at 11:00 Moscow.
        var moscow = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");
        var due = TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, moscow).Date.AddDays(2).AddHours(11);
        await page.FillAsync("#task-title", "Еженедельный созвон");
        await page.SelectOptionAsync("#task-kind", "call");
        await page.FillAsync("#task-due", due.ToString("dd.MM.yyyy HH:mm", CultureInfo.InvariantCulture));
        await page.SelectOptionAsync("#task-repeat", "weekly");
        await page.ClickAsync("#task-add");
        await Assertions.Expect(card.Locator(".alert.ok")).ToHaveTextAsync("Задача добавлена.");
        var weekly = card.Locator(".task", new() { HasText = "Еженедельный созвон" });
        await Assertions.Expect(weekly.Locator(".task-repeat")).ToHaveAttributeAsync("title", "Повторяется: Каждую неделю");

        // A step of the other task's checklist, ticked in place: the list stays open and says 1 of 2.
        var other = card.Locator($"[data-task='{steps.Id}']");
        await other.Locator("summary").ClickAsync();
        await other.Locator(".task-step", new() { HasText = "Реквизиты" }).ClickAsync();
        await Assertions.Expect(card.Locator($"[data-task='{steps.Id}'] li.done")).ToHaveTextAsync("☑ Реквизиты");
        await Assertions.Expect(card.Locator($"[data-task='{steps.Id}'] summary")).ToHaveTextAsync("Чек-лист: 1 из 2");
        await Assertions.Expect(card.Locator($"[data-task='{steps.Id}'] li.done")).ToBeVisibleAsync();
        await BrowserApp.AssertFitsAsync(page, width);
        await BrowserApp.ScreenshotAsync(page, $"tasks-repeat-w{width}");

        // The weekly call ticked off: the next one stands a week later, at the same time.
        await card.GetByLabel("Отметить выполненной: Еженедельный созвон").ClickAsync();
        await Assertions.Expect(card.Locator(".alert.ok")).ToHaveTextAsync("Задача выполнена.");
        await Assertions.Expect(card.Locator(".task", new() { HasText = "Еженедельный созвон" }).Locator(".task-due"))
            .ToHaveTextAsync(due.AddDays(7).ToString("dd.MM.yyyy HH:mm", CultureInfo.InvariantCulture));
        await using (var db = app.OpenDb())
        {
            var rows = await db.Tasks.AsNoTracking().Where(t => t.DealId == deal.Id).OrderBy(t => t.Id).ToListAsync();
            Assert.Equal(3, rows.Count);
            Assert.Equal([true, false], ChecklistItem.Read(rows[0].Checklist).Select(i => i.Done));
            Assert.NotNull(rows[1].DoneAt);
            Assert.Null(rows[2].DoneAt);
            Assert.Equal("weekly", TaskRepeat.Read(rows[2].Repeat)!.Every);
        }
        await page.Context.CloseAsync();
    }
}
