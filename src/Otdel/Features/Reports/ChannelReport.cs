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
/// One group of the channel report: <c>key</c> is the channel's, campaign's or owner's id, or the landing page; null for
/// leads without one. <c>channel</c> is what a person reads. Rates are 0..1 rounded to 4 places, null when nothing to divide
/// by; <c>spend</c> and the cost figures are null where they cannot be told (see <see cref="ChannelReport"/>).
/// </summary>
public sealed record ChannelRow(string? Key, string Channel, long Leads, long Mql, long Sql, long Deals, long Won, decimal Revenue,
    double? Conversion, decimal? Spend, decimal? CostPerLead, decimal? CostPerWon, double? Roi,
    double? MqlRate, double? SqlRate, double? DealRate, double? WinRate);

public sealed record ChannelResult(string GroupBy, DateOnly From, DateOnly To, IReadOnlyList<ChannelRow> Rows, ChannelRow Total);

/// <summary>
/// Channel analytics (issue 10 item 9) over a COHORT: the leads that arrived in the period ([from 00:00 UTC, the day after
/// to)), whatever happened to them since.
/// <list type="bullet">
/// <item>mql / sql: cohort leads that reached that status or beyond — their status is or ever was (the audit history of
/// the lead's status, old and new values) mql, sql or converted for MQL; sql or converted for SQL. So a lead qualified and
/// then disqualified still counts; a lead disqualified straight from new does not.</item>
/// <item>deals: cohort leads converted to a deal; won / revenue: those deals now won, and their amounts as entered. The
/// deal is credited to the lead's channel and owner whoever owns the deal now (attribution follows the lead).</item>
/// <item>spend: the channel's monthly spend (channel_spend) over the period; a month only partly in the period counts by
/// its share of days (March 10–31 is 22/31 of March's spend). Kept per channel, so it is given only with groupBy=channel,
/// and only to a caller who counts every lead the channel brought in the period (the head for the department's channels,
/// directors for all): dividing a channel's whole spend by a seller's own leads would overstate the cost. Null otherwise.</item>
/// <item>conversion = won ÷ leads; costPerLead = spend ÷ leads; costPerWon = spend ÷ won; roi = (revenue − spend) ÷ spend.
/// The step rates: mqlRate = mql ÷ leads, sqlRate = sql ÷ mql, dealRate = deals ÷ sql, winRate = won ÷ deals.</item>
/// </list>
/// Only leads the caller sees (<see cref="Visibility"/>): a seller counts their own.
/// </summary>
public sealed class ChannelReport(OtdelDb db, Access access, IStringLocalizer<Text> t)
{
    public static readonly string[] GroupBys = ["channel", "campaign", "landingPage", "owner"];

    sealed record Cohort(long Id, long? ChannelId, long? CampaignId, string? Campaign, string? UtmCampaign, string? LandingPage, long OwnerId,
        LeadStatus Status, long? DealId);

    sealed record Counted(Cohort Lead, bool Mql, bool Sql, bool Deal, bool Won, decimal Revenue);

    public Task<ChannelResult> Run(string groupBy, DateOnly from, DateOnly to, CancellationToken ct = default) => Run(groupBy, from, to, null, ct);

