using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Otdel.Features.Deals;
using Otdel.Features.Demo;
using Otdel.Features.Plans;
using Otdel.Platform;
using Otdel.Tests.Infrastructure;
using Position = Otdel.Features.Organisation.Position;
using static Otdel.Tests.Deals.DealsTestKit;

namespace Otdel.Tests.Demo;

/// <summary>`./otdel serve --demo`: the printed sign-in opens a department with a live B2B board.</summary>
[Collection("browser")]
public sealed class DemoTests(BrowserApp browser)
{
    [Fact]
    public async Task The_demo_head_signs_in_and_sees_the_department_its_board_overdue_and_lost_deals()
    {
        await using var demo = new DemoApp();
        await demo.InitializeAsync();
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = demo.BaseUrl, Locale = "ru-RU", ViewportSize = new ViewportSize { Width = 1600, Height = 1000 },
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");
        await page.FillAsync("#email", DemoData.Email);
        await page.FillAsync("#password", DemoData.Password);
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Анна");
        await Assertions.Expect(page.Locator(".tile.bad")).ToBeVisibleAsync();
        await BrowserApp.ScreenshotAsync(page, "demo-my-day");

        await page.GotoAsync("/team");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Новые продажи");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Работа с клиентами");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Коммерческий директор");
        await BrowserApp.ScreenshotAsync(page, "demo-team");

        await page.GotoAsync("/deals");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Квалификация");
        Assert.True(await page.Locator(".overdue").CountAsync() > 0, "the demo board shows overdue deals");
        await BrowserApp.ScreenshotAsync(page, "demo-board");

        // This month's top-down plan of the «Новые продажи» team, decomposed to its sellers.
        await page.GotoAsync("/plans");
        await page.ClickAsync("#plan-list a:has-text('Новые продажи')");
        await Assertions.Expect(page.Locator("#month-target")).ToContainTextAsync("6 000 000");
        await Assertions.Expect(page.Locator("#plan-days tbody tr[data-date]").First).ToBeVisibleAsync();
        Assert.Equal(6, await page.Locator(".chips.lines .chip").CountAsync());
        await BrowserApp.ScreenshotAsync(page, "demo-plan");

        // Leads scored by the department's rules (some hot), and segments of the client base with members.
        await page.GotoAsync("/leads");
        Assert.True(await page.Locator(".leads-list [data-category=hot]").CountAsync() > 0, "some demo leads are hot");
        await Assertions.Expect(page.Locator(".leads-list")).ToContainTextAsync("Дисквалифицирован");
        await BrowserApp.ScreenshotAsync(page, "demo-leads");
        await page.GotoAsync("/segments");
        await Assertions.Expect(page.Locator(".segments-list tbody tr")).ToHaveCountAsync(2);
        await page.ClickAsync(".segments-list a:has-text('Крупные покупатели')");
        Assert.True(int.Parse(await page.Locator("[data-count=members]").InnerTextAsync()) > 0, "the demo's big buyers segment has members");
        await BrowserApp.ScreenshotAsync(page, "demo-segment");

        // Some demo leads became deals, some of them won: the channel report of the default period shows what the channels brought.
        await page.GotoAsync("/reports/channels");
        var total = page.Locator("#channels-report tr[data-key=total]");
        Assert.True(int.Parse(await total.Locator("[data-col=deals]").InnerTextAsync()) > 0, "some demo leads were converted to deals");
        Assert.True(int.Parse(await total.Locator("[data-col=won]").InnerTextAsync()) > 0, "some converted demo leads were won");
        Assert.NotEqual("0 ₽", await total.Locator("[data-col=revenue]").InnerTextAsync());
        Assert.True(await page.Locator("#channels-report [data-col=spend]:has-text('₽')").CountAsync() > 0, "the demo channels have spend");
        await BrowserApp.ScreenshotAsync(page, "demo-channels");

        // The ABC page of the default period has all three classes; the quality page has clients to fix; two key accounts with a KAM.
        await page.GotoAsync("/reports/abc");
        foreach (var cls in new[] { "A", "B", "C" })
            Assert.NotEqual("клиентов: 0", await page.Locator($"#abc-bands [data-class={cls}] [data-figure=clients]").InnerTextAsync());
        await Assertions.Expect(page.Locator("#abc-report .tag.blue")).ToHaveCountAsync(2);
        await BrowserApp.ScreenshotAsync(page, "demo-abc");
        await page.GotoAsync("/reports/client-quality");
        Assert.True(await page.Locator("#quality-issues li").CountAsync() > 3, "the demo base has clients to fix");
        await Assertions.Expect(page.Locator("#quality-issues")).ToContainTextAsync("похож на");
        await BrowserApp.ScreenshotAsync(page, "demo-client-quality");

