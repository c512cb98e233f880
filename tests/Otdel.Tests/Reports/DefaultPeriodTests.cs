using System.Text.Json;
using Microsoft.Playwright;
using Otdel.Tests.Infrastructure;

namespace Otdel.Tests.Reports;

/// <summary>
/// Reports open on something (issue "screens", finding 9): with no dates the period is the last full quarter and the
/// current one — on 2 December, 1 July to 31 December — not "this month", which is empty on its first days.
/// </summary>
[Collection("sqlite")]
public sealed class DefaultPeriodTests(SqliteApp app)
{
    [Fact]
    public async Task Without_dates_a_report_covers_the_last_full_quarter_and_this_one()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var pipeline = await head.NewPipelineAsync("simple");
        app.Clock.Set(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero));
        try
        {
            var funnel = await head.GetJson<JsonElement>($"/api/v1/reports/funnel?pipelineId={pipeline.Id}");
            Assert.Equal("2026-07-01", funnel.GetProperty("from").GetString());
            Assert.Equal("2026-12-31", funnel.GetProperty("to").GetString());
            app.Clock.Set(new DateTimeOffset(2027, 2, 10, 9, 0, 0, TimeSpan.Zero));
            funnel = await head.GetJson<JsonElement>($"/api/v1/reports/funnel?pipelineId={pipeline.Id}");
            Assert.Equal("2026-10-01", funnel.GetProperty("from").GetString());
            Assert.Equal("2027-03-31", funnel.GetProperty("to").GetString());
        }
        finally
        {
            app.Clock.Reset();
        }
    }
}
