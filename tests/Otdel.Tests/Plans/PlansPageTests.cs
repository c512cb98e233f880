using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Otdel.Features.Deals;
using System.Globalization;
using System.Text.RegularExpressions;
using Otdel.Platform;
using Otdel.Tests.Infrastructure;
using static Otdel.Tests.Deals.DealsTestKit;

namespace Otdel.Tests.Plans;

/// <summary>
/// The plan pages in Chromium: a head sets a team's month plan through the form (a bad amount is refused by its field),
/// reads each working day after carry-over — the worked example of PRODUCT.md: 1 000 000 ₽ over 22 working days and
/// 4 sellers, 30 000 ₽ sold on day one — under both policies, on a wide screen and a phone; a seller reads their line only;
/// the production calendar is marked by a director and read-only for others.
/// </summary>
[Collection("browser")]
public sealed class PlansPageTests(BrowserApp browser)
{
    static readonly TimeZoneInfo Moscow = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");

    static string Plain(string text) => text.Replace('\u00A0', ' ').Replace('\u202F', ' ');

    /// <summary>A past month with 22 working days in the Russian calendar, so every fact of it is closed.</summary>
    static (string Month, List<DateOnly> Days) MonthOf22()
    {
        var ru = ProductionCalendar.Of("ru");
        for (var m = new DateOnly(2025, 1, 1); m < new DateOnly(2026, 11, 1); m = m.AddMonths(1))
            if (ru.WorkingDaysIn(m.Year, m.Month) is { Count: 22 } days) return (m.ToString("yyyy-MM", CultureInfo.InvariantCulture), days);
        throw new InvalidOperationException("no month with 22 working days");
    }

