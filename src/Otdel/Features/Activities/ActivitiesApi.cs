using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Platform;

namespace Otdel.Features.Activities;

/// <summary>
/// /api/v1/activities: list (by kind, deal, client, lead, author, period; newest first, keyset pages), read, log; and
/// /api/v1/reports/activity (per person, team, day, week or month; JSON or CSV).
/// </summary>
public static class ActivitiesApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var g = api.MapGroup("/activities").WithTags("Activities");

        g.MapGet("/", async (string? kind, long? dealId, long? clientId, long? leadId, long? authorId, DateTime? from, DateTime? to,
            string? cursor, int? limit, ActivityList list, References refs, LocalTime local, Errors errors, CancellationToken ct) =>
        {
            ActivityKind? k = null;
            if (kind is not null && (k = ActivityRules.Word<ActivityKind>(kind)) is null) errors.Add("kind", "Activities.BadKind");
            var before = ActivityList.ParseCursor(cursor);
            if (cursor is not null && before is null) errors.Add("cursor", "Error.BadValue");
            var fromUtc = from is { } f ? ActivityRules.Moment(f, local.Zone, "from", errors) : null;
            var toUtc = to is { } t ? ActivityRules.Moment(t, local.Zone, "to", errors) : null;
            if (authorId is { } a) refs.Owner(a, "authorId");
            if (dealId is { } d) await refs.DealAsync(d, "dealId", ct);
            if (clientId is { } c) await refs.ClientAsync(c, "clientId", ct);
            if (leadId is { } l) await refs.LeadAsync(l, "leadId", ct);
            if (errors.Any) return errors.ToFailure().ToResult();
            var page = await list.PageAsync(new(k, dealId, clientId, leadId, authorId, fromUtc, toUtc), before, Math.Clamp(limit ?? 50, 1, 500), ct);
            return Results.Ok(page);
        }).Produces<ActivityPage>();

        g.MapGet("/{id:long}", async (long id, OtdelDb db, Access access, Problems problems, CancellationToken ct) =>
            await db.Activities.VisibleTo(access).AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct) is { } a
                ? Results.Ok(ActivityView.Of(a))
                : problems.NotFound().ToResult()).Produces<ActivityView>();

        g.MapPost("/", async (ActivityInput input, LogActivity log, CancellationToken ct) =>
            (await log.CreateAsync(input, ct)).ToResult(a => Results.Created($"/api/v1/activities/{a.Id}", a)))
            .Produces<ActivityView>(StatusCodes.Status201Created);

        var reports = api.MapGroup("/reports").WithTags("Reports");
        async Task<IResult> Report(bool csv, string? groupBy, string? from, string? to, long? teamId, long? userId, string? format,
            ActivityReport report, References refs, LocalTime local, TimeProvider clock, Errors errors, CancellationToken ct)
        {
            if (format is not (null or "" or "json" or "csv")) errors.Add("format", "Activities.Report.Format");
            var q = await ActivityReportQuery.ParseAsync(groupBy, from, to, teamId, userId, DateOnly.FromDateTime(local.Now(clock)), refs, errors, ct);
            if (q is null || errors.Any) return errors.ToFailure().ToResult();
            var result = await report.RunAsync(q.By, q.From, q.To, q.TeamId, q.UserId, ct);
            return csv || string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase)
                ? Reports.ReportCsv.File(report.Csv(result), $"activity-{result.GroupBy}-{q.From:yyyy-MM-dd}-{q.To:yyyy-MM-dd}.csv")
                : Results.Ok(result);
        }

        reports.MapGet("/activity", (string? groupBy, string? from, string? to, long? teamId, long? userId, string? format, ActivityReport report,
                References refs, LocalTime local, TimeProvider clock, Errors errors, CancellationToken ct) =>
                Report(false, groupBy, from, to, teamId, userId, format, report, refs, local, clock, errors, ct))
            .Produces(200, contentType: "text/csv").Produces<ActivityReportResult>().ProducesValidationProblem();
        reports.MapGet("/activity/export.csv", (string? groupBy, string? from, string? to, long? teamId, long? userId, ActivityReport report,
                References refs, LocalTime local, TimeProvider clock, Errors errors, CancellationToken ct) =>
                Report(true, groupBy, from, to, teamId, userId, "csv", report, refs, local, clock, errors, ct))
            .Produces(200, contentType: "text/csv").ProducesValidationProblem();
        reports.MapGet("/activity/daily", async (string? date, long? teamId, ActivityReport report, References refs, LocalTime local, TimeProvider clock,
            Errors errors, CancellationToken ct) =>
        {
            var day = ActivityReportQuery.Date(date, "date", DateOnly.FromDateTime(local.Now(clock)), errors);
            if (teamId is { } tid) await refs.TeamAsync(tid, "teamId", ct);
            if (errors.Any) return errors.ToFailure().ToResult();
            return Results.Ok(await report.DailyAsync(day!.Value, teamId, ct));
        }).Produces<DailyReport>().ProducesValidationProblem();
    }
}
