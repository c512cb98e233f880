using System.Globalization;
using Microsoft.Extensions.Localization;
using Otdel.Features.Plans;
using Otdel.Features.Reports;
using Otdel.Platform;
using Otdel.Resources;

namespace Otdel.Features.Activities;

/// <summary>The working-day map's query as typed: a period (this week by default, on the caller's department's clock), a team or a person.</summary>
public sealed record WorkingDayQuery(DateOnly From, DateOnly To, long? TeamId, long? UserId)
{
    /// <summary>From/to ISO or дд.мм.гггг (default: this week, Monday to Sunday), from ≤ to, at most a year; a team or person one sees.</summary>
    public static async Task<WorkingDayQuery?> ParseAsync(string? from, string? to, long? teamId, long? userId, Access access, Calendars calendars,
        TimeProvider clock, References refs, Errors errors, CancellationToken ct)
    {
        var (_, zone) = await calendars.ForDepartmentAsync(access.User?.DepartmentId, ct);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(clock.GetUtcNow().UtcDateTime, zone));
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        var f = ActivityReportQuery.Date(from, "from", monday, errors);
        var t = ActivityReportQuery.Date(to, "to", monday.AddDays(6), errors);
        if (f is { } a && t is { } b)
        {
            if (a > b) errors.Add("to", "Activities.Report.ToBeforeFrom");
            else if (b.DayNumber - a.DayNumber + 1 > ActivityReport.MaxDays) errors.Add("to", "Activities.Report.TooLong", ActivityReport.MaxDays);
        }
        if (teamId is { } tid) await refs.TeamAsync(tid, "teamId", ct);
        if (userId is { } uid) refs.Owner(uid, "userId");
        return errors.Any ? null : new WorkingDayQuery(f!.Value, t!.Value, teamId, userId);
    }

    public string Query => $"from={From:yyyy-MM-dd}&to={To:yyyy-MM-dd}" + (TeamId is { } t ? $"&teamId={t}" : "") + (UserId is { } u ? $"&userId={u}" : "");
}

/// <summary>GET /api/v1/reports/working-day (+ /export.csv): the department's working-day map.</summary>
public static class WorkingDayApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var reports = api.MapGroup("/reports").WithTags("Reports");
        reports.MapGet("/working-day", (string? from, string? to, long? teamId, long? userId, WorkingDayReport report, Access access,
                Calendars calendars, TimeProvider clock, References refs, Errors errors, IStringLocalizer<Text> t, CancellationToken ct) =>
                Run(false, from, to, teamId, userId, report, access, calendars, clock, refs, errors, t, ct))
            .Produces<WorkingDayResult>().ProducesValidationProblem();
        reports.MapGet("/working-day/export.csv", (string? from, string? to, long? teamId, long? userId, WorkingDayReport report, Access access,
                Calendars calendars, TimeProvider clock, References refs, Errors errors, IStringLocalizer<Text> t, CancellationToken ct) =>
                Run(true, from, to, teamId, userId, report, access, calendars, clock, refs, errors, t, ct))
            .Produces(200, contentType: "text/csv").ProducesValidationProblem();
    }

    static async Task<IResult> Run(bool csv, string? from, string? to, long? teamId, long? userId, WorkingDayReport report, Access access,
        Calendars calendars, TimeProvider clock, References refs, Errors errors, IStringLocalizer<Text> t, CancellationToken ct)
    {
        var q = await WorkingDayQuery.ParseAsync(from, to, teamId, userId, access, calendars, clock, refs, errors, ct);
        if (q is null) return errors.ToFailure().ToResult();
        var result = await report.RunAsync(q.From, q.To, q.TeamId, q.UserId, ct);
        return csv ? ReportCsv.File(Csv(result, t), $"working-day-{q.From:yyyy-MM-dd}-{q.To:yyyy-MM-dd}.csv") : Results.Ok(result);
    }

    /// <summary>
    /// A row per person and kind (count, minutes recorded, minutes by default, counted with no time, then the count in each
    /// hour of the day), and two rows per person of duty minutes in each hour.
    /// </summary>
    public static byte[] Csv(WorkingDayResult r, IStringLocalizer<Text> t)
    {
        var slots = WorkingDayReport.Slots().Select(s => $"{s.From:00}–{s.To:00}").ToList();
        string[] header =
        [
            t["Activities.WorkingDay.Col.Person"], t["Activities.WorkingDay.Col.Kind"], t["Activities.WorkingDay.Col.Count"],
            t["Activities.WorkingDay.Col.Minutes"], t["Activities.WorkingDay.Col.DefaultMinutes"], t["Activities.WorkingDay.Col.Untimed"], .. slots,
        ];
        var rows = new List<object?[]>();
        foreach (var p in r.People)
        {
            foreach (var k in p.Kinds)
                rows.Add([p.Name, t["Activities.WorkingDay.Kind." + k.Kind].Value, k.Count, Minutes(k.Seconds), Minutes(k.DefaultSeconds), k.Untimed,
                    .. p.Hours.Select(h => (object?)Of(h.Counts, k.Kind))]);
            rows.Add([p.Name, t["Activities.WorkingDay.DutyIn"].Value, null, null, null, null, .. p.Hours.Select(h => (object?)h.InboundMinutes)]);
            rows.Add([p.Name, t["Activities.WorkingDay.DutyOut"].Value, null, null, null, null, .. p.Hours.Select(h => (object?)h.OutboundMinutes)]);
        }
        return ReportCsv.Write(header, rows);
    }

    /// <summary>Minutes, to one decimal, as a spreadsheet reads them.</summary>
    public static string Minutes(int seconds) => (seconds / 60m).ToString("0.#", CultureInfo.InvariantCulture);

    public static int Of(WorkingDayCounts c, string kind) => kind switch
    {
        "call_in" => c.CallsIn,
        "call_out" => c.CallsOut,
        "meeting" => c.Meetings,
        "email" => c.Emails,
        "message" => c.Messages,
        "proposal" => c.Proposals,
        "note" => c.Notes,
        _ => c.TasksDone,
    };
}