    static async Task<IPage> PhoneAsync(BrowserApp browser)
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = browser.App.BaseUrl, Locale = "ru-RU", ViewportSize = new ViewportSize { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true,
        });
        context.SetDefaultTimeout(10_000);
        return await context.NewPageAsync();
    }

    [Fact]
    public async Task A_head_sets_a_team_month_plan_and_reads_each_day_after_carry_over_and_a_seller_reads_only_their_line()
    {
        var app = browser.App;
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var team = (await Expect<JsonElement>(await head.PostAsJsonAsync("/api/v1/teams", new { name = "Москва-Сити " + dep.Tag, departmentId = dep.Id }),
            HttpStatusCode.Created)).GetProperty("id").GetInt64();
        var sellers = new List<(long Id, string Token, string Email)>();
        foreach (var name in new[] { "Анна Белова", "Борис Громов", "Вера Дымова", "Глеб Ершов" })
            sellers.Add(await dep.AddPersonAsync("closer", team, name: name + " " + dep.Tag));
        var (month, days) = MonthOf22();
        var pipeline = await head.NewPipelineAsync("simple");
        var closed = TimeZoneInfo.ConvertTimeToUtc(days[0].ToDateTime(new TimeOnly(11, 0)), Moscow);
        await using (var db = app.OpenDb())
        {
            db.Deals.Add(new Deal
            {
                Title = "Поставка на день один " + dep.Tag, Amount = 30_000m, PipelineId = pipeline.Id, StageId = pipeline.Stages[0].Id,
                OwnerId = sellers[0].Id, Status = DealStatus.Won, ClosedAt = closed, CreatedAt = closed.AddDays(-5), StageEnteredAt = closed.AddDays(-5),
            });
            await db.SaveChangesAsync();
        }

        var page = await browser.NewPageAsync();
        await browser.SignInAsync(page, dep.HeadEmail);
        await page.GotoAsync($"/plans?month={month}");
        await Assertions.Expect(page.Locator(".sidebar a.nav.active")).ToHaveTextAsync(new Regex("Планы"));
        await page.ClickAsync("#new-plan");
        await Assertions.Expect(page.Locator("#Period")).ToHaveValueAsync(month);
        await page.SelectOptionAsync("#Level", "team");
        await page.SelectOptionAsync("#TargetId", team.ToString(CultureInfo.InvariantCulture));
        await page.FillAsync("#Amount", "миллион");
        await page.ClickAsync("#plan-form button[type=submit]");
        await Assertions.Expect(page.Locator("#Amount-error")).ToContainTextAsync("Введите сумму");
        await Assertions.Expect(page.Locator("#Reason-error")).Not.ToBeEmptyAsync();
        await Assertions.Expect(page.Locator("#Amount")).ToHaveClassAsync(new Regex("invalid"));
        await BrowserApp.ScreenshotAsync(page, "plans-form-refused");
        await using (var db = app.OpenDb())
            Assert.False(db.Plans.Any(p => p.TargetId == team), "a refused form saved nothing");

        await page.FillAsync("#Amount", "1 000 000");
        await page.FillAsync("#Reason", "Цель директора на месяц");
        await page.ClickAsync("#plan-form button[type=submit]");
        await page.WaitForURLAsync(new Regex(@"/plans/\d+$"));
        var id = long.Parse(page.Url.Split('/')[^1], CultureInfo.InvariantCulture);

        // The worked example, each figure from the closed forms: day one = round(1 000 000 / 22); carry to the next day:
        // day two = round(2 × 1 000 000 / 22) − 30 000; spread: day two = (1 000 000 − 30 000) / 21.
        var dayOne = Math.Round(1_000_000m / 22, 2, MidpointRounding.AwayFromZero);
        var dayTwoCarry = Math.Round(2_000_000m / 22, 2, MidpointRounding.AwayFromZero) - 30_000m;
        var dayTwoSpread = Math.Round(970_000m / 21, 2, MidpointRounding.AwayFromZero);
        Assert.Equal(45_454.55m, dayOne);
        Assert.Equal(60_909.09m, dayTwoCarry);
        string Row(DateOnly d) => $"#plan-days tr[data-date='{d:yyyy-MM-dd}']";
        await Assertions.Expect(page.Locator(Row(days[0]) + " td.plan")).ToContainTextAsync("45 454,55 ₽");
        await Assertions.Expect(page.Locator(Row(days[0]) + " td.fact")).ToContainTextAsync("30 000 ₽");
        await Assertions.Expect(page.Locator(Row(days[0]) + " td.dev")).ToContainTextAsync("−15 454,55 ₽");
        await Assertions.Expect(page.Locator(Row(days[1]) + " td.plan")).ToContainTextAsync("60 909,09 ₽");
        Assert.Equal(22, await page.Locator("#plan-days tbody tr[data-date]").CountAsync());
        Assert.Equal(DateTime.DaysInMonth(days[0].Year, days[0].Month) - 22, await page.Locator("#plan-days tbody tr.off").CountAsync());
        await Assertions.Expect(page.Locator("#month-target")).ToContainTextAsync("1 000 000 ₽");
        await Assertions.Expect(page.Locator("#fact-so-far")).ToContainTextAsync("30 000 ₽");
        await Assertions.Expect(page.Locator(".chips.lines .chip")).ToHaveCountAsync(5);
        await BrowserApp.ScreenshotAsync(page, "plans-plan-1440");

        await page.ClickAsync("a[data-policy=spread]");
        await Assertions.Expect(page.Locator("a[data-policy=spread]")).ToHaveClassAsync(new Regex("on"));
        await Assertions.Expect(page.Locator(Row(days[1]) + " td.plan")).ToContainTextAsync("46 190,48 ₽");
        Assert.Equal(46_190.48m, dayTwoSpread);

        // One seller's line: their share of day one, 1 000 000 / 22 / 4.
        await page.ClickAsync($".chips.lines a[data-line='{sellers[1].Id}']");
        await Assertions.Expect(page.Locator(Row(days[0]) + " td.plan")).ToContainTextAsync("11 363,64 ₽");

        // Today (moved to day two of that month) is marked.
        app.Clock.Set(new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(days[1].ToDateTime(new TimeOnly(12, 0)), Moscow), TimeSpan.Zero));
        try
        {
            await page.GotoAsync($"/plans/{id}?policy=carryNext");
            var dayTwo = days[1].ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            await Assertions.Expect(page.Locator("#plan-days tr.today")).ToHaveAttributeAsync("data-date", dayTwo);
            await Assertions.Expect(page.Locator("#plan-days tr.today td.plan")).ToContainTextAsync("60 909,09 ₽");
            await Assertions.Expect(page.Locator("#today-plan")).ToContainTextAsync("60 909,09 ₽");
            await BrowserApp.ScreenshotAsync(page, "plans-plan-today-1440");
        }
        finally { app.Clock.Reset(); }

        // A phone: nothing wider than the screen.
        var phone = await PhoneAsync(browser);
        await browser.SignInAsync(phone, dep.HeadEmail);
        await phone.GotoAsync($"/plans/{id}");
        await Assertions.Expect(phone.Locator(Row(days[1]) + " td.plan")).ToContainTextAsync("60 909,09 ₽");
        await BrowserApp.AssertFitsAsync(phone, 390);
        await BrowserApp.ScreenshotAsync(phone, "plans-plan-390");
        await phone.GotoAsync($"/plans?month={month}");
        await Assertions.Expect(phone.Locator("#plan-list tr[data-plan]")).ToHaveCountAsync(1);
        await BrowserApp.AssertFitsAsync(phone, 390);
        await BrowserApp.ScreenshotAsync(phone, "plans-list-390");
        await phone.GotoAsync($"/plans/new?period={month}");
        await phone.ClickAsync("#plan-form button[type=submit]");
        await Assertions.Expect(phone.Locator("#Amount-error")).Not.ToBeEmptyAsync();
        await BrowserApp.AssertFitsAsync(phone, 390);
        await BrowserApp.ScreenshotAsync(phone, "plans-form-390");

        await page.GotoAsync($"/plans?month={month}");
        await Assertions.Expect(page.Locator("#plan-list tr[data-plan]")).ToHaveCountAsync(1);
        await BrowserApp.ScreenshotAsync(page, "plans-list-1440");

        // A seller reads their own line, with no way to change the plan.
        var seller = await browser.NewPageAsync();
        await browser.SignInAsync(seller, sellers[0].Email);
        await seller.GotoAsync($"/plans?month={month}");
        await Assertions.Expect(seller.Locator("#new-plan")).ToHaveCountAsync(0);
        await seller.ClickAsync("#plan-list tr[data-plan] a");
        await Assertions.Expect(seller.Locator(".chips.lines .chip")).ToHaveCountAsync(1);
        await Assertions.Expect(seller.Locator(Row(days[0]) + " td.fact")).ToContainTextAsync("30 000 ₽");
        // Their day one was 11 363,64 ₽ and they sold 30 000 ₽: carried over, day two asks nothing of them.
        Assert.StartsWith("0 ₽", Plain(await seller.Locator(Row(days[1]) + " td.plan").InnerTextAsync()));
        await Assertions.Expect(seller.Locator("#change-plan")).ToHaveCountAsync(0);
        await Assertions.Expect(seller.Locator(".read-only-note")).ToBeVisibleAsync();
        await BrowserApp.ScreenshotAsync(seller, "plans-plan-seller");
        var edit = await seller.GotoAsync($"/plans/{id}/edit");
        Assert.Equal(403, edit!.Status);
    }

    [Fact]
    public async Task A_director_marks_a_calendar_day_with_a_reason_and_a_head_reads_the_calendar_and_sets_the_departments_zone()
    {
        var app = browser.App;
        var dep = await app.NewDepartmentAsync();
        var directorEmail = $"dir-{dep.Tag}@example.test";
        await app.CreateUserWithTokenAsync(directorEmail, "Директор " + dep.Tag, Otdel.Features.Organisation.Position.CommercialDirector);

        var page = await browser.NewPageAsync();
        await browser.SignInAsync(page, directorEmail);
        await page.GotoAsync("/settings/calendar?calendar=ru&year=2099");
        await Assertions.Expect(page.Locator(".settings-tabs a.on")).ToHaveTextAsync("Производственный календарь");
        await Assertions.Expect(page.Locator(".cal-month")).ToHaveCountAsync(12);
        await page.ClickAsync("#day-2099-03-02");
        await Assertions.Expect(page.Locator("#Date")).ToHaveValueAsync("02.03.2099");
        await page.ClickAsync("#mark-form button[type=submit]");
        await Assertions.Expect(page.Locator("#MarkReason-error")).Not.ToBeEmptyAsync();
        await page.SelectOptionAsync("#Kind", "holiday");
        await page.FillAsync("#MarkReason", "Региональный праздник " + dep.Tag);
        await page.ClickAsync("#mark-form button[type=submit]");
        await Assertions.Expect(page.Locator("#day-2099-03-02")).ToHaveClassAsync(new Regex("k-holiday"));
        await Assertions.Expect(page.Locator("#day-2099-03-02")).ToHaveAttributeAsync("title", new Regex("Региональный праздник"));
        await BrowserApp.ScreenshotAsync(page, "plans-calendar-1440");
        // Back as the data has it.
        await page.ClickAsync("#day-2099-03-02");
        await page.SelectOptionAsync("#Kind", "default");
        await page.FillAsync("#MarkReason", "Отменили");
        await page.ClickAsync("#mark-form button[type=submit]");
        await Assertions.Expect(page.Locator("#day-2099-03-02")).ToHaveClassAsync(new Regex("k-working"));

        // A head: no marking, but their department's zone.
        var headPage = await PhoneAsync(browser);
        await browser.SignInAsync(headPage, dep.HeadEmail);
        await headPage.GotoAsync("/settings/calendar");
        await Assertions.Expect(headPage.Locator("#mark-form")).ToHaveCountAsync(0);
        await Assertions.Expect(headPage.Locator("#year-grid button")).ToHaveCountAsync(0);
        await headPage.SelectOptionAsync("#TimeZone", "Asia/Yekaterinburg");
        await headPage.ClickAsync("#department-form button[type=submit]");
        await Assertions.Expect(headPage.Locator("#department .alert.ok")).ToBeVisibleAsync();
        await Assertions.Expect(headPage.Locator("#TimeZone")).ToHaveValueAsync("Asia/Yekaterinburg");
        await BrowserApp.AssertFitsAsync(headPage, 390);
        await BrowserApp.ScreenshotAsync(headPage, "plans-calendar-390");
        var head = app.Client(dep.HeadToken);
        var set = await Expect<JsonElement>(await head.GetAsync($"/api/v1/departments/{dep.Id}/calendar"), HttpStatusCode.OK);
        Assert.Equal("Asia/Yekaterinburg", set.GetProperty("timeZone").GetString());
    }
}