        await using var db = demo.OpenDb();
        Assert.Equal(2, db.Clients.Count(c => c.IsKeyAccount && c.KamId != null));
        Assert.True(db.Set<Otdel.Features.Clients.ClientDate>().Count(d => d.Title == "Годовщина договора") >= 2, "the demo has contract anniversaries");
        Assert.True(db.Leads.Count(l => l.Status == Otdel.Features.Leads.LeadStatus.Disqualified) >= 2, "some demo leads are disqualified");
        Assert.All(db.Leads.Where(l => l.Status == Otdel.Features.Leads.LeadStatus.Converted).ToList(), l =>
            Assert.True(l.DealId != null && l.ClientId != null && db.Deals.Any(d => d.Id == l.DealId && d.ClientId == l.ClientId),
                "a converted lead keeps its deal and client"));
        Assert.True(db.Deals.Count(d => d.Status == Otdel.Features.Deals.DealStatus.Lost && d.LossReasonId != null) > 0, "some demo deals are lost with a reason");
        Assert.True(db.Deals.Select(d => d.StageId).Distinct().Count() > 8, "demo deals are spread over the stages");

        // Each seller's day (issue 11): open tasks today in Moscow, calls among them, an overdue one; hunters' leads wait.
        var now = demo.Clock.GetUtcNow().UtcDateTime;
        var moscow = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");
        var today = TimeZoneInfo.ConvertTimeFromUtc(now, moscow).Date;
        var sellers = db.Users.Where(u => u.Position == Position.Hunter || u.Position == Position.Closer
            || u.Position == Position.KeyAccountManager || u.Position == Position.Farmer).ToList();
        Assert.True(sellers.Count >= 8, "the demo has its sellers");
        foreach (var seller in sellers)
        {
            var open = db.Tasks.Where(t => t.AssigneeId == seller.Id && t.DoneAt == null).ToList();
            var dueToday = open.Where(t => t.DueAt >= now && TimeZoneInfo.ConvertTimeFromUtc(t.DueAt, moscow).Date == today).ToList();
            Assert.True(dueToday.Count >= 3, $"{seller.FullName} has tasks planned for today");
            Assert.True(dueToday.Count(t => t.Kind == Otdel.Features.Tasks.TaskKind.Call) >= 2, $"{seller.FullName} has calls planned for today");
            Assert.Contains(open, t => t.DueAt < now);
            if (seller.Position == Position.Hunter)
                Assert.True(db.Leads.Count(l => l.OwnerId == seller.Id && l.FirstContactAt == null
                    && l.Status == Otdel.Features.Leads.LeadStatus.New) > 0, $"{seller.FullName} has inbound leads waiting");
        }
        Assert.Contains(db.Tasks.ToList(), t => t.Priority == Otdel.Features.Tasks.TaskPriority.Urgent && t.AuthorId != t.AssigneeId);

        // The B2B pipeline comes with the seed's automation rules, as one a head makes does.
        Assert.Equal(3, db.Set<Otdel.Features.Automation.AutomationRule>().Count(r => r.IsEnabled));

        // Money: won deals paid in full, half paid and not paid yet; nothing paid beyond a deal's amount or on an open or lost deal.
        var payments = db.Set<Otdel.Features.Payments.Payment>().ToList();
        var dealsById = db.Deals.ToList().ToDictionary(d => d.Id);
        var paidByDeal = payments.GroupBy(x => x.DealId).ToDictionary(g => g.Key, g => g.Sum(x => x.Amount));
        var wonDeals = dealsById.Values.Where(d => d.Status == Otdel.Features.Deals.DealStatus.Won && d.Amount > 0).ToList();
        Assert.Contains(wonDeals, d => paidByDeal.GetValueOrDefault(d.Id) == d.Amount);
        Assert.Contains(wonDeals, d => paidByDeal.GetValueOrDefault(d.Id) is var paid && paid > 0 && paid < d.Amount);
        Assert.Contains(wonDeals, d => !paidByDeal.ContainsKey(d.Id));
        Assert.All(paidByDeal, kv => Assert.True(kv.Value <= dealsById[kv.Key].Amount && dealsById[kv.Key].Status == Otdel.Features.Deals.DealStatus.Won));
        Assert.All(payments, x => Assert.True(x.ReceivedOn <= DateOnly.FromDateTime(now.AddHours(3)), "no payment in the future"));

