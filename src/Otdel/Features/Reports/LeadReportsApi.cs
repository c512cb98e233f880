using Otdel.Data;
using Otdel.Platform;

namespace Otdel.Features.Reports;

/// <summary>
/// The lead reports under /api/v1/reports: channels (issue 10) and response time (issue 11) — a grouping and a period of
/// whole days, JSON, or CSV with ?format=csv or /export.csv, like the sales report.
/// </summary>
public static class LeadReportsApi
{
    public static void Map(RouteGroupBuilder g)
    {
        MapGrouped<ChannelReport, ChannelResult>(g, "channels", ChannelReport.GroupBys, "channel", "Reports.Channels.GroupBy",
            (r, by, f, t, ct) => r.Run(by, f, t, ct), (r, x) => r.Csv(x));
        MapGrouped<ResponseTimeReport, ResponseTimeResult>(g, "response-time", ResponseTimeReport.GroupBys, "user", "Reports.Response.GroupBy",
            (r, by, f, t, ct) => r.Run(by, f, t, ct), (r, x) => r.Csv(x));

        MapPeople(g);

        // The department's target for a first contact (working minutes): everyone reads it, the head sets it.
        g.MapGet("/response-time/target", async (long? departmentId, SaveResponseTarget targets, CancellationToken ct) =>
            (await targets.ReadAsync(departmentId, ct)).ToResult(Results.Ok)).Produces<ResponseTargetView>();
        g.MapPut("/response-time/target", async (ResponseTargetInput input, SaveResponseTarget targets, CancellationToken ct) =>
            (await targets.SaveAsync(input, ct)).ToResult(Results.Ok)).Produces<ResponseTargetView>();
    }

    /// <summary>GET /reports/channels/people?from=&amp;to=[&amp;teamId=]: the hunters and closers of the channel report's cohort.</summary>
    static void MapPeople(RouteGroupBuilder g)
    {
        async Task<IResult> Handle(bool asCsv, string? from, string? to, long? teamId, string? format, ChannelPeopleReport report, OtdelDb db,
            References refs, Errors errors, CancellationToken ct)
        {
            if (format is not (null or "" or "json" or "csv")) errors.Add("format", "Reports.Format");
            var (defaultFrom, defaultTo) = ReportPeriod.TwoQuarters(db.UtcNow);
            var f = ReportPeriod.ParseDate(from, "from", defaultFrom, errors);
            var t = ReportPeriod.ParseDate(to, "to", defaultTo, errors);
            if (errors.For("from") is null && errors.For("to") is null && f > t) errors.Add("to", "Reports.ToBeforeFrom");
            if (teamId is { } tid) await refs.TeamAsync(tid, "teamId", ct);
            if (errors.Any) return errors.ToFailure().ToResult();
            var result = await report.RunAsync(f, t, teamId, ct);
            return asCsv || string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase)
                ? ReportCsv.File(report.Csv(result), ChannelPeopleReport.FileName(result))
                : Results.Ok(result);
        }

        g.MapGet("/channels/people", (string? from, string? to, long? teamId, string? format, ChannelPeopleReport report, OtdelDb db,
                References refs, Errors errors, CancellationToken ct) => Handle(false, from, to, teamId, format, report, db, refs, errors, ct))
            .Produces(200, contentType: "text/csv").Produces<ChannelPeopleResult>().ProducesValidationProblem();
        g.MapGet("/channels/people/export.csv", (string? from, string? to, long? teamId, ChannelPeopleReport report, OtdelDb db,
                References refs, Errors errors, CancellationToken ct) => Handle(true, from, to, teamId, "csv", report, db, refs, errors, ct))
            .Produces(200, contentType: "text/csv").ProducesValidationProblem();
    }

    internal static void MapGrouped<TReport, TResult>(RouteGroupBuilder g, string name, string[] groupBys, string defaultGroup, string groupByError,
        Func<TReport, string, DateOnly, DateOnly, CancellationToken, Task<TResult>> run, Func<TReport, TResult, byte[]> csv) where TReport : notnull
    {
        async Task<IResult> Handle(bool asCsv, string? groupBy, string? from, string? to, string? format, TReport report, OtdelDb db,
            Errors errors, CancellationToken ct)
        {
            var by = string.IsNullOrWhiteSpace(groupBy) ? defaultGroup : groupBy.Trim();
            if (!groupBys.Contains(by)) errors.Add("groupBy", groupByError, string.Join(", ", groupBys));
            if (format is not (null or "" or "json" or "csv")) errors.Add("format", "Reports.Format");
            var (defaultFrom, defaultTo) = ReportPeriod.TwoQuarters(db.UtcNow);
            var f = ReportPeriod.ParseDate(from, "from", defaultFrom, errors);
            var t = ReportPeriod.ParseDate(to, "to", defaultTo, errors);
            if (!errors.Any && f > t) errors.Add("to", "Reports.ToBeforeFrom");
            if (errors.Any) return errors.ToFailure().ToResult();
            var result = await run(report, by, f, t, ct);
            return asCsv || string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase)
                ? ReportCsv.File(csv(report, result), $"{name}-{by}-{f:yyyy-MM-dd}-{t:yyyy-MM-dd}.csv")
                : Results.Ok(result);
        }

        g.MapGet("/" + name, (string? groupBy, string? from, string? to, string? format, TReport report, OtdelDb db, Errors errors, CancellationToken ct) =>
                Handle(false, groupBy, from, to, format, report, db, errors, ct))
            .Produces(200, contentType: "text/csv").Produces<TResult>().ProducesValidationProblem();
        g.MapGet("/" + name + "/export.csv", (string? groupBy, string? from, string? to, TReport report, OtdelDb db, Errors errors, CancellationToken ct) =>
                Handle(true, groupBy, from, to, "csv", report, db, errors, ct))
            .Produces(200, contentType: "text/csv").ProducesValidationProblem();
    }
}
