using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Otdel.Features.Tasks;
using Otdel.Tests.Infrastructure;

namespace Otdel.Tests.Tasks;

/// <summary>
/// My day's «+ Поставить задачу» in the browser at 1440, 1024 and 390 px: a head sets an urgent task for a seller of their
/// team (bad input first: refused next to its fields, what was typed kept), sees it under «Поручено мной», and the seller
/// finds it on their own My day marked urgent; a seller's form offers only themself.
/// </summary>
[Collection("browser")]
public sealed class MyDayTaskFormTests(BrowserApp browser)
{
    [Theory]
    [InlineData(1440)]
    [InlineData(1024)]
    [InlineData(390)]
    public async Task A_head_sets_an_urgent_task_for_a_seller_from_My_day(int width)
    {
        var app = browser.App;
        var dep = await app.NewDepartmentAsync();
        var seller = await dep.AddPersonAsync("closer", name: "Ирина Соколова " + dep.Tag);
        var moscow = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");
        var due = TimeZoneInfo.ConvertTimeFromUtc(app.Clock.GetUtcNow().UtcDateTime, moscow).Date.AddHours(17);
        var dueText = due.ToString("dd.MM.yyyy HH:mm", CultureInfo.InvariantCulture);

        var page = await browser.NewPageAsync(width, timeout: 10_000);
        await browser.SignInAsync(page, dep.HeadEmail);
        await page.GotoAsync("/");
        var card = page.Locator("#tasks");
        await card.GetByText("+ Поставить задачу").ClickAsync();

        // Refused by field, nothing written, what was typed kept.
        await page.SelectOptionAsync("#task-assignee", seller.Id.ToString(CultureInfo.InvariantCulture));
        await page.FillAsync("#task-due", "завтра утром");
        await page.ClickAsync("#task-add");
        await Assertions.Expect(card.Locator("#task-title + .field-error")).ToBeVisibleAsync();
        await Assertions.Expect(card.Locator("#task-due + .field-error")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#task-due")).ToHaveValueAsync("завтра утром");
        await Assertions.Expect(page.Locator("#task-assignee")).ToHaveValueAsync(seller.Id.ToString(CultureInfo.InvariantCulture));

        await page.FillAsync("#task-title", "Подготовить отчёт по отгрузкам");
        await page.FillAsync("#task-due", dueText);
        await page.SelectOptionAsync("#task-priority", "urgent");
        await page.ClickAsync("#task-add");
        await Assertions.Expect(card.Locator(".alert.ok")).ToHaveTextAsync("Задача добавлена.");
        var given = card.Locator("#tasks-given .task", new() { HasText = "Подготовить отчёт по отгрузкам" });
        await Assertions.Expect(given).ToContainTextAsync("Ирина Соколова " + dep.Tag);
        await Assertions.Expect(given.Locator(".tag.red")).ToBeVisibleAsync();
        await BrowserApp.AssertFitsAsync(page, width);
        await card.ScrollIntoViewIfNeededAsync();
        await BrowserApp.ScreenshotAsync(page, $"my-day-set-task-w{width}");
        await page.Context.CloseAsync();

        await using (var db = app.OpenDb())
        {
            var t = await db.Tasks.AsNoTracking().SingleAsync(x => x.Title == "Подготовить отчёт по отгрузкам" && x.AssigneeId == seller.Id);
            Assert.Equal((dep.HeadId, TaskPriority.Urgent), (t.AuthorId, t.Priority));
            Assert.Equal(TimeZoneInfo.ConvertTimeToUtc(due, moscow), t.DueAt);
        }

        // The seller's own My day: the task, urgent; their form sets tasks for themself only.
        var sellerContext = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseUrl, Locale = "ru-RU", TimezoneId = "Europe/Moscow", ViewportSize = new ViewportSize { Width = width, Height = 900 },
        });
        sellerContext.SetDefaultTimeout(10_000);
        var mine = await sellerContext.NewPageAsync();
        await browser.SignInAsync(mine, seller.Email);
        await mine.GotoAsync("/");
        var task = mine.Locator("#tasks .task", new() { HasText = "Подготовить отчёт по отгрузкам" });
        await Assertions.Expect(task.Locator(".tag.red")).ToBeVisibleAsync();
        await mine.Locator("#tasks").GetByText("+ Поставить задачу").ClickAsync();
        await Assertions.Expect(mine.Locator("#task-title")).ToBeVisibleAsync();
        await Assertions.Expect(mine.Locator("#task-assignee")).ToHaveCountAsync(0);
        await sellerContext.CloseAsync();
    }
}
