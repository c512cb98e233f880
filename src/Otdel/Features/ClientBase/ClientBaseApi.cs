using Otdel.Data;
using Otdel.Features.Clients;
using Otdel.Features.Reports;
using Otdel.Platform;

namespace Otdel.Features.ClientBase;

/// <summary>
/// /api/v1/reports/abc (ABC analysis of clients, + /export.csv) and /api/v1/reports/client-quality (the base's quality
/// score per owner, + /export.csv, + /issues: what to fix), and the key-account marks on clients (Clients' MarkKeyAccount).
/// Refusals name their field; unknown owners and teams are refused as "no such" (the visibility rule).
/// </summary>
public static class ClientBaseApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var g = api.MapGroup("/reports").WithTags("Client base");
        var clients = api.MapGroup("/clients").WithTags("Client base");

        // Key accounts: a head marks a client and names its KAM (blank: the owner), or takes the mark off; A clients at once.
        clients.MapPost("/{id:long}/key-account", async (long id, KeyAccountInput input, MarkKeyAccount mark, CancellationToken ct) =>
            (await mark.MarkAsync(id, input, ct)).ToResult(Results.Ok));
        clients.MapDelete("/{id:long}/key-account", async (long id, MarkKeyAccount mark, CancellationToken ct) =>
            (await mark.UnmarkAsync(id, ct)).ToResult(Results.Ok));
        clients.MapPost("/key-accounts", async (KeyAccountsInput input, MarkKeyAccount mark, CancellationToken ct) =>
            (await mark.MarkManyAsync(input, ct)).ToResult(Results.Ok));

        async Task<IResult> Abc(bool asCsv, string? by, string? from, string? to, long? ownerId, long? teamId, string? format, AbcReport report,
            OtdelDb db, References refs, Errors errors, CancellationToken ct)
        {
            var basis = string.IsNullOrWhiteSpace(by) ? "revenue" : by.Trim();
            if (!AbcReport.Bases.Contains(basis)) errors.Add("by", "ClientBase.Abc.BadBasis", string.Join(", ", AbcReport.Bases));
            if (format is not (null or "" or "json" or "csv")) errors.Add("format", "Reports.Format");
            var (defaultFrom, defaultTo) = ReportPeriod.TwoQuarters(db.UtcNow);
            var f = ReportPeriod.ParseDate(from, "from", defaultFrom, errors);
            var t = ReportPeriod.ParseDate(to, "to", defaultTo, errors);
            // Both dates read: a reversed period is said even beside another field's refusal.
            if (errors.For("from") is null && errors.For("to") is null && f > t) errors.Add("to", "Reports.ToBeforeFrom");
            if (ownerId is { } oid) refs.Owner(oid, "ownerId");
            if (teamId is { } tid) await refs.TeamAsync(tid, "teamId", ct);
            if (errors.Any) return errors.ToFailure().ToResult();
            var result = await report.RunAsync(basis, f, t, ownerId, teamId, ct);
            return asCsv || string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase)
                ? ReportCsv.File(report.Csv(result), $"abc-{basis}-{f:yyyy-MM-dd}-{t:yyyy-MM-dd}.csv")
                : Results.Ok(result);
        }

        g.MapGet("/abc", (string? by, string? from, string? to, long? ownerId, long? teamId, string? format, AbcReport report, OtdelDb db,
                References refs, Errors errors, CancellationToken ct) => Abc(false, by, from, to, ownerId, teamId, format, report, db, refs, errors, ct))
            .Produces(200, contentType: "text/csv").Produces<AbcResult>().ProducesValidationProblem();
        g.MapGet("/abc/export.csv", (string? by, string? from, string? to, long? ownerId, long? teamId, AbcReport report, OtdelDb db,
                References refs, Errors errors, CancellationToken ct) => Abc(true, by, from, to, ownerId, teamId, "csv", report, db, refs, errors, ct))
            .Produces(200, contentType: "text/csv").ProducesValidationProblem();

        async Task<IResult> Quality(bool asCsv, string? month, long? ownerId, int? staleDays, string? format, ClientQualityReport report,
            QualitySnapshots snapshots, OtdelDb db, References refs, Errors errors, CancellationToken ct)
        {
            var (m, asOf, days) = QualityMonth.Read(month, staleDays, db.UtcNow, errors);
            if (format is not (null or "" or "json" or "csv")) errors.Add("format", "Reports.Format");
            if (ownerId is { } oid) refs.Owner(oid, "ownerId");
            if (errors.Any) return errors.ToFailure().ToResult();
            var result = await snapshots.MonthAsync(m, asOf, days, ownerId, ct);
            return asCsv || string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase)
                ? ReportCsv.File(report.Csv(result), $"client-quality-{result.Month}.csv")
                : Results.Ok(result);
        }

        g.MapGet("/client-quality", (string? month, long? ownerId, int? staleDays, string? format, ClientQualityReport report, QualitySnapshots snapshots,
                OtdelDb db, References refs, Errors errors, CancellationToken ct) =>
                Quality(false, month, ownerId, staleDays, format, report, snapshots, db, refs, errors, ct))
            .Produces(200, contentType: "text/csv").Produces<QualityResult>().ProducesValidationProblem();
        g.MapGet("/client-quality/export.csv", (string? month, long? ownerId, int? staleDays, ClientQualityReport report, QualitySnapshots snapshots,
                OtdelDb db, References refs, Errors errors, CancellationToken ct) =>
                Quality(true, month, ownerId, staleDays, "csv", report, snapshots, db, refs, errors, ct))
            .Produces(200, contentType: "text/csv").ProducesValidationProblem();

        // The score of each ended month from its snapshot (null: none taken), for the trend on the page.
        g.MapGet("/client-quality/trend", async (int? months, long? ownerId, QualitySnapshots snapshots, References refs, Errors errors,
            CancellationToken ct) =>
        {
            if (months is < 1 or > QualitySnapshots.MaxTrendMonths) errors.Add("months", "ClientBase.Quality.BadMonths", 1, QualitySnapshots.MaxTrendMonths);
            if (ownerId is { } oid) refs.Owner(oid, "ownerId");
            if (errors.Any) return errors.ToFailure().ToResult();
            return Results.Ok(await snapshots.TrendAsync(months ?? 12, ownerId, ct));
        }).Produces<QualityTrend>().ProducesValidationProblem();

        g.MapGet("/client-quality/issues", async (long? ownerId, int? staleDays, int? limit, ClientQualityReport report, OtdelDb db,
            References refs, Errors errors, CancellationToken ct) =>
        {
            var (_, now, days) = QualityMonth.Read(null, staleDays, db.UtcNow, errors);
            if (limit is < 1 or > 1000) errors.Add("limit", "ClientBase.Quality.BadLimit", 1, 1000);
            if (ownerId is { } oid) refs.Owner(oid, "ownerId");
            if (errors.Any) return errors.ToFailure().ToResult();
            return Results.Ok(await report.IssuesAsync(now, days, ownerId, limit ?? 200, ct));
        }).Produces<QualityIssues>().ProducesValidationProblem();
    }
}
