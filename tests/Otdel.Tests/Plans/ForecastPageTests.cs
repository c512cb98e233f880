using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Otdel.Features.Deals;
using Otdel.Tests.Infrastructure;
using static Otdel.Tests.Deals.DealsTestKit;

namespace Otdel.Tests.Plans;

/// <summary>
/// The forecast and reverse-funnel pages in Chromium, at 1440 and 390 px: a head reads this month's team plan against what
/// is won and what two open deals promise (by stage probability, then by the seller's own conversion), marks a deal commit
/// in place, and counts back from a target typed the Russian way (a negative one is refused by its field). Every figure is
/// worked out here from the rows the test inserted.
/// </summary>
[Collection("browser")]
public sealed class ForecastPageTests(BrowserApp browser)
{
    static readonly TimeZoneInfo Moscow = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");

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
    public async Task A_head_reads_plan_fact_forecast_and_the_gap_marks_a_commit_and_counts_the_reverse_funnel()
    {
        var app = browser.App;
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var newTeam = new { name = "Прогноз-Сити " + dep.Tag, departmentId = dep.Id };
        var team = (await Expect<JsonElement>(await head.PostAsJsonAsync("/api/v1/teams", newTeam),
            HttpStatusCode.Created)).GetProperty("id").GetInt64();
        var anna = await dep.AddPersonAsync("closer", team, name: "Анна Белова " + dep.Tag);
        await dep.AddPersonAsync("closer", team, name: "Борис Громов " + dep.Tag);
        var pipeline = await head.NewPipelineAsync("simple");
        var stages = pipeline.Stages.OrderBy(s => s.Order).ToList();
        Assert.Equal([10, 25, 50, 70, 90], stages.Select(s => s.Probability));

        var nowMsk = TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, Moscow);
        var month = new DateOnly(nowMsk.Year, nowMsk.Month, 1);
        var period = month.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var monthEnd = month.AddMonths(1).AddDays(-1);
        long openA, openB;
        await using (var db = app.OpenDb())
        {
            // A year's history of Anna: six deals passed stages 1–4, three of them won (through stage 5): 50 % from stage 3 and 4.
            for (var n = 0; n < 6; n++)
            {
                var closed = DateTime.UtcNow.AddDays(-40 - 10 * n);
                var won = n % 2 == 0;
                var deal = new Deal
                {
                    Title = "История " + dep.Tag, Amount = 100_000m, PipelineId = pipeline.Id, StageId = stages[won ? 4 : 3].Id, OwnerId = anna.Id,
                    Status = won ? DealStatus.Won : DealStatus.Lost, CreatedAt = closed.AddDays(-20), StageEnteredAt = closed.AddDays(-2), ClosedAt = closed,
                };
                db.Deals.Add(deal);
                for (var s = 0; s <= (won ? 4 : 3); s++)
                    db.StageVisits.Add(new StageVisit
                    {
                        Deal = deal, PipelineId = pipeline.Id, StageId = stages[s].Id, ExecutorId = anna.Id, EnteredAt = closed.AddDays(-20 + s),
                        IsFirstEntry = true,
                    });
            }
            // Won this month: 100 000 ₽ (on the 1st, an hour after midnight in Moscow).
            var wonAt = TimeZoneInfo.ConvertTimeToUtc(month.ToDateTime(new TimeOnly(1, 0)), Moscow);
            db.Deals.Add(new Deal
            {
                Title = "Выиграна в этом месяце " + dep.Tag, Amount = 100_000m, PipelineId = pipeline.Id, StageId = stages[4].Id,
                OwnerId = anna.Id,
                Status = DealStatus.Won, CreatedAt = wonAt.AddDays(-10), StageEnteredAt = wonAt.AddDays(-1), ClosedAt = wonAt,
            });
            var a = new Deal
            {
                Title = "Поставка оборудования " + dep.Tag, Amount = 200_000m, PipelineId = pipeline.Id, StageId = stages[2].Id,
                OwnerId = anna.Id,
                CreatedAt = wonAt, StageEnteredAt = wonAt, ExpectedCloseDate = monthEnd,
            };
            var b = new Deal
            {
                Title = "Годовой контракт " + dep.Tag, Amount = 300_000m, PipelineId = pipeline.Id, StageId = stages[3].Id, OwnerId = anna.Id,
                CreatedAt = wonAt, StageEnteredAt = wonAt, ExpectedCloseDate = monthEnd,
            };
            db.Deals.AddRange(a, b);
            await db.SaveChangesAsync();
            (openA, openB) = (a.Id, b.Id);
        }
        var plan = await Expect<JsonElement>(await head.PostAsJsonAsync("/api/v1/plans", new
        {
            period, level = "team", targetId = team, metric = "revenueWon", amount = 1_000_000m, reason = "План директора",
        }), HttpStatusCode.Created);
        var id = plan.GetProperty("id").GetInt64();