        // A hunter's My day shows it: today's tasks, the overdue one, and the leads waiting with how long they have waited.
        var hunterContext = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = demo.BaseUrl, Locale = "ru-RU", ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
        });
        var hunter = await hunterContext.NewPageAsync();
        await hunter.GotoAsync("/login");
        await hunter.FillAsync("#email", "lebedeva@demo.otdel.ru");
        await hunter.FillAsync("#password", DemoData.Password);
        await hunter.ClickAsync("button[type=submit]");
        await Assertions.Expect(hunter.Locator("h1")).ToContainTextAsync("Мария");
        Assert.True(await hunter.Locator("#tasks .task").CountAsync() >= 4, "the hunter's day lists her tasks");
        await Assertions.Expect(hunter.Locator("#tasks .task.overdue").First).ToBeVisibleAsync();
        await Assertions.Expect(hunter.Locator("#tasks")).ToContainTextAsync("Связаться с новым лидом");
        await Assertions.Expect(hunter.Locator("#waiting-leads tr[data-lead]").First).ToContainTextAsync("ждёт");
        await BrowserApp.ScreenshotAsync(hunter, "demo-hunter-my-day");
        await hunterContext.CloseAsync();
    }

    /// <summary>
    /// The demo's month plan with facts for its past working days, on a fixed date in the middle of a month: the plan/fact
    /// figures equal the demo's won deals of the team's sellers, each seller's today comes from the plan's days, and the pages
    /// show them — a seller's My day and the head's plan/fact.
    /// </summary>
    [Fact]
    public async Task The_demo_plan_has_facts_for_past_days_that_the_daily_view_and_plan_fact_show()
    {
        var moscow = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");
        await using var demo = new DemoApp();
        var at = new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(new DateTime(2026, 11, 18, 12, 0, 0), moscow), TimeSpan.Zero);
        demo.Clock.Set(at);
        await demo.InitializeAsync();
        var head = demo.Client(await demo.IssueTokenAsync(await demo.UserIdAsync(DemoData.Email)));
        var plan = (await head.GetJson<List<PlanView>>("/api/v1/plans?period=2026-11")).Single();
        Assert.Equal(("team", "Новые продажи", DemoPlans.Amount), (plan.Level, plan.TargetName, plan.Amount));
        var report = await head.GetJson<PlanFactView>($"/api/v1/reports/plan-fact?period=2026-11&level=team&targetId={plan.TargetId}");

        // Independently: the won deals of each of the plan's sellers, by their Moscow date, 1–18 November.
        await using (var db = demo.OpenDb())
        {
            var ids = plan.Sellers.Select(s => s.UserId).ToList();
            var won = (await db.Deals.Where(d => d.Status == DealStatus.Won && ids.Contains(d.OwnerId)).Select(d => new { d.OwnerId, d.ClosedAt, d.Amount })
                .ToListAsync()).Where(d => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(d.ClosedAt!.Value, moscow)) is var day
                    && day >= new DateOnly(2026, 11, 1) && day <= new DateOnly(2026, 11, 18)).ToList();
            foreach (var line in report.Sellers)
                Assert.Equal(won.Where(d => d.OwnerId == line.UserId).Sum(d => d.Amount), line.Fact);
            Assert.Equal(won.Sum(d => d.Amount), report.Total!.Fact);
            Assert.True(won.Count >= 10, $"the demo has wins on the month's past days ({won.Count})");
            Assert.True(report.Sellers.Count(l => l.Fact > 0) >= 3, "several sellers have facts");
        }
        Assert.InRange(report.Total!.PercentDone!.Value, 20, report.ExpectedPercent + 15);

        // A closer's day: today's plan is their row of the plan's days; the open deals that could close it are listed.
        var morozova = await demo.UserIdAsync("morozova@demo.otdel.ru");
        var day = await Expect<SellerDayView>(await demo.Client(await demo.IssueTokenAsync(morozova)).GetAsync("/api/v1/plans/today"), HttpStatusCode.OK);
        var today = day.Plans.Single();
        var rows = await head.GetJson<List<PlanDayRow>>($"/api/v1/plans/{plan.Id}/days?month=2026-11");
        Assert.Equal(rows.Single(r => r.UserId == morozova && r.Date == new DateOnly(2026, 11, 18)).Plan, today.Plan);
        Assert.True(today.WorkingDay);
        Assert.True(today.Plan > today.BasePlan, "a seller other than the team lead is behind, so today's plan carries a shortfall");
        Assert.NotEmpty(day.Deals);

        // Both sign in at the real time (a cookie issued on the demo's date would be expired already), each in their own
        // browser; then the app is back on the demo's date.
        async Task<IPage> SignedInAsync(string email)
        {
            var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
            {
                BaseURL = demo.BaseUrl, Locale = "ru-RU", ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
            });
            context.SetDefaultTimeout(20_000);
            var signed = await context.NewPageAsync();
            await signed.GotoAsync("/login");
            await signed.FillAsync("#email", email);
            await signed.FillAsync("#password", DemoData.Password);
            await signed.ClickAsync("button[type=submit]");
            await signed.WaitForURLAsync(url => !url.Contains("/login"));
            return signed;
        }
        demo.Clock.Reset();
        var seller = await SignedInAsync("morozova@demo.otdel.ru");
        var page = await SignedInAsync(DemoData.Email);
        demo.Clock.Set(at);
        await seller.GotoAsync("/");
        await Assertions.Expect(seller.Locator("#today-plan .tp-plan-sum")).ToHaveTextAsync(Localisation.Money(today.Plan!.Value).Replace('\u00A0', ' '));
        await BrowserApp.ScreenshotAsync(seller, "demo-seller-day");
        await page.GotoAsync("/plans/fact");
        await Assertions.Expect(page.Locator("#pf-period")).ToHaveTextAsync("Ноябрь 2026");
        await Assertions.Expect(page.Locator("#pf-fact")).ToHaveTextAsync(Localisation.Money(report.Total.Fact).Replace('\u00A0', ' '));
        await Assertions.Expect(page.Locator("#pf-sellers tbody tr")).ToHaveCountAsync(report.Sellers.Count);
        await BrowserApp.ScreenshotAsync(page, "demo-plan-fact");
    }
}
