using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Otdel.Data;
using Otdel.Features.Deals;
using Otdel.Features.Leads;
using Otdel.Platform;
using Otdel.Resources;

namespace Otdel.Features.Reports;

/// <summary>
/// A hunter (the lead's owner): <c>leads</c> of the cohort, <c>worked</c> (first contact recorded), <c>converted</c> (to a
/// deal), <c>conversion</c> = converted ÷ leads, the median and average response time of the worked ones (working
/// minutes), <c>waiting</c>: still open and never contacted.
/// </summary>
public sealed record HunterRow(long? OwnerId, string Name, long Leads, long Worked, long Converted, double? Conversion,
    double? MedianMinutes, double? AverageMinutes, long Waiting);

/// <summary>A closer (the owner of the deal a lead became): <c>deals</c> taken from leads, <c>won</c>, <c>revenue</c>, <c>winRate</c> = won ÷ deals.</summary>
public sealed record CloserRow(long? OwnerId, string Name, long Deals, long Won, decimal Revenue, double? WinRate);

public sealed record ChannelPeopleResult(DateOnly From, DateOnly To, long? TeamId, IReadOnlyList<HunterRow> Hunters, HunterRow HuntersTotal,
    IReadOnlyList<CloserRow> Closers, CloserRow ClosersTotal);

/// <summary>
/// The people of channel analytics (issue 10 item 9) over the channel report's cohort — the leads that ARRIVED in the
/// period ([from 00:00 UTC, the day after to)), whatever happened to them since.
/// <list type="bullet">
/// <item>Hunters: the cohort's leads the caller sees (<see cref="Visibility"/>), by the lead's owner. Response time is the
/// one measure of the response-time report (<see cref="ResponseTargets.ResponseMinutesAsync"/>: working minutes on the
/// owner's department's calendar); waiting is that report's too (new, MQL or SQL, no contact yet).</item>
/// <item>Closers: the deals the cohort's leads were converted into that the caller sees, by the deal's owner — so a
/// seller who closes another hunter's lead counts that deal. Won and revenue as the channel report counts them: deals now
/// won, their amounts as entered.</item>
/// <item><c>teamId</c> keeps the hunters and closers who are in that team now.</item>
/// </list>
/// </summary>
public sealed class ChannelPeopleReport(OtdelDb db, Access access, ResponseTargets targets, IStringLocalizer<Text> t)
{
    sealed record Worked(long OwnerId, bool Converted, double? Minutes, bool Waiting);

    public async Task<ChannelPeopleResult> RunAsync(DateOnly from, DateOnly to, long? teamId, CancellationToken ct = default)
    {
        var fromUtc = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var toUtc = to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var cohort = db.Leads.AsNoTracking().Where(l => l.ArrivedAt >= fromUtc && l.ArrivedAt < toUtc);
        var inTeam = db.Users.Where(u => u.TeamId == teamId);

        var hunted = cohort.VisibleTo(access);
        if (teamId is not null) hunted = hunted.Where(l => inTeam.Any(u => u.Id == l.OwnerId));
        var leads = await hunted.Select(l => new { l.OwnerId, l.ArrivedAt, l.FirstContactAt, l.Status, l.DealId }).ToListAsync(ct);

        var deals = db.Deals.VisibleTo(access).AsNoTracking().Where(d => cohort.Any(l => l.DealId == d.Id));
        if (teamId is not null) deals = deals.Where(d => inTeam.Any(u => u.Id == d.OwnerId));
        var closed = await deals.Select(d => new { d.OwnerId, d.Status, d.Amount }).ToListAsync(ct);

        var ids = leads.Select(l => l.OwnerId).Concat(closed.Select(d => d.OwnerId)).Distinct().ToList();
        var people = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).Select(u => new { u.Id, u.FullName, u.DepartmentId })
            .ToDictionaryAsync(u => u.Id, ct);
        var none = t["Reports.Sales.None"].Value;
        string Name(long id) => people.GetValueOrDefault(id)?.FullName ?? none;

