using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Otdel.Data;
using Otdel.Features.Reports;
using Otdel.Platform;
using Otdel.Resources;

namespace Otdel.Features.Activities;

/// <summary>How the activity report groups its rows.</summary>
public enum ActivityGrouping { User, Team, Day, Week, Month }

/// <summary>
/// One row of the activity report. Calls, meetings, proposals, e-mails, messages and notes are activities by their
/// author at their moment; tasksDone are tasks completed in the period by their assignee (at the completion);
/// tasksOverdue are tasks due in the period, already past due, that were not done by their due moment (still open, or
/// done late), by their assignee at the due moment.
/// </summary>
public sealed record ActivityReportRow(
    string Key, string Label, int Calls, int CallsIn, int CallsOut, int CallsConnected, int Meetings, int Proposals, int Emails,
    int Messages, int Notes, int TasksDone, int TasksOverdue);

/// <summary>The report: its period (dates on the reader's clock, both inclusive), the zone they are read in, rows and a total.</summary>
public sealed record ActivityReportResult(string GroupBy, DateOnly From, DateOnly To, string TimeZone, IReadOnlyList<ActivityReportRow> Rows,
    ActivityReportRow Total);

/// <summary>One thing a person did on the day of the head's daily report.</summary>
public sealed record DailyLine(long Id, DateTime At, ActivityKind Kind, ActivityDirection? Direction, CallResult? Result, string? Text, long? DealId,
    string? DealTitle, long? ClientId, string? ClientName, long? LeadId);

/// <summary>A person's day: their figures and what they did, in order.</summary>
public sealed record DailyPerson(long UserId, string Name, ActivityReportRow Figures, IReadOnlyList<DailyLine> Lines);

public sealed record DailyReport(DateOnly Date, string TimeZone, IReadOnlyList<DailyPerson> People);

/// <summary>
/// Counts what people did — per person, team, day, week or month — among the people the caller sees (a seller: their
/// own; a head: the department). Days are the reader's (<see cref="LocalTime"/>): a call at 01:00 in Moscow is that
/// day's. Counting is done on the period's raw rows in memory, the same on both engines.
/// </summary>
public sealed class ActivityReport(OtdelDb db, Access access, LocalTime local, IStringLocalizer<Text> t)
{
    public const int MaxDays = 366;

    sealed record Hit(long UserId, DateTime At, ActivityKind? Kind, ActivityDirection? Direction, CallResult? Result, bool Done, bool Overdue);

    public async Task<ActivityReportResult> RunAsync(ActivityGrouping by, DateOnly from, DateOnly to, long? teamId, long? userId, CancellationToken ct)
    {
        var zone = local.Zone;
        var people = await PeopleAsync(teamId, userId, ct);
        var hits = await HitsAsync(people.Keys.ToList(), from, to, ct);
        var teams = by == ActivityGrouping.Team
            ? await db.Teams.VisibleTo(access).AsNoTracking().ToDictionaryAsync(x => x.Id, x => x.Name, ct)
            : [];

        string KeyOf(Hit h) => by switch
        {
            ActivityGrouping.User => h.UserId.ToString(CultureInfo.InvariantCulture),
            ActivityGrouping.Team => people.TryGetValue(h.UserId, out var p) && p.TeamId is { } tid ? tid.ToString(CultureInfo.InvariantCulture) : "",
            _ => BucketOf(DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(h.At, zone)), by),
        };

        var keys = new List<(string Key, string Label)>();
        switch (by)
        {
            case ActivityGrouping.User:
                keys.AddRange(people.OrderBy(p => p.Value.Name, StringComparer.CurrentCulture)
                    .Select(p => (p.Key.ToString(CultureInfo.InvariantCulture), p.Value.Name)));
                break;
            case ActivityGrouping.Team:
                var teamKeys = people.Values.Select(p => p.TeamId).Distinct().ToList();
                keys.AddRange(teamKeys.Where(x => x is not null)
                    .Select(x => (x!.Value.ToString(CultureInfo.InvariantCulture), teams.GetValueOrDefault(x.Value) ?? "—"))
                    .OrderBy(x => x.Item2, StringComparer.CurrentCulture));
                if (teamKeys.Contains(null)) keys.Add(("", t["Activities.Report.NoTeam"]));
                break;
            default:
                for (var d = from; d <= to; d = d.AddDays(1))
                {
                    var k = BucketOf(d, by);
                    if (keys.Count == 0 || keys[^1].Key != k) keys.Add((k, LabelOf(k, d, by)));
                }
                break;
        }