    /// <summary>
    /// The same over the leads of the given owners only (a plan's sellers: Plans' reverse funnel). The spend stays the
    /// channel's and follows the same rule, so its cost per lead is NOT spend ÷ these leads: take it from an unfiltered run.
    /// </summary>
    public async Task<ChannelResult> Run(string groupBy, DateOnly from, DateOnly to, IReadOnlyCollection<long>? owners, CancellationToken ct = default)
    {
        var fromUtc = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var toUtc = to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var cohortQuery = db.Leads.VisibleTo(access).AsNoTracking().Where(l => l.ArrivedAt >= fromUtc && l.ArrivedAt < toUtc);
        if (owners is not null)
        {
            var ids = owners.ToList();
            cohortQuery = cohortQuery.Where(l => ids.Contains(l.OwnerId));
        }
        var leads = await cohortQuery
            .Select(l => new Cohort(l.Id, l.ChannelId, l.CampaignId, l.Campaign, l.UtmCampaign, l.LandingPage, l.OwnerId, l.Status, l.DealId))
            .ToListAsync(ct);

        // What the statuses were: only leads now new or disqualified need the history (any other status says it).
        string[] qualified = ["mql", "sql", "converted"];
        var history = await db.Audit.AsNoTracking()
            .Where(a => a.Entity == Lead.AuditName && a.Field == "status"
                && ((a.OldValue != null && qualified.Contains(a.OldValue)) || (a.NewValue != null && qualified.Contains(a.NewValue)))
                && cohortQuery.Any(l => l.Id == a.EntityId && (l.Status == LeadStatus.New || l.Status == LeadStatus.Disqualified)))
            .Select(a => new { a.EntityId, a.OldValue, a.NewValue }).ToListAsync(ct);
        var everMql = history.Select(h => h.EntityId).ToHashSet();
        var everSql = history.Where(h => h.OldValue is "sql" or "converted" || h.NewValue is "sql" or "converted").Select(h => h.EntityId).ToHashSet();

        var dealIds = leads.Where(l => l.DealId != null).Select(l => l.DealId!.Value).Distinct().ToList();
        var deals = await db.Deals.AsNoTracking().Where(d => dealIds.Contains(d.Id))
            .Select(d => new { d.Id, d.Status, d.Amount }).ToDictionaryAsync(d => d.Id, ct);

        var counted = leads.Select(l =>
        {
            var deal = l.DealId is { } id ? deals.GetValueOrDefault(id) : null;
            var won = deal?.Status == DealStatus.Won;
            var sql = l.Status is LeadStatus.Sql or LeadStatus.Converted || deal is not null || everSql.Contains(l.Id);
            var mql = sql || l.Status == LeadStatus.Mql || everMql.Contains(l.Id);
            return new Counted(l, mql, sql, deal is not null, won, won ? deal!.Amount : 0);
        }).ToList();

        var none = t["Reports.Sales.None"].Value;
        var channelIds = leads.Where(l => l.ChannelId != null).Select(l => l.ChannelId!.Value).ToHashSet();
        Dictionary<long, decimal>? spend = null;
        HashSet<long> withheld = [];
        if (groupBy == "channel")
        {
            (spend, withheld) = await SpendAsync(fromUtc, toUtc, from, to, ct);
            channelIds.UnionWith(spend.Keys);
        }
        var channels = await db.Channels.AsNoTracking().Where(c => channelIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, ct);

        var rows = groupBy switch
        {
            "campaign" => await ByCampaignAsync(counted, channels, none, ct),
            "landingPage" => counted.GroupBy(c => Page(c.Lead.LandingPage)).Select(g => Row(g.Key, g.Key ?? none, g.ToList(), null)).ToList(),
            "owner" => await ByOwnerAsync(counted, none, ct),
            _ => counted.GroupBy(c => c.Lead.ChannelId).Select(g => g.Key).Union(spend!.Keys.Select(k => (long?)k))
                .Select(id => Row(id is { } c ? Id(c) : null, id is { } ch ? channels.GetValueOrDefault(ch, none) : none,
                    counted.Where(x => x.Lead.ChannelId == id).ToList(), id is { } k && !withheld.Contains(k) ? spend!.GetValueOrDefault(k) : null))
                .ToList(),
        };
        rows = rows.OrderByDescending(r => r.Leads).ThenByDescending(r => r.Spend ?? 0).ThenBy(r => r.Channel, StringComparer.CurrentCulture)
            .ThenBy(r => r.Key, StringComparer.Ordinal).ToList();
        // The total's spend only when no channel's was withheld: a part of the spend over every lead would understate the cost.
        decimal? totalSpend = groupBy == "channel" && withheld.Count == 0 ? spend!.Values.Sum() : null;
        return new ChannelResult(groupBy, from, to, rows, Row(null, t["Reports.Sales.Total"], counted, totalSpend));
    }

