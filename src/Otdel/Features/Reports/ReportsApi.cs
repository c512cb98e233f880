using Otdel.Data;
using Otdel.Platform;

namespace Otdel.Features.Reports;

/// <summary>/api/v1/reports: funnel, loss reasons, time in stage, sales cycle — JSON, or CSV with ?format=csv or /export.csv.</summary>
public static class ReportsApi
{
    public static void MapReports(RouteGroupBuilder api)
    {
        var g = api.MapGroup("/reports").WithTags("Reports");
        Map<FunnelReport, FunnelResult>(g, "funnel", (r, p, ct) => r.Run(p, ct), (r, x, _) => r.Csv(x));
        Map<LossReasonsReport, LossReasonsResult>(g, "loss-reasons", (r, p, ct) => r.Run(p, ct), (r, x, part) => part switch
        {
            "byStage" => r.CsvByStage(x),
            "byOwner" => r.CsvByOwner(x),
            _ => r.Csv(x),
        });
        Map<StageTimeReport, StageTimeResult>(g, "stage-time", (r, p, ct) => r.Run(p, ct), (r, x, _) => r.Csv(x));
        Map<SalesCycleReport, SalesCycleResult>(g, "sales-cycle", (r, p, ct) => r.Run(p, ct), (r, x, _) => r.Csv(x));
        MapSales(g);
        LeadReportsApi.Map(g);
    }

    /// <summary>GET /reports/sales?groupBy=&amp;from=&amp;to= (all pipelines; JSON, or CSV with ?format=csv or /export.csv).</summary>
    static void MapSales(RouteGroupBuilder g)
    {
        async Task<IResult> Handle(bool asCsv, string? groupBy, string? from, string? to, string? format, SalesReport report, OtdelDb db,
            Errors errors, CancellationToken ct)
        {
            var by = string.IsNullOrWhiteSpace(groupBy) ? "owner" : groupBy.Trim();
            if (!SalesReport.GroupBys.Contains(by)) errors.Add("groupBy", "Reports.Sales.GroupBy", string.Join(", ", SalesReport.GroupBys));
            if (format is not (null or "" or "json" or "csv")) errors.Add("format", "Reports.Format");
            var (defaultFrom, defaultTo) = ReportPeriod.TwoQuarters(db.UtcNow);
            var f = ReportPeriod.ParseDate(from, "from", defaultFrom, errors);
            var t = ReportPeriod.ParseDate(to, "to", defaultTo, errors);
            if (!errors.Any && f > t) errors.Add("to", "Reports.ToBeforeFrom");
            if (errors.Any) return errors.ToFailure().ToResult();
            var result = await report.Run(by, f, t, ct);
            return asCsv || string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase)
                ? ReportCsv.File(report.Csv(result), $"sales-{by}-{f:yyyy-MM-dd}-{t:yyyy-MM-dd}.csv")
                : Results.Ok(result);
        }

        g.MapGet("/sales", (string? groupBy, string? from, string? to, string? format, SalesReport report, OtdelDb db, Errors errors, CancellationToken ct) =>
                Handle(false, groupBy, from, to, format, report, db, errors, ct))
            .Produces(200, contentType: "text/csv").Produces<SalesResult>().ProducesValidationProblem();
        g.MapGet("/sales/export.csv", (string? groupBy, string? from, string? to, SalesReport report, OtdelDb db, Errors errors, CancellationToken ct) =>
                Handle(true, groupBy, from, to, "csv", report, db, errors, ct))
            .Produces(200, contentType: "text/csv").ProducesValidationProblem();
    }

    static void Map<TReport, TResult>(RouteGroupBuilder g, string name,
        Func<TReport, ReportPeriod, CancellationToken, Task<TResult>> run, Func<TReport, TResult, string?, byte[]> csv) where TReport : notnull
    {
        async Task<IResult> Handle(bool asCsv, string? pipelineId, string? from, string? to, string? format, string? part,
            TReport report, OtdelDb db, Access access, Errors errors, Problems problems, CancellationToken ct)
        {
            if (format is not (null or "" or "json" or "csv")) errors.Add("format", "Reports.Format");
            if (part is not (null or "" or "byStage" or "byOwner")) errors.Add("part", "Reports.Part");
            var period = await ReportPeriod.ParseAsync(pipelineId, from, to, db, access, errors, problems, ct);
            if (!period.Ok) return period.Failure!.ToResult();
            var result = await run(report, period.Value!, ct);
            return asCsv || string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase)
                ? ReportCsv.File(csv(report, result, part), FileName(name, period.Value!))
                : Results.Ok(result);
        }

        g.MapGet("/" + name, (string? pipelineId, string? from, string? to, string? format, string? part, TReport report, OtdelDb db, Access access, Errors errors, Problems problems, CancellationToken ct) =>
                Handle(false, pipelineId, from, to, format, part, report, db, access, errors, problems, ct))
            // The JSON result is what the contract describes (its fields may only be added to); ?format=csv gives the same
            // CSV as /export.csv, which is documented there. Declared last, the JSON type is the one OpenAPI keeps for 200.
            .Produces(200, contentType: "text/csv").Produces<TResult>().ProducesValidationProblem().ProducesProblem(404);
        g.MapGet("/" + name + "/export.csv", (string? pipelineId, string? from, string? to, string? part, TReport report, OtdelDb db, Access access, Errors errors, Problems problems, CancellationToken ct) =>
                Handle(true, pipelineId, from, to, "csv", part, report, db, access, errors, problems, ct))
            .Produces(200, contentType: "text/csv").ProducesValidationProblem().ProducesProblem(404);
    }

    public static string FileName(string name, ReportPeriod p) => $"{name}-{p.PipelineId}-{p.From:yyyy-MM-dd}-{p.To:yyyy-MM-dd}.csv";
}
