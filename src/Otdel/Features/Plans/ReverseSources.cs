using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Features.Activities;
using Otdel.Features.Deals;
using Otdel.Features.Reports;
using Otdel.Platform;

namespace Otdel.Features.Plans;

/// <summary>
/// Leads, meetings or proposals a target needs at a history's rate: of <c>count</c> in the history <c>won</c> deals came,
/// <c>wonPer</c> = won ÷ count (4 places), <c>needed</c> = ⌈deals to win × count ÷ won⌉. When it cannot be told, null with
/// <c>missing</c>: noWonDeals (no won deal to read an average check from, so no deals to win), noneRecorded (none in the
/// history), noWins (none of them won).
/// </summary>
public sealed record ReverseStep(long Count, long Won, decimal? WonPer, long? Needed, string? Missing)
{
    public static ReverseStep Of(long count, long won, long? wonNeeded)
    {
        decimal? per = count == 0 ? null : decimal.Round((decimal)won / count, 4, MidpointRounding.AwayFromZero);
        if (wonNeeded is not { } n) return new(count, won, per, null, "noWonDeals");
        if (n <= 0) return new(count, won, per, 0, null);
        if (count == 0) return new(count, won, per, null, "noneRecorded");
        if (won == 0) return new(count, won, per, null, "noWins");
        return new(count, won, per, ForecastMath.NeededFor(n, count, won), null);
    }
}

/// <summary>
/// One channel's part of the target: its cohort of the history window (leads of the plan's sellers that arrived, those won,
/// their revenue), its share of the target and what that takes — deals to win at its average won deal, leads at its
/// lead→won conversion, and their cost at the channel's cost per lead where the channel report tells the caller its spend.
/// <c>channelId</c> null: leads entered without a channel.
/// </summary>
public sealed record ReverseChannel(long? ChannelId, string Channel, long Leads, long Won, decimal Revenue, decimal? Conversion, decimal? AverageWon,
    decimal Share, decimal Target, long? WonNeeded, long? LeadsNeeded, decimal? CostPerLead, decimal? Cost, string? Missing);

/// <summary>What one seller (or everyone of the plan) did in the history window: leads owned and won, meetings and proposals logged, deals won.</summary>
public sealed record SourceCounts(long Leads, long LeadsWon, long Meetings, long Proposals, long Won)
{
    public static readonly SourceCounts None = new(0, 0, 0, 0, 0);

    public SourceCounts Plus(SourceCounts o) => new(Leads + o.Leads, LeadsWon + o.LeadsWon, Meetings + o.Meetings, Proposals + o.Proposals, Won + o.Won);
}

/// <summary>
/// The history the reverse funnel reads leads, meetings, proposals and channels from — the same <see cref="PlanHistory.Days"/>
/// days as the forecast's. Per seller: the leads they own that arrived in the window and of those the ones whose deal is now
/// won (the lead's owner is credited, whoever owns the deal); the meetings and proposals they logged in the window (the
/// activity's author); the deals they won in the window in any pipeline (activities and leads belong to no pipeline). Per
/// channel: the channel report's cohort of the window's days (UTC) over the plan's sellers' leads.
/// </summary>
public sealed class ReverseSources(OtdelDb db, Access access, ChannelReport channels)
{
    public async Task<Dictionary<long, SourceCounts>> SellersAsync(IReadOnlyCollection<long> sellers, IEnumerable<ClosedDeal> history,
        CancellationToken ct)
    {
        var ids = sellers.ToList();
        var now = db.UtcNow;
        var since = now.AddDays(-PlanHistory.Days);
        var leads = await db.Leads.VisibleTo(access).AsNoTracking().Where(l => ids.Contains(l.OwnerId) && l.ArrivedAt >= since && l.ArrivedAt <= now)
            .GroupBy(l => new { l.OwnerId, Won = db.Deals.Any(d => d.Id == l.DealId && d.Status == DealStatus.Won) })
            .Select(g => new { g.Key.OwnerId, g.Key.Won, N = g.Count() }).ToListAsync(ct);
        var acts = await db.Activities.VisibleTo(access).AsNoTracking()
            .Where(a => ids.Contains(a.AuthorId) && a.At >= since && a.At <= now && (a.Kind == ActivityKind.Meeting || a.Kind == ActivityKind.Proposal))
            .GroupBy(a => new { a.AuthorId, a.Kind }).Select(g => new { g.Key.AuthorId, g.Key.Kind, N = g.Count() }).ToListAsync(ct);
        var won = history.Where(d => d.Won).GroupBy(d => d.OwnerId).ToDictionary(g => g.Key, g => (long)g.Count());
        return ids.ToDictionary(id => id, id => new SourceCounts(
            leads.Where(l => l.OwnerId == id).Sum(l => (long)l.N), leads.Where(l => l.OwnerId == id && l.Won).Sum(l => (long)l.N),
            acts.Where(a => a.AuthorId == id && a.Kind == ActivityKind.Meeting).Sum(a => (long)a.N),
            acts.Where(a => a.AuthorId == id && a.Kind == ActivityKind.Proposal).Sum(a => (long)a.N),
            won.GetValueOrDefault(id)));
    }

