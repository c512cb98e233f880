using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Otdel.Features.Deals;
using Otdel.Features.Leads;
using Otdel.Features.Reports;
using Otdel.Tests.Infrastructure;
using static Otdel.Tests.Deals.DealsTestKit;

namespace Otdel.Tests.Reports;

/// <summary>/reports/channels' «Хантеры и клоузеры» tab in the browser: the API's figures for a hunter and a closer, the team filter.</summary>
[Collection("browser")]
public sealed class ChannelPeoplePageTests(BrowserApp browser)
{
    [Theory]
    [InlineData(1440)]
    [InlineData(1024)]
    [InlineData(390)]
    public async Task The_head_reads_each_hunters_and_closers_figures_on_desktop_and_phone(int width)
    {
        var app = browser.App;
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        await Expect<JsonElement>(await head.PutAsJsonAsync($"/api/v1/departments/{dep.Id}/calendar", new { calendar = "ru", timeZone = "Europe/Moscow" }),
            HttpStatusCode.OK);
        var teamId = (await Expect<JsonElement>(await head.PostAsJsonAsync("/api/v1/teams", new { name = "Охотники " + dep.Tag, departmentId = dep.Id }),
            HttpStatusCode.Created)).GetProperty("id").GetInt64();
        var hunter = await dep.AddPersonAsync("hunter", teamId, name: "Хантер " + dep.Tag);
        var closer = await dep.AddPersonAsync("closer", name: "Клоузер " + dep.Tag);
        var p = await head.NewPipelineAsync("simple");
        await using (var db = app.OpenDb())
        {
            // Tuesday 11 March 2025, 10:00 Moscow: answered in 30 working minutes; Wednesday the 12th: in 60; the third still waits.
            var tue = new DateTime(2025, 3, 11, 7, 0, 0, DateTimeKind.Utc);
            var won = new Deal
            {
                Title = "Станок " + dep.Tag, PipelineId = p.Id, StageId = p.Stages[0].Id, OwnerId = closer.Id, Status = DealStatus.Won, Amount = 500_000m,
                CreatedAt = tue.AddDays(1), ClosedAt = tue.AddDays(6), StageEnteredAt = tue.AddDays(1),
            };
            db.Deals.Add(won);
            await db.SaveChangesAsync();
            db.Leads.AddRange(
                new Lead
                {
                    Name = "Лид 1 " + dep.Tag, OwnerId = hunter.Id, ArrivedAt = tue, CreatedAt = tue, FirstContactAt = tue.AddMinutes(30),
                    Status = LeadStatus.Converted, DealId = won.Id, ConvertedAt = tue.AddDays(1),
                },
                new Lead
                {
                    Name = "Лид 2 " + dep.Tag, OwnerId = hunter.Id, ArrivedAt = tue.AddDays(1), CreatedAt = tue.AddDays(1),
                    FirstContactAt = tue.AddDays(1).AddMinutes(60), Status = LeadStatus.Mql,
                },
                new Lead { Name = "Лид 3 " + dep.Tag, OwnerId = hunter.Id, ArrivedAt = tue.AddDays(2), CreatedAt = tue.AddDays(2), Status = LeadStatus.New });
            await db.SaveChangesAsync();
        }
        var api = await head.GetJson<ChannelPeopleResult>("/api/v1/reports/channels/people?from=2025-03-01&to=2025-03-31");
        var h = api.Hunters.Single(r => r.OwnerId == hunter.Id);
        Assert.Equal((3L, 2L, 1L, 0.3333, 45.0, 45.0, 1L), (h.Leads, h.Worked, h.Converted, h.Conversion, h.MedianMinutes, h.AverageMinutes, h.Waiting));
        var c = api.Closers.Single(r => r.OwnerId == closer.Id);
        Assert.Equal((1L, 1L, 500_000m, 1.0), (c.Deals, c.Won, c.Revenue, c.WinRate));

        var page = await browser.NewPageAsync(width, timeout: 10_000);
        await browser.SignInAsync(page, dep.HeadEmail);
        await page.GotoAsync("/reports/channels?from=01.03.2025&to=31.03.2025");
        await page.ClickAsync("#tab-people");
        await Assertions.Expect(page.Locator("#tab-people")).ToHaveAttributeAsync("aria-selected", "true");
        Assert.Equal("01.03.2025", await page.InputValueAsync("#from"));
        await page.ClickAsync("#channels-show");

        var row = page.Locator($"#hunters-report tr[data-key='{hunter.Id}']");
        await Assertions.Expect(row.Locator("td.name")).ToHaveTextAsync("Хантер " + dep.Tag);
        await Assertions.Expect(row.Locator("[data-col=leads]")).ToHaveTextAsync("3");
        await Assertions.Expect(row.Locator("[data-col=worked]")).ToHaveTextAsync("2");
        await Assertions.Expect(row.Locator("[data-col=converted]")).ToHaveTextAsync("1");
        await Assertions.Expect(row.Locator("[data-col=conversion]")).ToHaveTextAsync("33,3 %");
        await Assertions.Expect(row.Locator("[data-col=median]")).ToHaveTextAsync("45");
        await Assertions.Expect(row.Locator("[data-col=average]")).ToHaveTextAsync("45");
        await Assertions.Expect(row.Locator("[data-col=waiting]")).ToHaveTextAsync("1");
        var closerRow = page.Locator($"#closers-report tr[data-key='{closer.Id}']");
        await Assertions.Expect(closerRow.Locator("td.name")).ToHaveTextAsync("Клоузер " + dep.Tag);
        await Assertions.Expect(closerRow.Locator("[data-col=deals]")).ToHaveTextAsync("1");
        await Assertions.Expect(closerRow.Locator("[data-col=won]")).ToHaveTextAsync("1");
        await Assertions.Expect(closerRow.Locator("[data-col=revenue]")).ToHaveTextAsync("500 000 ₽");
        await Assertions.Expect(closerRow.Locator("[data-col=winRate]")).ToHaveTextAsync("100 %");
        Assert.Equal("/api/v1/reports/channels/people/export.csv?from=2025-03-01&to=2025-03-31",
            await page.GetAttributeAsync("#hunters-report a[download]", "href"));
        await BrowserApp.ScreenshotAsync(page, $"reports-channels-people-w{width}");
        await BrowserApp.AssertFitsAsync(page, width);

        // The team keeps its hunter; the closer, who is in no team, drops out.
        await page.SelectOptionAsync("#teamId", teamId.ToString());
        await page.ClickAsync("#channels-show");
        await Assertions.Expect(page.Locator($"#hunters-report tr[data-key='{hunter.Id}'] [data-col=leads]")).ToHaveTextAsync("3");
        await Assertions.Expect(page.Locator("#closers-report .empty")).ToBeVisibleAsync();
        await page.ClickAsync("#tab-channels");
        await Assertions.Expect(page.Locator("#groupBy")).ToBeVisibleAsync();

        // The same tab in English.
        if (width == 1440)
        {
            await page.GotoAsync("/lang/en?back=" + Uri.EscapeDataString("/reports/channels?view=people&from=01.03.2025&to=31.03.2025"));
            await Assertions.Expect(page.Locator("#tab-people")).ToHaveTextAsync("Hunters and closers");
            await Assertions.Expect(page.Locator("#closers-report h2")).ToContainTextAsync("Closers");
            await Assertions.Expect(page.Locator($"#hunters-report tr[data-key='{hunter.Id}'] [data-col=waiting]")).ToHaveTextAsync("1");
            await BrowserApp.ScreenshotAsync(page, "reports-channels-people-en");
        }
    }
}
