using Microsoft.Playwright;
using Otdel.Tests.Infrastructure;

using Otdel.Tests.Deals;
using Otdel.Tests.Reports;

namespace Otdel.Tests.Reports;

/// <summary>The /reports page in Chromium: the head picks a period and reads the funnel with its bottleneck.</summary>
[Collection("browser")]
public sealed class ReportsPageTests(BrowserApp browser)
{
    [Fact]
    public async Task Head_opens_the_reports_for_a_period_and_sees_the_bottleneck_named_and_csv_links()
    {
        var app = browser.App;
        var dep = await app.NewDepartmentAsync();
        var a = await dep.AddPersonAsync("closer", name: "Анна Смирнова");
        var b = await dep.AddPersonAsync("hunter", name: "Борис Котов");
        var seed = await ReportsSeed.CreateAsync(app, dep.Id, [a.Id, b.Id], 11);

        var page = await browser.NewPageAsync();
        await browser.SignInAsync(page, dep.HeadEmail);
        await page.GotoAsync($"/reports?pipelineId={seed.PipelineId}&period=custom&from=2025-03-01&to=2025-03-31");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Отчёты");
        var rows = page.Locator("table.funnel tbody tr[data-stage]");
        await Assertions.Expect(rows).ToHaveCountAsync(5);
        var bottleneck = page.Locator("table.funnel tr.bottleneck");
        await Assertions.Expect(bottleneck).ToHaveCountAsync(1);
        await Assertions.Expect(bottleneck).ToContainTextAsync("узкое место");
        await Assertions.Expect(page.Locator("#loss-by-stage a:has-text('CSV')")).ToHaveAttributeAsync("href", $"/api/v1/reports/loss-reasons/export.csv?pipelineId={seed.PipelineId}&from=2025-03-01&to=2025-03-31&part=byStage");
        await Assertions.Expect(page.Locator("#stage-time table tbody tr").First).ToBeVisibleAsync();
        await BrowserApp.ScreenshotAsync(page, "reports-funnel");

        // The CSV link works with the page's cookie.
        var csv = await page.APIRequest.GetAsync($"/api/v1/reports/funnel/export.csv?pipelineId={seed.PipelineId}&from=2025-03-01&to=2025-03-31");
        Assert.Equal(200, csv.Status);
        Assert.StartsWith("\uFEFFСтадия;Этап", System.Text.Encoding.UTF8.GetString(await csv.BodyAsync()));

        // Reversed dates: the message stands next to "По", nothing is computed.
        await page.GotoAsync($"/reports?pipelineId={seed.PipelineId}&period=custom&from=2025-03-31&to=2025-03-01");
        await Assertions.Expect(page.Locator("#to + .field-error")).ToContainTextAsync("не может быть раньше");
        await Assertions.Expect(page.Locator("table.funnel")).ToHaveCountAsync(0);
    }
}