        var worked = new List<Worked>();
        foreach (var l in leads)
        {
            double? minutes = l.FirstContactAt is { } contacted
                ? await targets.ResponseMinutesAsync(people.GetValueOrDefault(l.OwnerId)?.DepartmentId, l.ArrivedAt, contacted, ct)
                : null;
            var open = l.Status is LeadStatus.New or LeadStatus.Mql or LeadStatus.Sql;
            worked.Add(new Worked(l.OwnerId, l.DealId is not null, minutes, minutes is null && open));
        }
        var hunters = worked.GroupBy(w => w.OwnerId).Select(g => Hunter(g.Key, Name(g.Key), g.ToList()))
            .OrderByDescending(r => r.Leads).ThenBy(r => r.Name, StringComparer.CurrentCulture).ThenBy(r => r.OwnerId).ToList();

        CloserRow Closer(long? id, string name, IEnumerable<(DealStatus Status, decimal Amount)> list)
        {
            var all = list.ToList();
            var won = all.Where(d => d.Status == DealStatus.Won).ToList();
            return new CloserRow(id, name, all.Count, won.Count, won.Sum(d => d.Amount), Rate(won.Count, all.Count));
        }
        var closers = closed.GroupBy(d => d.OwnerId).Select(g => Closer(g.Key, Name(g.Key), g.Select(d => (d.Status, d.Amount))))
            .OrderByDescending(r => r.Revenue).ThenByDescending(r => r.Deals).ThenBy(r => r.Name, StringComparer.CurrentCulture)
            .ThenBy(r => r.OwnerId).ToList();

        var total = t["Reports.Sales.Total"].Value;
        return new ChannelPeopleResult(from, to, teamId, hunters, Hunter(null, total, worked), closers,
            Closer(null, total, closed.Select(d => (d.Status, d.Amount))));
    }

    static HunterRow Hunter(long? id, string name, IReadOnlyList<Worked> leads)
    {
        var times = leads.Where(l => l.Minutes is not null).Select(l => l.Minutes!.Value).Order().ToList();
        long converted = leads.LongCount(l => l.Converted);
        return new HunterRow(id, name, leads.Count, times.Count, converted, Rate(converted, leads.Count),
            ReportMath.Round2(ReportMath.Median(times)), times.Count == 0 ? null : ReportMath.Round2(times.Average()), leads.LongCount(l => l.Waiting));
    }

    static double? Rate(long part, long whole) => whole == 0 ? null : Math.Round((double)part / whole, 4, MidpointRounding.AwayFromZero);

    /// <summary>One table: a hunter's figures, then a closer's; a cell that does not apply to the role is left empty.</summary>
    public byte[] Csv(ChannelPeopleResult r)
    {
        var hunter = t["Reports.People.Hunter"].Value;
        var closer = t["Reports.People.Closer"].Value;
        return ReportCsv.Write(
            [t["Reports.People.Role"], t["Reports.People.Person"], t["Reports.Channels.Leads"], t["Reports.People.Worked"], t["Reports.People.Converted"],
                t["Reports.Channels.Conversion"], t["Reports.People.Median"], t["Reports.People.Average"], t["Reports.People.Waiting"],
                t["Reports.Channels.Deals"], t["Reports.Channels.Won"], t["Reports.Channels.Revenue"], t["Reports.People.WinRate"]],
            r.Hunters.Append(r.HuntersTotal).Select(x => new object?[]
                {
                    hunter, x.Name, x.Leads, x.Worked, x.Converted, x.Conversion, x.MedianMinutes, x.AverageMinutes, x.Waiting, null, null, null, null,
                })
                .Concat(r.Closers.Append(r.ClosersTotal).Select(x => new object?[]
                {
                    closer, x.Name, null, null, null, null, null, null, null, x.Deals, x.Won, x.Revenue, x.WinRate,
                })).ToList());
    }

    public static string FileName(ChannelPeopleResult r) =>
        string.Create(CultureInfo.InvariantCulture, $"channels-people-{r.From:yyyy-MM-dd}-{r.To:yyyy-MM-dd}.csv");
}