        var byKey = hits.ToLookup(KeyOf);
        var rows = keys.Select(k => Row(k.Key, k.Label, byKey[k.Key])).ToList();
        return new ActivityReportResult(SnakeCase.Of(by.ToString()), from, to, zone.Id, rows, Row("total", t["Activities.Report.Total"], hits));
    }

    /// <summary>The head's daily report: each person's figures for the day and what they did, in order of time.</summary>
    public async Task<DailyReport> DailyAsync(DateOnly date, long? teamId, CancellationToken ct)
    {
        var people = await PeopleAsync(teamId, null, ct);
        var hits = await HitsAsync(people.Keys.ToList(), date, date, ct);
        var (fromUtc, toUtc) = Window(date, date);
        var ids = people.Keys.ToList();
        var acts = await db.Activities.AsNoTracking().Where(a => a.At >= fromUtc && a.At < toUtc && ids.Contains(a.AuthorId))
            .OrderBy(a => a.At).ThenBy(a => a.Id).ToListAsync(ct);
        var dealIds = acts.Where(a => a.DealId != null).Select(a => a.DealId!.Value).Distinct().ToList();
        var clientIds = acts.Where(a => a.ClientId != null).Select(a => a.ClientId!.Value).Distinct().ToList();
        // Names only of what the reader may see; another's deal stays a bare line.
        var deals = await db.Deals.ReadableBy(access).AsNoTracking().Where(d => dealIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.Title, ct);
        var clients = await db.Clients.VisibleTo(access).AsNoTracking().Where(c => clientIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        var hitsBy = hits.ToLookup(h => h.UserId);
        var actsBy = acts.ToLookup(a => a.AuthorId);
        var list = people.OrderBy(p => p.Value.Name, StringComparer.CurrentCulture).Select(p => new DailyPerson(p.Key, p.Value.Name,
            Row(p.Key.ToString(CultureInfo.InvariantCulture), p.Value.Name, hitsBy[p.Key]),
            actsBy[p.Key].Select(a => new DailyLine(a.Id, a.At, a.Kind, a.Direction, a.Result, a.Text, a.DealId,
                a.DealId is { } d ? deals.GetValueOrDefault(d) : null, a.ClientId, a.ClientId is { } c ? clients.GetValueOrDefault(c) : null,
                a.LeadId)).ToList()))
            .ToList();
        return new DailyReport(date, local.Zone.Id, list);
    }

    /// <summary>The people counted: those the caller sees (everyone for company-wide roles), narrowed to a team or a person.</summary>
    async Task<Dictionary<long, (string Name, long? TeamId)>> PeopleAsync(long? teamId, long? userId, CancellationToken ct)
    {
        var q = db.Users.AsNoTracking().Where(u => u.IsActive);
        if (access.VisibleUserIds is { } visible)
        {
            var ids = visible.ToList();
            q = q.Where(u => ids.Contains(u.Id));
        }
        if (teamId is { } tid) q = q.Where(u => u.TeamId == tid);
        if (userId is { } uid) q = q.Where(u => u.Id == uid);
        return await q.ToDictionaryAsync(u => u.Id, u => (u.FullName, u.TeamId), ct);
    }

    (DateTime From, DateTime To) Window(DateOnly from, DateOnly to) =>
        (TimeZoneInfo.ConvertTimeToUtc(from.ToDateTime(TimeOnly.MinValue), local.Zone),
         TimeZoneInfo.ConvertTimeToUtc(to.AddDays(1).ToDateTime(TimeOnly.MinValue), local.Zone));

    async Task<List<Hit>> HitsAsync(List<long> ids, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var (fromUtc, toUtc) = Window(from, to);
        var now = db.UtcNow;
        var acts = await db.Activities.AsNoTracking().Where(a => a.At >= fromUtc && a.At < toUtc && ids.Contains(a.AuthorId))
            .Select(a => new Hit(a.AuthorId, a.At, a.Kind, a.Direction, a.Result, false, false)).ToListAsync(ct);
        var done = await db.Tasks.AsNoTracking().Where(x => x.DoneAt >= fromUtc && x.DoneAt < toUtc && ids.Contains(x.AssigneeId))
            .Select(x => new Hit(x.AssigneeId, x.DoneAt!.Value, null, null, null, true, false)).ToListAsync(ct);
        var overdue = await db.Tasks.AsNoTracking()
            .Where(x => x.DueAt >= fromUtc && x.DueAt < toUtc && x.DueAt < now && (x.DoneAt == null || x.DoneAt > x.DueAt) && ids.Contains(x.AssigneeId))
            .Select(x => new Hit(x.AssigneeId, x.DueAt, null, null, null, false, true)).ToListAsync(ct);
        return [.. acts, .. done, .. overdue];
    }

    static ActivityReportRow Row(string key, string label, IEnumerable<Hit> hits)
    {
        int calls = 0, callsIn = 0, callsOut = 0, connected = 0, meetings = 0, proposals = 0, emails = 0, messages = 0, notes = 0, done = 0, overdue = 0;
        foreach (var h in hits)
        {
            if (h.Done) done++;
            if (h.Overdue) overdue++;
            switch (h.Kind)
            {
                case ActivityKind.Call:
                    calls++;
                    if (h.Direction == ActivityDirection.In) callsIn++;
                    if (h.Direction == ActivityDirection.Out) callsOut++;
                    if (h.Result == CallResult.Connected) connected++;
                    break;
                case ActivityKind.Meeting: meetings++; break;
                case ActivityKind.Proposal: proposals++; break;
                case ActivityKind.Email: emails++; break;
                case ActivityKind.Message: messages++; break;
                case ActivityKind.Note: notes++; break;
            }
        }
        return new(key, label, calls, callsIn, callsOut, connected, meetings, proposals, emails, messages, notes, done, overdue);
    }

    /// <summary>The bucket a day falls in: the day itself, its ISO week's Monday, or its month (yyyy-MM).</summary>
    public static string BucketOf(DateOnly d, ActivityGrouping by) => by switch
    {
        ActivityGrouping.Week => d.AddDays(-(((int)d.DayOfWeek + 6) % 7)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ActivityGrouping.Month => d.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        _ => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    };

    static string LabelOf(string key, DateOnly d, ActivityGrouping by)
    {
        if (by == ActivityGrouping.Week)
        {
            var monday = DateOnly.ParseExact(key, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            return $"{monday.ToString("dd.MM", CultureInfo.InvariantCulture)}–{monday.AddDays(6).ToString("dd.MM.yyyy", CultureInfo.InvariantCulture)}";
        }
        return by == ActivityGrouping.Month ? d.ToString("MM.yyyy", CultureInfo.InvariantCulture) : d.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);
    }

    public byte[] Csv(ActivityReportResult r) => ReportCsv.Write(
        [t["Activities.Report.Col.Key"], t["Activities.Report.Col.Calls"], t["Activities.Report.Col.CallsIn"], t["Activities.Report.Col.CallsOut"],
            t["Activities.Report.Col.CallsConnected"], t["Activities.Report.Col.Meetings"], t["Activities.Report.Col.Proposals"],
            t["Activities.Report.Col.Emails"], t["Activities.Report.Col.Messages"], t["Activities.Report.Col.Notes"],
            t["Activities.Report.Col.TasksDone"], t["Activities.Report.Col.TasksOverdue"]],
        r.Rows.Append(r.Total).Select(x => new object?[]
        {
            x.Label, x.Calls, x.CallsIn, x.CallsOut, x.CallsConnected, x.Meetings, x.Proposals, x.Emails, x.Messages, x.Notes, x.TasksDone, x.TasksOverdue,
        }));
}