    /// <summary>The window's days for the channel cohorts: the 365 days before today, and today (UTC).</summary>
    public (DateOnly From, DateOnly To) ChannelWindow()
    {
        var today = DateOnly.FromDateTime(db.UtcNow);
        return (today.AddDays(-PlanHistory.Days), today);
    }

    /// <summary>
    /// The target split over the channels by their share of the cohorts' won revenue (of won deals for a count plan) in
    /// kopecks by the largest remainder (<see cref="PlanMath.SplitByWeights"/>: the parts add up to the target), then per
    /// channel: deals to win = ⌈part ÷ average won deal⌉ (⌈part⌉ for a count), leads = ⌈deals to win ÷ lead→won
    /// conversion⌉, cost = leads × the channel's spend ÷ all its leads of the window, rounded to the kopeck.
    /// </summary>
    public async Task<List<ReverseChannel>> ChannelsAsync(IReadOnlyCollection<long> sellers, decimal target, bool money, CancellationToken ct)
    {
        var (from, to) = ChannelWindow();
        var own = await channels.Run("channel", from, to, sellers, ct);
        var whole = await channels.Run("channel", from, to, null, ct);
        var rows = own.Rows.Where(r => r.Leads > 0).ToList();
        var weights = rows.Select(r => money ? r.Revenue : r.Won).ToList();
        var targetUnits = (long)(target * 100m);
        var parts = weights.Sum() > 0 ? PlanMath.SplitByWeights(targetUnits, weights) : new long[rows.Count];
        var sum = weights.Sum();
        return rows.Select((r, i) =>
        {
            var revenueUnits = (long)(r.Revenue * 100m);
            // A channel none of whose leads was won takes no share and cannot be counted back: null, said by missing.
            long? wonNeeded = r.Won == 0 ? null : money ? ForecastMath.WonNeeded(parts[i], r.Won, revenueUnits) : (parts[i] + 99) / 100;
            var leadsNeeded = wonNeeded is { } n ? ForecastMath.NeededFor(n, r.Leads, r.Won) : null;
            var all = whole.Rows.FirstOrDefault(w => w.Key == r.Key);
            decimal? cost = all?.Spend is { } spend && all.Leads > 0 && leadsNeeded is { } ln
                ? decimal.Round(spend * ln / all.Leads, 2, MidpointRounding.AwayFromZero) : null;
            string? missing = r.Won == 0 ? "noWins" : null;
            return new ReverseChannel(r.Key is { } k ? long.Parse(k, CultureInfo.InvariantCulture) : null, r.Channel, r.Leads, r.Won, r.Revenue,
                r.Leads == 0 ? null : decimal.Round((decimal)r.Won / r.Leads, 4, MidpointRounding.AwayFromZero),
                r.Won == 0 ? null : decimal.Round(r.Revenue / r.Won, 2, MidpointRounding.AwayFromZero),
                sum == 0 ? 0 : decimal.Round(weights[i] / sum, 4, MidpointRounding.AwayFromZero), parts[i] / 100m,
                wonNeeded, leadsNeeded, all?.CostPerLead, cost, missing);
        }).ToList();
    }
}