    /// <summary>
    /// Each visible channel's spend over the period, months prorated by days — only for channels whose every lead of the
    /// period the caller counts (see the class comment).
    /// </summary>
    async Task<(Dictionary<long, decimal> Spend, HashSet<long> Withheld)> SpendAsync(DateTime fromUtc, DateTime toUtc, DateOnly from, DateOnly to,
        CancellationToken ct)
    {
        var firstMonth = new DateOnly(from.Year, from.Month, 1);
        var visibleChannels = db.Channels.VisibleTo(access);
        var months = await db.ChannelSpend.AsNoTracking()
            .Where(s => s.Month >= firstMonth && s.Month <= to && visibleChannels.Any(c => c.Id == s.ChannelId))
            .Select(s => new { s.ChannelId, s.Month, s.Amount }).ToListAsync(ct);
        var result = months.GroupBy(s => s.ChannelId)
            .ToDictionary(g => g.Key, g => decimal.Round(g.Sum(s => s.Amount * Share(s.Month, from, to)), 2, MidpointRounding.AwayFromZero));
        if (access.VisibleUserIds is null) return (result, []);

        var inPeriod = db.Leads.AsNoTracking().Where(l => l.ArrivedAt >= fromUtc && l.ArrivedAt < toUtc && l.ChannelId != null);
        var all = await inPeriod.GroupBy(l => l.ChannelId!.Value).Select(g => new { g.Key, N = g.Count() }).ToListAsync(ct);
        var mine = await inPeriod.VisibleTo(access).GroupBy(l => l.ChannelId!.Value).Select(g => new { g.Key, N = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.N, ct);
        // Channels the caller counts some leads of, or whose spend they see, but not every lead of.
        var partial = all.Where(c => (result.ContainsKey(c.Key) || mine.ContainsKey(c.Key)) && mine.GetValueOrDefault(c.Key) < c.N)
            .Select(c => c.Key).ToHashSet();
        foreach (var c in partial) result.Remove(c);
        return (result, partial);
    }

    /// <summary>The part of a month's spend that falls in [from, to]: its days in the period over its days.</summary>
    public static decimal Share(DateOnly month, DateOnly from, DateOnly to)
    {
        var first = new DateOnly(month.Year, month.Month, 1);
        var last = first.AddMonths(1).AddDays(-1);
        var start = first > from ? first : from;
        var end = last < to ? last : to;
        if (end < start) return 0;
        return (decimal)(end.DayNumber - start.DayNumber + 1) / (last.DayNumber - first.DayNumber + 1);
    }

    async Task<List<ChannelRow>> ByCampaignAsync(List<Counted> counted, Dictionary<long, string> channels, string none, CancellationToken ct)
    {
        var ids = counted.Where(c => c.Lead.CampaignId != null).Select(c => c.Lead.CampaignId!.Value).Distinct().ToList();
        var campaigns = await db.Campaigns.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => new { c.Name, c.ChannelId }, ct);
        string Label(Cohort l)
        {
            if (l.CampaignId is { } id && campaigns.TryGetValue(id, out var c))
                return channels.TryGetValue(c.ChannelId, out var ch) ? $"{c.Name} · {ch}" : c.Name;
            return CampaignText(l) ?? none;
        }
        return counted.GroupBy(c => CampaignKey(c.Lead)).Select(g => Row(g.Key, Label(g.First().Lead), g.ToList(), null)).ToList();
    }

    /// <summary>A campaign's id when the lead was put on a known campaign, else the campaign (or UTM campaign) as given.</summary>
    static string? CampaignKey(Cohort l) => l.CampaignId is { } c ? Id(c) : CampaignText(l);

    static string? CampaignText(Cohort l) => Text(l.Campaign) ?? Text(l.UtmCampaign);

    static string? Text(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    /// <summary>A landing page without its query and fragment: the UTM tags in the address would split one page into many.</summary>
    public static string? Page(string? url)
    {
        if (string.IsNullOrWhiteSpace(url)) return null;
        var s = url.Trim();
        var cut = s.IndexOfAny(['?', '#']);
        return cut >= 0 ? s[..cut] : s;
    }

    async Task<List<ChannelRow>> ByOwnerAsync(List<Counted> counted, string none, CancellationToken ct)
    {
        var ids = counted.Select(c => c.Lead.OwnerId).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.FullName, ct);
        return counted.GroupBy(c => c.Lead.OwnerId).Select(g => Row(Id(g.Key), names.GetValueOrDefault(g.Key, none), g.ToList(), null)).ToList();
    }

    static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    static ChannelRow Row(string? key, string label, IReadOnlyList<Counted> leads, decimal? spend)
    {
        long n = leads.Count, mql = leads.Count(l => l.Mql), sql = leads.Count(l => l.Sql), deals = leads.Count(l => l.Deal), won = leads.Count(l => l.Won);
        var revenue = leads.Sum(l => l.Revenue);
        return new ChannelRow(key, label, n, mql, sql, deals, won, revenue, Rate(won, n), spend,
            spend is { } s && n > 0 ? Money(s / n) : null, spend is { } s2 && won > 0 ? Money(s2 / won) : null,
            spend is { } s3 && s3 > 0 ? Math.Round((double)((revenue - s3) / s3), 4, MidpointRounding.AwayFromZero) : null,
            Rate(mql, n), Rate(sql, mql), Rate(deals, sql), Rate(won, deals));
    }

    static double? Rate(long part, long whole) => whole == 0 ? null : Math.Round((double)part / whole, 4, MidpointRounding.AwayFromZero);

    static decimal Money(decimal v) => decimal.Round(v, 2, MidpointRounding.AwayFromZero);

    public byte[] Csv(ChannelResult r) => ReportCsv.Write(
        [t["Reports.Channels.Col." + r.GroupBy], t["Reports.Channels.Leads"], "MQL", "SQL", t["Reports.Channels.Deals"], t["Reports.Channels.Won"],
            t["Reports.Channels.Revenue"], t["Reports.Channels.Conversion"], t["Reports.Channels.Spend"], t["Reports.Channels.CostPerLead"],
            t["Reports.Channels.CostPerWon"], "ROI"],
        r.Rows.Append(r.Total).Select(x => new object?[]
        {
            x.Channel, x.Leads, x.Mql, x.Sql, x.Deals, x.Won, x.Revenue, x.Conversion, x.Spend, x.CostPerLead, x.CostPerWon, x.Roi,
        }).ToList());
}
