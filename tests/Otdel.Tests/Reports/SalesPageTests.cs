using Microsoft.Playwright;
using Otdel.Features.Deals;
using Otdel.Features.Reports;
using Otdel.Tests.Infrastructure;
using static Otdel.Tests.Deals.DealsTestKit;

namespace Otdel.Tests.Reports;

/// <summary>/reports/sales in the browser: the figures of the API, dates typed the Russian way, a bad date said by its field.</summary>
[Collection("browser")]
public sealed class SalesPageTests(BrowserApp browser)
{
    [Theory]
    [InlineData(1440)]
    [InlineData(1024)]
    [InlineData(390)]
    public async Task The_head_reads_sales_by_source_as_the_api_counts_them_on_desktop_and_phone(int width)
    {
        var app = browser.App;
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var p = await head.NewPipelineAsync("simple");
        await using (var db = app.OpenDb())
        {
            var at = new DateTime(2025, 3, 10, 9, 0, 0, DateTimeKind.Utc);
            foreach (var (status, amount, source) in new[] { (DealStatus.Won, 1_200_000m, "Выставка"), (DealStatus.Won, 300_000m, "Выставка"),
                         (DealStatus.Lost, 500_000m, "Выставка"), (DealStatus.Won, 90_000m, "Сайт") })
                db.Deals.Add(new Deal
                {
                    Title = "Сделка " + dep.Tag, PipelineId = p.Id, StageId = p.Stages[0].Id, OwnerId = dep.HeadId, Status = status, Amount = amount,
                    CreatedAt = at.AddDays(-20), ClosedAt = at, StageEnteredAt = at, Source = source,
                });
            await db.SaveChangesAsync();
        }
        var api = await head.GetJson<SalesResult>("/api/v1/reports/sales?groupBy=source&from=2025-03-01&to=2025-03-31");
        var fair = api.Rows.Single(r => r.Key == "Выставка");
        Assert.Equal((2L, 1L, 0.6667, 1_500_000m, 750_000m, 20.0), (fair.Won, fair.Lost, fair.WinRate, fair.RevenueWon, fair.AvgWonDeal, fair.MedianCycleDays));

        var page = await browser.NewPageAsync(width, timeout: 10_000);
        await browser.SignInAsync(page, dep.HeadEmail);
        await page.GotoAsync("/reports");
        await page.ClickAsync("#sales-report-link");
        await page.SelectOptionAsync("#groupBy", "source");
        await page.FillAsync("#from", "01.03.2025");
        await page.FillAsync("#to", "31.03.2025");
        await page.ClickAsync("#sales-show");
        var row = page.Locator("#sales-report tr[data-key='Выставка']");
        await Assertions.Expect(row.Locator("[data-col=won]")).ToHaveTextAsync("2");
        await Assertions.Expect(row.Locator("[data-col=lost]")).ToHaveTextAsync("1");
        await Assertions.Expect(row.Locator("[data-col=winRate]")).ToHaveTextAsync("66,7 %");
        await Assertions.Expect(row.Locator("[data-col=revenue]")).ToHaveTextAsync("1 500 000 ₽");
        await Assertions.Expect(row.Locator("[data-col=avg]")).ToHaveTextAsync("750 000 ₽");
        await Assertions.Expect(row.Locator("[data-col=cycle]")).ToHaveTextAsync("20");
        await BrowserApp.AssertFitsAsync(page, width);
        await BrowserApp.ScreenshotAsync(page, $"reports-sales-w{width}");

        await page.FillAsync("#from", "31.02.2025");
        await page.ClickAsync("#sales-show");
        await Assertions.Expect(page.Locator("#from-error")).Not.ToBeEmptyAsync();
        Assert.Equal("31.02.2025", await page.InputValueAsync("#from"));
    }
}
