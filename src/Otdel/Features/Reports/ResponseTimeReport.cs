using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Otdel.Data;
using Otdel.Features.Leads;
using Otdel.Platform;
using Otdel.Resources;

namespace Otdel.Features.Reports;

/// <summary>
/// One person's or team's response time: <c>count</c> leads first contacted, the median and 90th percentile of their
/// working minutes from arrival to first contact, and <c>missed</c>: those over the target, plus leads still waiting
/// (<c>waiting</c>) that are already past it.
/// </summary>
public sealed record ResponseTimeRow(string? Key, string Label, long Count, double? MedianMinutes, double? P90Minutes, long Missed, long Waiting);

/// <summary><c>targetMinutes</c>: the caller's department's target (each lead is judged by its owner's department's).</summary>
public sealed record ResponseTimeResult(string GroupBy, DateOnly From, DateOnly To, int TargetMinutes, IReadOnlyList<ResponseTimeRow> Rows,
    ResponseTimeRow Total);

/// <summary>
/// Response time (issue 11 item 4) of the leads that arrived in the period ([from 00:00 UTC, the day after to)), by the
/// lead's owner or the owner's team, only leads the caller sees.
/// <list type="bullet">
/// <item>Time is WORKING minutes from arrival to first contact by the owner's department's calendar
/// (<see cref="ResponseClock"/>): a lead that came at 17:50 on a Friday and was called at 9:10 on Monday waited 20 minutes.</item>
/// <item>The target is the owner's department's (<see cref="ResponseTarget"/>; 15 minutes by default); over it means
/// strictly more.</item>
/// <item>A lead not yet contacted and still open (new, MQL, SQL) is <c>waiting</c>, and counts as missed once its
/// working time until now is over the target — it has missed it whatever happens next. Leads converted or
/// disqualified without a recorded contact are left out: nobody waits for them.</item>
/// <item>The median of an even count is the mean of the middle two; the 90th percentile is the nearest rank (the value
/// at rank ⌈0.9·n⌉ of the sorted times). Minutes are rounded to 0.01.</item>
/// </list>
/// </summary>
public sealed class ResponseTimeReport(OtdelDb db, Access access, ResponseTargets targets, IStringLocalizer<Text> t)
{
    public static readonly string[] GroupBys = ["user", "team"];

    sealed record Timed(long OwnerId, double Minutes, bool Contacted, bool Missed);

    public async Task<ResponseTimeResult> Run(string groupBy, DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        var fromUtc = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var toUtc = to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var now = db.UtcNow;
        var leads = await db.Leads.VisibleTo(access).AsNoTracking()
            .Where(l => l.ArrivedAt >= fromUtc && l.ArrivedAt < toUtc
                && (l.FirstContactAt != null || l.Status == LeadStatus.New || l.Status == LeadStatus.Mql || l.Status == LeadStatus.Sql))
            .Select(l => new { l.OwnerId, l.ArrivedAt, l.FirstContactAt }).ToListAsync(ct);
        var ownerIds = leads.Select(l => l.OwnerId).Distinct().ToList();
        var owners = await db.Users.AsNoTracking().Where(u => ownerIds.Contains(u.Id))
            .Select(u => new { u.Id, u.FullName, u.TeamId, u.DepartmentId }).ToDictionaryAsync(u => u.Id, ct);

        var timed = new List<Timed>();
        foreach (var l in leads)
        {
            var department = owners.GetValueOrDefault(l.OwnerId)?.DepartmentId;
            var (target, _) = await targets.OfAsync(department, ct);
            var minutes = await targets.ResponseMinutesAsync(department, l.ArrivedAt, l.FirstContactAt ?? now, ct);
            timed.Add(new Timed(l.OwnerId, minutes, l.FirstContactAt is not null, IsOver(minutes, target)));
        }

        var teamIds = owners.Values.Where(o => o.TeamId != null).Select(o => o.TeamId!.Value).Distinct().ToList();
        var teams = await db.Teams.AsNoTracking().Where(x => teamIds.Contains(x.Id)).ToDictionaryAsync(x => x.Id, x => x.Name, ct);
        var none = t["Reports.Sales.None"].Value;
        (string? Key, string Label) KeyOf(Timed x)
        {
            var o = owners.GetValueOrDefault(x.OwnerId);
            return groupBy == "team"
                ? o?.TeamId is { } tm ? (Id(tm), teams.GetValueOrDefault(tm) ?? none) : (null, none)
                : (Id(x.OwnerId), o?.FullName ?? none);
        }
        var rows = timed.GroupBy(KeyOf).Select(g => Row(g.Key.Key, g.Key.Label, g.ToList()))
            .OrderBy(r => r.Label, StringComparer.CurrentCulture).ThenBy(r => r.Key, StringComparer.Ordinal).ToList();
        var (own, _) = await targets.OfAsync(access.User?.DepartmentId, ct);
        return new ResponseTimeResult(groupBy, from, to, own, rows, Row(null, t["Reports.Sales.Total"], timed));
    }

    /// <summary>Over the target means strictly more; the tolerance absorbs the float sums of a calendar walk.</summary>
    public static bool IsOver(double minutes, int target) => minutes > target + 1e-6;

    static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    static ResponseTimeRow Row(string? key, string label, IReadOnlyList<Timed> leads)
    {
        var times = leads.Where(l => l.Contacted).Select(l => l.Minutes).Order().ToList();
        return new ResponseTimeRow(key, label, times.Count, ReportMath.Round2(ReportMath.Median(times)), ReportMath.Round2(P90(times)),
            leads.LongCount(l => l.Missed), leads.LongCount(l => !l.Contacted));
    }

    /// <summary>The nearest-rank 90th percentile of sorted values: the one at rank ⌈0.9·n⌉.</summary>
    public static double? P90(IReadOnlyList<double> sorted) =>
        sorted.Count == 0 ? null : sorted[(9 * sorted.Count + 9) / 10 - 1];

    public byte[] Csv(ResponseTimeResult r) => ReportCsv.Write(
        [t["Reports.Response.By." + r.GroupBy], t["Reports.Response.Count"], t["Reports.Response.Median"], t["Reports.Response.P90"],
            t["Reports.Response.Missed"], t["Reports.Response.Waiting"]],
        r.Rows.Append(r.Total).Select(x => new object?[] { x.Label, x.Count, x.MedianMinutes, x.P90Minutes, x.Missed, x.Waiting }).ToList());
}
