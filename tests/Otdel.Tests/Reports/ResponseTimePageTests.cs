using Microsoft.Playwright;
using Otdel.Features.Leads;
using Otdel.Features.Reports;
using Otdel.Tests.Infrastructure;
using static Otdel.Tests.Deals.DealsTestKit;

namespace Otdel.Tests.Reports;

/// <summary>/reports/response-time in the browser: the head sets the target, reads the API's figures by owner, a bad date said by its field.</summary>
[Collection("browser")]
public sealed class ResponseTimePageTests(BrowserApp browser)
{
    [Theory]
    [InlineData(1440)]
    [InlineData(1024)]
    [InlineData(390)]
    public async Task The_head_sets_the_target_and_reads_response_times_on_desktop_and_phone(int width)
    {
        var app = browser.App;
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var seller = await dep.AddPersonAsync("hunter", name: "Хантер " + dep.Tag);
        await using (var db = app.OpenDb())
        {
            // Monday 3 March 2025, Moscow (the company's calendar): 9:00 + 5, 10, 30 and 50 working minutes.
            var monday = new DateTime(2025, 3, 3, 6, 0, 0, DateTimeKind.Utc);
            foreach (var (i, minutes) in new[] { (0, 5), (1, 10), (2, 30), (3, 50) })
                db.Leads.Add(new Lead
                {
                    Name = $"Лид {i} {dep.Tag}", OwnerId = seller.Id, ArrivedAt = monday.AddHours(i), CreatedAt = monday.AddHours(i),
                    FirstContactAt = monday.AddHours(i).AddMinutes(minutes), Status = LeadStatus.New,
                });
            await db.SaveChangesAsync();
        }

        var page = await browser.NewPageAsync(width, timeout: 10_000);
        await browser.SignInAsync(page, dep.HeadEmail);
        await page.GotoAsync("/reports");
        await page.ClickAsync("#response-report-link");
        await Assertions.Expect(page.Locator("#minutes")).ToHaveValueAsync("15");
        await page.FillAsync("#minutes", "0");
        await page.ClickAsync("#target-save");
        await Assertions.Expect(page.Locator("#minutes-error")).Not.ToBeEmptyAsync();
        await page.FillAsync("#minutes", "20");
        await page.ClickAsync("#target-save");
        await Assertions.Expect(page.Locator("#saved")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#target-now")).ToContainTextAsync("20");

        var api = await head.GetJson<ResponseTimeResult>("/api/v1/reports/response-time?from=2025-03-01&to=2025-03-31");
        var row = api.Rows.Single(r => r.Key == seller.Id.ToString());
        Assert.Equal((4L, 20.0, 50.0, 2L, 0L), (row.Count, row.MedianMinutes, row.P90Minutes, row.Missed, row.Waiting));

        await page.SelectOptionAsync("#groupBy", "user");
        await page.FillAsync("#from", "01.03.2025");
        await page.FillAsync("#to", "31.03.2025");
        await page.ClickAsync("#response-show");
        var tr = page.Locator($"#response-report tr[data-key='{seller.Id}']");
        await Assertions.Expect(tr.Locator("td.name")).ToHaveTextAsync("Хантер " + dep.Tag);
        await Assertions.Expect(tr.Locator("[data-col=count]")).ToHaveTextAsync("4");
        await Assertions.Expect(tr.Locator("[data-col=median]")).ToHaveTextAsync("20");
        await Assertions.Expect(tr.Locator("[data-col=p90]")).ToHaveTextAsync("50");
        await Assertions.Expect(tr.Locator("[data-col=missed]")).ToHaveTextAsync("2");
        await Assertions.Expect(tr.Locator("[data-col=waiting]")).ToHaveTextAsync("0");
        await BrowserApp.AssertFitsAsync(page, width);
        await BrowserApp.ScreenshotAsync(page, $"reports-response-w{width}");

        await page.FillAsync("#to", "31.02.2025");
        await page.ClickAsync("#response-show");
        await Assertions.Expect(page.Locator("#to-error")).Not.ToBeEmptyAsync();
        Assert.Equal("31.02.2025", await page.InputValueAsync("#to"));
    }
}
