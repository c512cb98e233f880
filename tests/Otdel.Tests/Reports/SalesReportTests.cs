using System.Net;
using Otdel.Features.Deals;
using Otdel.Features.Reports;
using Otdel.Tests.Infrastructure;
using static Otdel.Tests.Deals.DealsTestKit;

namespace Otdel.Tests.Reports;

/// <summary>GET /api/v1/reports/sales against a computation from the inserted rows, every grouping, on both engines.</summary>
public abstract class SalesReportTests(TestApp app)
{
    [Fact]
    public async Task Every_grouping_equals_a_count_from_the_raw_deals_and_bad_input_is_named()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var a = await dep.AddPersonAsync("closer");
        var b = await dep.AddPersonAsync("closer");
        var pipeline = await head.NewPipelineAsync("simple");
        var rnd = new Random(42);
        var owners = new[] { a.Id, b.Id, dep.HeadId };
        var rows = new List<Deal>();
        await using (var db = app.OpenDb())
        {
            for (var i = 0; i < 60; i++)
            {
                var closed = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddHours(rnd.Next(0, 24 * 200));
                var status = rnd.Next(3) == 0 ? DealStatus.Lost : rnd.Next(4) == 0 ? DealStatus.Open : DealStatus.Won;
                var d = new Deal
                {
                    Title = $"Продажа {i}", PipelineId = pipeline.Id, StageId = pipeline.Stages[0].Id, OwnerId = owners[rnd.Next(3)], Status = status,
                    Amount = rnd.Next(1, 500) * 1000.5m, CreatedAt = closed.AddDays(-rnd.Next(0, 90)).AddHours(-rnd.Next(0, 20)),
                    ClosedAt = status == DealStatus.Open ? null : closed, StageEnteredAt = closed,
                    Products = rnd.Next(3) == 0 ? null : $"Станок {rnd.Next(3)}", Source = rnd.Next(2) == 0 ? "Выставка" : "Сайт",
                };
                db.Deals.Add(d);
                rows.Add(d);
            }
            await db.SaveChangesAsync();
        }

        var from = new DateOnly(2025, 2, 1);
        var to = new DateOnly(2025, 5, 31);
        var inPeriod = rows.Where(d => d.Status != DealStatus.Open && d.ClosedAt >= from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)
            && d.ClosedAt < to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)).ToList();
        foreach (var groupBy in SalesReport.GroupBys)
        {
            var report = await head.GetJson<SalesResult>($"/api/v1/reports/sales?groupBy={groupBy}&from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}");
            string? KeyOf(Deal d) => groupBy switch
            {
                "owner" => d.OwnerId.ToString(),
                "manager" => d.OwnerId == dep.HeadId ? null : dep.HeadId.ToString(), // the sellers report to the head; the head to no one
                "team" or "department" when groupBy == "team" => null,
                "department" => dep.Id.ToString(),
                "product" => d.Products,
                "source" => d.Source,
                _ => d.ClosedAt!.Value.ToString("yyyy-MM"),
            };
            var expected = inPeriod.GroupBy(KeyOf).Select(g => Expected(g.Key, g.ToList())).OrderBy(x => x.Key, StringComparer.Ordinal).ToList();
            var actual = report.Rows.Select(r => (r.Key, r.Won, r.Lost, r.WinRate, r.RevenueWon, r.AvgWonDeal, r.MedianCycleDays))
                .OrderBy(x => x.Key, StringComparer.Ordinal).ToList();
            Assert.Equal(expected, actual);
            Assert.Equal(Expected(null, inPeriod), (report.Total.Key, report.Total.Won, report.Total.Lost, report.Total.WinRate,
                report.Total.RevenueWon, report.Total.AvgWonDeal, report.Total.MedianCycleDays));
        }

        // A seller counts only their own deals.
        var mine = await app.Client(a.Token).GetJson<SalesResult>($"/api/v1/reports/sales?from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}");
        Assert.Equal(inPeriod.Count(d => d.OwnerId == a.Id), mine.Total.Won + mine.Total.Lost);

        var bad = await Problem(await head.GetAsync("/api/v1/reports/sales?groupBy=colour&from=2025-13-01"), HttpStatusCode.BadRequest);
        Assert.Equal(["from", "groupBy"], bad.ErrorFields().Order());
        var csv = await head.GetStringAsync($"/api/v1/reports/sales/export.csv?groupBy=source&from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}");
        Assert.Contains("Выставка", csv);
    }

    static (string? Key, long Won, long Lost, double? WinRate, decimal Revenue, decimal? Avg, double? Median) Expected(string? key, List<Deal> deals) =>
        SalesExpectation.Of(key, deals.Select(d => new SalesExpectation.Closed(d.Status, d.Amount, d.CreatedAt, d.ClosedAt!.Value)).ToList());
}

[Collection("sqlite")]
public sealed class SalesReportTests_Sqlite(SqliteApp app) : SalesReportTests(app);

[Collection("postgres")]
public sealed class SalesReportTests_Postgres(PostgresApp app) : SalesReportTests(app);