        // By stage probability: won 100 000 + 200 000 × 50 % + 300 000 × 70 % = 410 000; the gap 590 000 short.
        var page = await browser.NewPageAsync();
        await browser.SignInAsync(page, dep.HeadEmail);
        await page.GotoAsync($"/plans/{id}");
        await Assertions.Expect(page.Locator("#outlook-gap")).ToContainTextAsync("590 000 ₽");
        await page.ClickAsync("#tab-forecast");
        await page.WaitForURLAsync(new Regex($"/plans/{id}/forecast"));
        await Assertions.Expect(page.Locator("#fc-plan")).ToContainTextAsync("1 000 000 ₽");
        await Assertions.Expect(page.Locator("#fc-won")).ToContainTextAsync("100 000 ₽");
        await Assertions.Expect(page.Locator("#fc-forecast")).ToContainTextAsync("410 000 ₽");
        await Assertions.Expect(page.Locator("#fc-gap")).ToContainTextAsync("590 000 ₽");
        await Assertions.Expect(page.Locator(".forecast-tiles .gap-short")).ToContainTextAsync("не хватает");
        var annaRow = page.Locator($"#forecast-rows tr[data-level=user][data-id='{anna.Id}']");
        await Assertions.Expect(annaRow.Locator("td").Nth(3)).ToContainTextAsync("410 000 ₽");
        await Assertions.Expect(page.Locator("#forecast-deals tbody tr")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator($"#deal-{openB} td").Nth(5)).ToContainTextAsync("210 000 ₽");

        // Marking the contract commit in place: the whole target's commit becomes won + the contract = 400 000 ₽; the select keeps it.
        await page.SelectOptionAsync($"#deal-{openB} select", "commit");
        await Assertions.Expect(page.Locator($"#deal-{openB} select")).ToHaveValueAsync("commit");
        await Assertions.Expect(page.Locator("#forecast-rows tr[data-level=target] td").Nth(5)).ToContainTextAsync("400 000 ₽");
        await BrowserApp.ScreenshotAsync(page, "plans-forecast-1440");

        // By Anna's own conversion (50 % from both stages): 100 000 + 100 000 + 150 000 = 350 000; the gap 650 000.
        await page.ClickAsync("a[data-weighting=history]");
        await Assertions.Expect(page.Locator("a[data-weighting=history]")).ToHaveClassAsync(new Regex("on"));
        await Assertions.Expect(page.Locator("#fc-forecast")).ToContainTextAsync("350 000 ₽");
        await Assertions.Expect(page.Locator("#fc-gap")).ToContainTextAsync("650 000 ₽");

        // The reverse funnel: a negative target is refused by its field; 1 500 000 ₽ at an average won deal of 100 000 ₽ takes 15
        // wins, and stages 1–4 (3 won of 6 passed) take ⌈15 × 6 / 3⌉ = 30 deals each, the last (3 of 3) 15.
        await page.ClickAsync("#tab-funnel");
        await page.WaitForURLAsync(new Regex($"/plans/{id}/reverse-funnel"));
        await page.FillAsync("#target", "-5");
        await page.ClickAsync("#count-funnel");
        await Assertions.Expect(page.Locator("#target-error")).ToContainTextAsync("меньше нуля");
        await Assertions.Expect(page.Locator("#target")).ToHaveClassAsync(new Regex("invalid"));
        await page.FillAsync("#target", "1 500 000");
        await page.ClickAsync("#count-funnel");
        await Assertions.Expect(page.Locator("#target-error")).ToBeEmptyAsync();
        await Assertions.Expect(page.Locator("#avg-check")).ToContainTextAsync("100 000 ₽");
        await Assertions.Expect(page.Locator("#won-needed")).ToContainTextAsync("15");
        for (var s = 0; s < 4; s++)
            await Assertions.Expect(page.Locator($".reverse-funnel li[data-stage='{stages[s].Id}'] .needed")).ToHaveTextAsync("30");
        await Assertions.Expect(page.Locator($".reverse-funnel li[data-stage='{stages[4].Id}'] .needed")).ToHaveTextAsync("15");
        await BrowserApp.ScreenshotAsync(page, "plans-reverse-funnel-1440");

        var phone = await PhoneAsync(browser);
        await browser.SignInAsync(phone, dep.HeadEmail);
        await phone.GotoAsync($"/plans/{id}/forecast");
        await Assertions.Expect(phone.Locator("#fc-gap")).ToContainTextAsync("590 000 ₽");
        await BrowserApp.AssertFitsAsync(phone, 390);
        await BrowserApp.ScreenshotAsync(phone, "plans-forecast-390");
        await phone.GotoAsync($"/plans/{id}/reverse-funnel?target=1500000");
        await Assertions.Expect(phone.Locator("#won-needed")).ToContainTextAsync("15");
        await BrowserApp.AssertFitsAsync(phone, 390);
        await BrowserApp.ScreenshotAsync(phone, "plans-reverse-funnel-390");
        await phone.GotoAsync($"/plans/{id}");
        await BrowserApp.AssertFitsAsync(phone, 390);
        await BrowserApp.ScreenshotAsync(phone, "plans-plan-outlook-390");
    }
}
