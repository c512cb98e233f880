using Microsoft.Playwright;
using Otdel.Tests.Infrastructure;

using Otdel.Tests.Deals;
using Otdel.Tests.Reports;

namespace Otdel.Tests.Reports;

/// <summary>The /reports page in Chromium: the head picks a period, reads the funnel with its bottleneck and the charts.</summary>
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

    [Theory]
    [InlineData(1440)]
    [InlineData(390)]
    public async Task The_funnel_and_time_in_stage_are_drawn_as_charts_beside_their_tables_and_fit_a_phone(int width)
    {
        var app = browser.App;
        var dep = await app.NewDepartmentAsync();
        var a = await dep.AddPersonAsync("closer", name: "Анна Смирнова");
        var b = await dep.AddPersonAsync("hunter", name: "Борис Котов");
        var seed = await ReportsSeed.CreateAsync(app, dep.Id, [a.Id, b.Id], 11);
        var page = await browser.NewPageAsync(width, timeout: 10_000);
        await browser.SignInAsync(page, dep.HeadEmail);
        var query = $"pipelineId={seed.PipelineId}&from=2025-03-01&to=2025-03-31";
        await page.GotoAsync($"/reports?period=custom&{query}");

        // The funnel: one bar per stage, the bottleneck's row marked with ⚠ as well as red, an accessible name.
        var funnel = page.Locator("#funnel-chart svg[role=img]");
        await Assertions.Expect(funnel).ToHaveAttributeAsync("aria-label", new System.Text.RegularExpressions.Regex("сделок вошло на каждый этап"));
        await Assertions.Expect(funnel.Locator("rect.bar")).ToHaveCountAsync(seed.Stages.Count);
        await Assertions.Expect(funnel.Locator("g.row.danger")).ToHaveCountAsync(1);
        await Assertions.Expect(funnel.Locator("g.row.danger text.value")).ToContainTextAsync("⚠");

        // Time in stage: a bar per stage that deals left in the period, the over-limit ones red with ⚠ — the same stages
        // the API flags and the table marks in words — and a dashed line for each stage that has a limit.
        var json = System.Text.Json.JsonDocument.Parse(await (await page.APIRequest.GetAsync($"/api/v1/reports/stage-time?{query}")).TextAsync()).RootElement;
        var stages = json.GetProperty("stages").EnumerateArray().ToList();
        var over = stages.Where(x => x.GetProperty("isOverLimit").GetBoolean()).Select(x => x.GetProperty("stageId").GetInt64().ToString()).ToList();
        Assert.NotEmpty(over);
        Assert.True(over.Count < stages.Count, "some stage is within its limit");
        var chart = page.Locator("#stage-time-chart svg[role=img]");
        await Assertions.Expect(chart.Locator("rect.bar")).ToHaveCountAsync(stages.Count);
        await Assertions.Expect(chart.Locator("rect.bar.danger")).ToHaveCountAsync(over.Count);
        Assert.Equal(over, await chart.Locator("g.row.danger").EvaluateAllAsync<string[]>("gs => gs.map(g => g.getAttribute('data-key'))"));
        await Assertions.Expect(chart.Locator("g.row.danger text.value").First).ToContainTextAsync("⚠");
        var limited = stages.Count(x => x.GetProperty("limitHours").ValueKind == System.Text.Json.JsonValueKind.Number);
        await Assertions.Expect(chart.Locator("line.limit")).ToHaveCountAsync(limited);
        Assert.Equal("rgb(217, 45, 32)", await chart.Locator("rect.bar.danger").First.EvaluateAsync<string>("r => getComputedStyle(r).fill"));
        var overRows = page.Locator("table.stage-time tr.stage-row.over-limit");
        Assert.Equal(over, await overRows.EvaluateAllAsync<string[]>("rs => rs.map(r => r.getAttribute('data-stage'))"));
        await Assertions.Expect(overRows.First).ToContainTextAsync("⚠ сверх лимита");
        // Working days and hours, not decimals: «Договор» has a limit of one working day (9 h).
        var contract = page.Locator($"table.stage-time tr.stage-row[data-stage='{seed.Stages[3].Id}']");
        await Assertions.Expect(contract.Locator("td").Nth(3)).ToHaveTextAsync("1 раб. дн.");
        var workingTime = new System.Text.RegularExpressions.Regex(@"^(⚠ )?(\d+ раб\. дн\.( \d+ ч)?|\d+ ч|\d+ мин)$");
        await Assertions.Expect(contract.Locator("td").Nth(1)).ToHaveTextAsync(workingTime);

        var wide = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        var inner = await page.EvaluateAsync<int>("() => window.innerWidth");
        await BrowserApp.ScreenshotAsync(page, $"reports-charts-w{width}");
        await page.Locator("#stage-time").ScreenshotAsync(new() { Path = ShotPath($"reports-stage-time-w{width}") });
        await page.Locator("#funnel").ScreenshotAsync(new() { Path = ShotPath($"reports-funnel-chart-w{width}") });
        Assert.True(wide <= inner, $"the page is {wide} px wide on a {inner} px screen");
        await page.Context.CloseAsync();
    }

    static string ShotPath(string name)
    {
        var dir = Environment.GetEnvironmentVariable("OTDEL_TEST_SCREENSHOTS") ?? Path.Combine(Path.GetTempPath(), "otdel-screenshots");
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, name + ".png");
    }
}
