using Microsoft.Playwright;
using Otdel.Features.Deals;
using Otdel.Features.Leads;
using Otdel.Features.Reports;
using Otdel.Tests.Infrastructure;
using static Otdel.Tests.Deals.DealsTestKit;

namespace Otdel.Tests.Reports;

/// <summary>/reports/channels in the browser: the API's figures, dates typed the Russian way, a bad date said by its field.</summary>
[Collection("browser")]
public sealed class ChannelsPageTests(BrowserApp browser)
{
    [Theory]
    [InlineData(1440)]
    [InlineData(1024)]
    [InlineData(390)]
    public async Task The_head_reads_what_each_channel_brought_and_cost_on_desktop_and_phone(int width)
    {
        var app = browser.App;
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var p = await head.NewPipelineAsync("simple");
        long channelId;
        await using (var db = app.OpenDb())
        {
            var ch = new Channel
            {
                Name = "Выставка " + dep.Tag, Kind = ChannelKind.Exhibition, DepartmentId = dep.Id, OwnerId = dep.HeadId,
                FormKey = Guid.NewGuid().ToString("N")[..24], CreatedAt = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            };
            db.Channels.Add(ch);
            await db.SaveChangesAsync();
            channelId = ch.Id;
            db.ChannelSpend.Add(new ChannelSpend { ChannelId = ch.Id, Month = new DateOnly(2025, 3, 1), Amount = 400_000m });
            var at = new DateTime(2025, 3, 10, 9, 0, 0, DateTimeKind.Utc);
            var won = new Deal
            {
                Title = "Станок " + dep.Tag, PipelineId = p.Id, StageId = p.Stages[0].Id, OwnerId = dep.HeadId, Status = DealStatus.Won, Amount = 1_200_000m,
                CreatedAt = at, ClosedAt = at.AddDays(5), StageEnteredAt = at,
            };
            db.Deals.Add(won);
            await db.SaveChangesAsync();
            foreach (var (i, status) in new[] { (0, LeadStatus.Converted), (1, LeadStatus.Sql), (2, LeadStatus.Mql), (3, LeadStatus.New) })
                db.Leads.Add(new Lead
                {
                    Name = $"Лид {i} {dep.Tag}", ChannelId = ch.Id, OwnerId = dep.HeadId, ArrivedAt = at.AddDays(i), CreatedAt = at.AddDays(i), Status = status,
                    DealId = status == LeadStatus.Converted ? won.Id : null,
                });
            await db.SaveChangesAsync();
        }
        var api = await head.GetJson<ChannelResult>("/api/v1/reports/channels?from=2025-03-01&to=2025-03-31");
        var fair = api.Rows.Single(r => r.Key == channelId.ToString());
        Assert.Equal((4L, 3L, 2L, 1L, 1L, 1_200_000m, 0.25, 400_000m, 100_000m, 400_000m, 2.0),
            (fair.Leads, fair.Mql, fair.Sql, fair.Deals, fair.Won, fair.Revenue, fair.Conversion, fair.Spend, fair.CostPerLead, fair.CostPerWon, fair.Roi));

        var page = await browser.NewPageAsync(width, timeout: 10_000);
        await browser.SignInAsync(page, dep.HeadEmail);
        await page.GotoAsync("/reports");
        await page.ClickAsync("#channels-report-link");
        await page.SelectOptionAsync("#groupBy", "channel");
        await page.FillAsync("#from", "01.03.2025");
        await page.FillAsync("#to", "31.03.2025");
        await page.ClickAsync("#channels-show");
        var row = page.Locator($"#channels-report tr[data-key='{channelId}']");
        await Assertions.Expect(row.Locator("td.name")).ToHaveTextAsync("Выставка " + dep.Tag);
        await Assertions.Expect(row.Locator("[data-col=leads]")).ToHaveTextAsync("4");
        await Assertions.Expect(row.Locator("[data-col=mql]")).ToHaveTextAsync("3");
        await Assertions.Expect(row.Locator("[data-col=sql]")).ToHaveTextAsync("2");
        await Assertions.Expect(row.Locator("[data-col=deals]")).ToHaveTextAsync("1");
        await Assertions.Expect(row.Locator("[data-col=won]")).ToHaveTextAsync("1");
        await Assertions.Expect(row.Locator("[data-col=revenue]")).ToHaveTextAsync("1 200 000 ₽");
        await Assertions.Expect(row.Locator("[data-col=conversion]")).ToHaveTextAsync("25 %");
        await Assertions.Expect(row.Locator("[data-col=spend]")).ToHaveTextAsync("400 000 ₽");
        await Assertions.Expect(row.Locator("[data-col=costPerLead]")).ToHaveTextAsync("100 000 ₽");
        await Assertions.Expect(row.Locator("[data-col=costPerWon]")).ToHaveTextAsync("400 000 ₽");
        await Assertions.Expect(row.Locator("[data-col=roi]")).ToHaveTextAsync("200 %");
        var csv = await page.GetAttributeAsync("#channels-report a[download]", "href");
        Assert.Equal("/api/v1/reports/channels/export.csv?groupBy=channel&from=2025-03-01&to=2025-03-31", csv);
        await BrowserApp.AssertFitsAsync(page, width);
        await BrowserApp.ScreenshotAsync(page, $"reports-channels-w{width}");

        await page.SelectOptionAsync("#groupBy", "owner");
        await page.ClickAsync("#channels-show");
        await Assertions.Expect(page.Locator($"#channels-report tr[data-key='{dep.HeadId}'] [data-col=leads]")).ToHaveTextAsync("4");

        await page.FillAsync("#from", "31.02.2025");
        await page.ClickAsync("#channels-show");
        await Assertions.Expect(page.Locator("#from-error")).Not.ToBeEmptyAsync();
        Assert.Equal("31.02.2025", await page.InputValueAsync("#from"));
    }
}
