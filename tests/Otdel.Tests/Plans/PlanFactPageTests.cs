using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Otdel.Features.Deals;
using Otdel.Features.Plans;
using Otdel.Platform;
using Otdel.Tests.Infrastructure;
using static Otdel.Tests.Deals.DealsTestKit;

namespace Otdel.Tests.Plans;

/// <summary>
/// In Chromium: a head sets a team's month plan through the form and sees each seller's plan for today after carry-over
/// (/plans/today), a seller sees theirs first on My day, and the plan/fact page shows the period's figures — plan, fact,
/// expected by today, the gap and what it needs per working day, the run-rate — equal to the API's and to the closed forms,
/// drills to a seller's deals, and a quarter's plan splits per month; at 1440, 1024 and 390 px with nothing wider than the screen.
/// </summary>
[Collection("browser")]
public sealed class PlanFactPageTests(BrowserApp browser)
{
    static readonly TimeZoneInfo Moscow = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");

    static DateTime Msk(int month, int day, int hour) =>
        TimeZoneInfo.ConvertTimeToUtc(new DateTime(2025, month, day, hour, 0, 0, DateTimeKind.Unspecified), Moscow);

    static string Money(decimal v) => Localisation.Money(v).Replace('\u00A0', ' ');

    static async Task<IPage> SizedAsync(BrowserApp browser, int width, int height, bool mobile = false)
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = browser.App.BaseUrl, Locale = "ru-RU", ViewportSize = new ViewportSize { Width = width, Height = height }, IsMobile = mobile,
            HasTouch = mobile,
        });
        context.SetDefaultTimeout(10_000);
        return await context.NewPageAsync();
    }

    static async Task<string> TextAsync(ILocator l) => (await l.InnerTextAsync()).Replace('\u00A0', ' ').Replace('\u202F', ' ').Trim();

    [Fact]
    public async Task A_head_sets_a_team_month_plan_sees_each_sellers_plan_for_today_and_reads_plan_fact_down_to_the_deals()
    {
        var app = browser.App;
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var team = (await Expect<JsonElement>(await head.PostAsJsonAsync("/api/v1/teams", new { name = "Север " + dep.Tag, departmentId = dep.Id }),
            HttpStatusCode.Created)).GetProperty("id").GetInt64();
        var sellers = new List<(long Id, string Token, string Email)>();
        foreach (var name in new[] { "Алла Зорина", "Булат Юсупов", "Вадим Ершов" })
            sellers.Add(await dep.AddPersonAsync("closer", team, name: name + " " + dep.Tag));
        var pipeline = await head.NewPipelineAsync("simple");
        await using (var db = app.OpenDb())
        {
            Deal Won(long owner, decimal amount, DateTime at, string title) => new()
            {
                Title = title, ClientName = "ООО «Полярная звезда»", Amount = amount, PipelineId = pipeline.Id, StageId = pipeline.Stages[^1].Id,
                OwnerId = owner, Status = DealStatus.Won, ClosedAt = at, CreatedAt = at.AddDays(-12), StageEnteredAt = at.AddDays(-1),
            };
            db.Deals.Add(Won(sellers[0].Id, 4_000m, Msk(3, 3, 11), "Поставка картриджей " + dep.Tag));
            db.Deals.Add(Won(sellers[1].Id, 2_500m, Msk(3, 5, 10), "Заправка принтеров " + dep.Tag));
            db.Deals.Add(new Deal
            {
                Title = "Годовой сервис " + dep.Tag, ClientName = "АО «Северный ветер»", Amount = 120_000m, PipelineId = pipeline.Id,
                StageId = pipeline.Stages[2].Id, OwnerId = sellers[0].Id, ExpectedCloseDate = new DateOnly(2025, 3, 20), CreatedAt = Msk(2, 20, 10),
                StageEnteredAt = Msk(3, 1, 10),
            });
            await db.SaveChangesAsync();
        }

        // Everyone signs in at the real time (a cookie issued in 2025 would be expired), then the app's today is 5 March 2025.
        var page = await browser.NewPageAsync();
        await browser.SignInAsync(page, dep.HeadEmail);
        var seller = await SizedAsync(browser, 390, 844, mobile: true);
        await browser.SignInAsync(seller, sellers[0].Email);
        var smalls = new List<(IPage Page, int Width, string Name)>();
        foreach (var (width, height, name) in new[] { (1024, 800, "1024"), (390, 844, "390") })
        {
            var small = await SizedAsync(browser, width, height, mobile: width < 500);
            await browser.SignInAsync(small, dep.HeadEmail);
            smalls.Add((small, width, name));
        }
        app.Clock.Set(new DateTimeOffset(Msk(3, 5, 12), TimeSpan.Zero));
        try
        {
            // The head sets the team's March plan through the form: 630 000 ₽ over 21 working days and 3 sellers = 10 000 ₽ each a day.
            await page.GotoAsync("/plans/new?period=2025-03");
            await page.SelectOptionAsync("#Level", "team");
            // By its name: a department of the same id is listed (disabled) in the department group.
            await page.SelectOptionAsync("#TargetId", new SelectOptionValue { Label = "Север " + dep.Tag });
            await page.FillAsync("#Amount", "630 000");
            await page.FillAsync("#Reason", "План директора на март");
            await page.ClickAsync("#plan-form button[type=submit]");
            await page.WaitForURLAsync(new Regex(@"/plans/\d+$"));
            var planId = long.Parse(page.Url.Split('/')[^1], CultureInfo.InvariantCulture);

            // Each seller's plan for today (the 5th, the third working day) after carry-over: 3 × 10 000 ₽ less what they sold before today.
            var rows = await Expect<List<PlanDayRow>>(await head.GetAsync($"/api/v1/plans/{planId}/days?policy=carryNext&month=2025-03"), HttpStatusCode.OK);
            var expected = new[] { 30_000m - 4_000m, 30_000m, 30_000m };
            // Every seller at a glance, then each one's own block.
            await page.GotoAsync("/plans/today");
            for (var i = 0; i < sellers.Count; i++)
                await Assertions.Expect(page.Locator($"#today-sellers tr[data-user='{sellers[i].Id}'][data-plan='{planId}'] td.plan"))
                    .ToContainTextAsync(Money(expected[i]));
            await BrowserApp.ScreenshotAsync(page, "plans-sellers-today-1440");
            for (var i = 0; i < sellers.Count; i++)
            {
                var row = rows.Single(r => r.UserId == sellers[i].Id && r.Date == new DateOnly(2025, 3, 5));
                Assert.Equal(expected[i], row.Plan);
                await page.GotoAsync($"/plans/today?userId={sellers[i].Id}");
                var block = page.Locator($"#today-plan .tp-plan[data-plan='{planId}']");
                await Assertions.Expect(block.Locator(".tp-plan-sum")).ToHaveTextAsync(Money(expected[i]));
                await Assertions.Expect(block.Locator(".tp-done")).ToHaveTextAsync(Money(row.Fact!.Value));
                await Assertions.Expect(page.Locator("#userId")).ToHaveValueAsync(sellers[i].Id.ToString(CultureInfo.InvariantCulture));
            }
            await Assertions.Expect(page.Locator("#today-plan .tp-left")).ToHaveTextAsync(Money(30_000m));
            await BrowserApp.ScreenshotAsync(page, "plans-seller-day-1440");

            // The seller sees it first on My day: today's plan, what remains, and the deal that could close it.
            await seller.GotoAsync("/");
            await Assertions.Expect(seller.Locator($"#today-plan .tp-plan[data-plan='{planId}'] .tp-plan-sum")).ToHaveTextAsync(Money(26_000m));
            await Assertions.Expect(seller.Locator("#today-plan .tp-carried")).ToContainTextAsync(Money(16_000m));
            await Assertions.Expect(seller.Locator("#today-plan .tp-deals")).ToContainTextAsync("Годовой сервис " + dep.Tag);
            await BrowserApp.AssertFitsAsync(seller, 390);
            await BrowserApp.ScreenshotAsync(seller, "plans-my-day-390");

            // Plan/fact for March: every tile equal to the API's figures and the closed forms.
            var api = await head.GetJson<PlanFactView>($"/api/v1/reports/plan-fact?period=2025-03&level=team&targetId={team}");
            var t = api.Total!;
            Assert.Equal((630_000m, 6_500m, 3, 18), (t.Plan, t.Fact, api.WorkingDaysPassed, api.WorkingDaysLeft));
            Assert.Equal(Math.Round(623_500m / 18, 2, MidpointRounding.AwayFromZero), t.NeededPerDay);
            Assert.Equal(Math.Round(6_500m + 6_500m / 3 * 18, 2), t.RunRate);
            await page.GotoAsync("/plans/fact?period=2025-03");
            await Assertions.Expect(page.Locator(".sidebar a.nav.active")).ToHaveTextAsync(new Regex("Планы"));
            await Assertions.Expect(page.Locator("#pf-plan")).ToHaveValueAsync(planId.ToString(CultureInfo.InvariantCulture));
            await Assertions.Expect(page.Locator("#pf-plan-sum")).ToHaveTextAsync(Money(t.Plan));
            await Assertions.Expect(page.Locator("#pf-fact")).ToHaveTextAsync(Money(t.Fact));
            await Assertions.Expect(page.Locator("#pf-expected")).ToHaveTextAsync(Money(630_000m * 3 / 21));
            await Assertions.Expect(page.Locator("#pf-gap")).ToHaveTextAsync(Money(t.Gap));
            await Assertions.Expect(page.Locator("#pf-per-day")).ToContainTextAsync(Money(t.NeededPerDay!.Value));
            await Assertions.Expect(page.Locator("#pf-run-rate")).ToHaveTextAsync(Money(t.RunRate));
            await Assertions.Expect(page.Locator("#pf-sellers tbody tr")).ToHaveCountAsync(3);
            foreach (var line in api.Sellers)
                await Assertions.Expect(page.Locator($"#pf-sellers tr[data-line='{line.UserId}'] [data-col=fact]")).ToHaveTextAsync(Money(line.Fact));
            await Assertions.Expect(page.Locator("#pf-sales tr[data-key='2025-03'] [data-col=won]")).ToHaveTextAsync("2");
            await Assertions.Expect(page.Locator("#pf-export")).ToHaveAttributeAsync("href", new Regex("/api/v1/reports/plan-fact/export.csv"));
            await BrowserApp.ScreenshotAsync(page, "plans-fact-1440");

            // Drill to a seller: their figures and the deals behind them.
            await page.ClickAsync($"#pf-sellers tr[data-line='{sellers[0].Id}'] td.name a");
            await Assertions.Expect(page.Locator(".pf-crumbs")).ToContainTextAsync("Алла Зорина");
            await Assertions.Expect(page.Locator("#pf-fact")).ToHaveTextAsync(Money(4_000m));
            await Assertions.Expect(page.Locator("#pf-won")).ToContainTextAsync("Поставка картриджей " + dep.Tag);
            await Assertions.Expect(page.Locator("#pf-open")).ToContainTextAsync("Годовой сервис " + dep.Tag);
            await BrowserApp.AssertFitsAsync(page, 1440);
            await BrowserApp.ScreenshotAsync(page, "plans-fact-seller-1440");
            await page.ClickAsync(".pf-crumbs a[data-drill=target]");
            await Assertions.Expect(page.Locator("#pf-sellers")).ToBeVisibleAsync();

            // A quarter's department plan: teams, and the plan and fact per month.
            await Expect<PlanView>(await head.PostAsJsonAsync("/api/v1/plans", new
            {
                period = "2025-Q1", level = "department", targetId = dep.Id, metric = "revenueWon", amount = 1_800_000m, distribution = "even",
                reason = "Квартал",
            }), HttpStatusCode.Created);
            await page.ClickAsync("a.seg[data-kind=quarter]");
            await Assertions.Expect(page.Locator("#pf-period")).ToHaveTextAsync("Q1 2025");
            await Assertions.Expect(page.Locator("#pf-months tbody tr")).ToHaveCountAsync(3);
            await Assertions.Expect(page.Locator("#pf-months tr[data-month='2025-03'] [data-col=fact]")).ToHaveTextAsync(Money(6_500m));
            await Assertions.Expect(page.Locator($"#pf-teams tr[data-line='{team}']")).ToBeVisibleAsync();
            await BrowserApp.ScreenshotAsync(page, "plans-fact-quarter-1440");

            foreach (var (small, width, name) in smalls)
            {
                await small.GotoAsync($"/plans/fact?period=2025-03&planId={planId}");
                await Assertions.Expect(small.Locator("#pf-run-rate")).ToHaveTextAsync(Money(t.RunRate));
                await BrowserApp.AssertFitsAsync(small, width);
                await BrowserApp.ScreenshotAsync(small, "plans-fact-" + name);
                await small.GotoAsync($"/plans/fact?period=2025-03&planId={planId}&userId={sellers[0].Id}");
                await Assertions.Expect(small.Locator("#pf-won")).ToBeVisibleAsync();
                await BrowserApp.AssertFitsAsync(small, width);
                await BrowserApp.ScreenshotAsync(small, "plans-fact-seller-" + name);
                await small.GotoAsync("/plans/fact?period=2025-Q1");
                await Assertions.Expect(small.Locator("#pf-months")).ToBeVisibleAsync();
                await BrowserApp.AssertFitsAsync(small, width);
                await BrowserApp.ScreenshotAsync(small, "plans-fact-quarter-" + name);
            }
        }
        finally { app.Clock.Reset(); }
    }
}
