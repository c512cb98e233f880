using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Features.Pipelines;
using Otdel.Platform;

namespace Otdel.Features.Plans;

/// <summary>One stage of the reverse funnel: of the history's closed deals that passed it, how many and how many were won; the deals it must take.</summary>
public sealed record ReverseStage(long StageId, string StageName, int Order, int Entered, int Won, decimal? Conversion, long? Needed);

/// <summary>
/// The reverse funnel for a target (the whole plan, or one seller at their own conversion). <c>leads</c>, <c>meetings</c>,
/// <c>proposals</c>: what the deals to win need of each (<see cref="ReverseStep"/>); <c>touchCycleDays</c>: the median days from
/// the first touch (the lead's arrival, else the deal's creation) to the win, and <c>touchStartBy</c> the last day to start.
/// </summary>
public sealed record ReverseFunnelPart(long? UserId, string Name, decimal Target, int HistoryDeals, long WonDeals, decimal? AverageCheck, long? WonNeeded,
    decimal? MedianCycleDays, DateOnly? StartBy, bool OwnHistory, List<ReverseStage> Stages,
    ReverseStep Leads, ReverseStep Meetings, ReverseStep Proposals, decimal? TouchCycleDays, DateOnly? TouchStartBy);

/// <summary>
/// The reverse funnel of a plan; <c>channels</c> split the whole target over the channels of the cohort days <c>channelsFrom</c>..<c>channelsTo</c>.
/// </summary>
public sealed record ReverseFunnelView(long PlanId, string Period, string Metric, long? PipelineId, string PipelineName, int HistoryDays, int MinHistory,
    ReverseFunnelPart Total, List<ReverseFunnelPart> Sellers, DateOnly ChannelsFrom, DateOnly ChannelsTo, List<ReverseChannel> Channels);

/// <summary>
/// From a target back to the deals each stage must take: deals to win = ⌈target ÷ average won deal⌉ (for a deals-won plan,
/// ⌈target⌉), and for each sales stage of the pipeline ⌈deals to win ÷ its conversion to won⌉, the conversion read from the
/// closed deals of the last <see cref="PlanHistory.Days"/> days (<see cref="ForecastMath"/>). The target is the one given,
/// else the plan's gap against its forecast (nothing when the forecast covers the plan). Whole: the plan's sellers'
/// history (what the caller sees of it); per seller: their share of the gap at their own conversion and average check,
/// or the whole's when fewer than <see cref="ForecastMath.MinHistory"/> of their deals closed. The median sales cycle
/// says by when the first stage must be fed (the period's end less the cycle). The same deals to win, read back through
/// leads, meetings and proposals at the seller's own rates of the window (<see cref="ReverseSources"/>; the whole's under
/// the same fallback), and the whole target split over channels by their share of won revenue (ReverseSources.ChannelsAsync).
/// </summary>
public sealed class ReverseFunnel(OtdelDb db, Access access, Errors errors, Problems problems, ForecastPlan forecast, ReverseSources sources)
{
    public async Task<Outcome<ReverseFunnelView>> RunAsync(long planId, decimal? target, long? pipelineId, CancellationToken ct = default)
    {
        var plan = await db.Plans.VisibleTo(access).AsNoTracking().FirstOrDefaultAsync(p => p.Id == planId, ct);
        if (plan is null) return problems.NotFound();
        return await RunAsync(plan, target, pipelineId, ct);
    }

    public async Task<Outcome<ReverseFunnelView>> RunAsync(Plan plan, decimal? target, long? pipelineId, CancellationToken ct = default)
    {
        if (target is < 0) errors.Add("target", "Plans.NotNegative");
        else if (target is { } t) errors.Money("target", t);
        if (errors.Any) return errors.ToFailure();
        var f = await forecast.RunAsync(plan, "stage", ct);
        if (f.Failure is { } refused) return refused;
        var money = plan.Metric == PlanMetric.RevenueWon;
        var sellers = plan.SellerWeights.Keys.Where(access.CanSee).Order().ToList();
        var history = await PlanHistory.LoadAsync(db, access, sellers, null, ct);

        Pipeline? pipeline;
        if (pipelineId is { } pid)
        {
            pipeline = await db.Pipelines.VisibleTo(access).AsNoTracking().FirstOrDefaultAsync(p => p.Id == pid, ct);
            if (pipeline is null) return problems.Bad("pipelineId", "Plans.Forecast.NoPipeline");
        }
        else
        {
            // The pipeline most of the history closed in (the lowest id on a tie); the first visible one without history.
            var usual = history.GroupBy(h => h.PipelineId).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).Select(g => (long?)g.Key).FirstOrDefault();
            var q = db.Pipelines.VisibleTo(access).AsNoTracking();
            pipeline = usual is { } u ? await q.FirstOrDefaultAsync(p => p.Id == u, ct) : await q.OrderBy(p => p.Id).FirstOrDefaultAsync(ct);
        }
        var stages = pipeline is null ? [] : await db.Stages.AsNoTracking().Where(s => s.PipelineId == pipeline.Id && s.Kind == StageKind.Sales)
            .OrderBy(s => s.Order).ThenBy(s => s.Id).Select(s => new { s.Id, s.Name, s.Order }).ToListAsync(ct);
        var inPipeline = history.Where(h => h.PipelineId == pipeline?.Id).Select(h => h.Deal).ToList();

        var gaps = f.Value!.Rows.Where(r => r.Level == "user").ToDictionary(r => r.Id!.Value, r => Math.Max(0, r.Gap));
        var whole = f.Value.Rows.FirstOrDefault(r => r.Level == "target") is { } tr ? Math.Max(0, tr.Gap) : gaps.Values.Sum();
        var totalTarget = target ?? whole;
        var names = await db.Users.AsNoTracking().Where(u => sellers.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.FullName, ct);

        var counts = await sources.SellersAsync(sellers, history.Select(h => h.Deal), ct);
        var everyone = counts.Values.Aggregate(SourceCounts.None, (a, b) => a.Plus(b));

        ReverseFunnelPart Part(long? userId, string name, decimal goal, List<ClosedDeal> own, List<ClosedDeal> fallback)
        {
            var ownHistory = userId is null || own.Count >= ForecastMath.MinHistory;
            var deals = ownHistory ? own : fallback;
            var won = deals.Where(d => d.Won).ToList();
            var wonUnits = won.Sum(d => d.Units);
            var goalUnits = (long)(goal * 100m);
            long? wonNeeded = money ? ForecastMath.WonNeeded(goalUnits, won.Count, wonUnits) : (goalUnits + 99) / 100;
            var rates = ForecastMath.Stages(deals);
            var rows = stages.Select(s =>
            {
                var h = rates.GetValueOrDefault(s.Id);
                return new ReverseStage(s.Id, s.Name, s.Order, h.Entered, h.Won, h.Rate is { } r ? decimal.Round(r, 4) : null,
                    wonNeeded is { } n ? ForecastMath.NeededAt(n, h) : null);
            }).ToList();
            var cycle = ForecastMath.Median(won.Select(d => d.CycleDays));
            DateOnly? startBy = cycle is { } c ? plan.EndsOn.AddDays(-(int)decimal.Ceiling(c)) : null;
            decimal? average = won.Count == 0 ? null : decimal.Round(wonUnits / 100m / won.Count, 2, MidpointRounding.AwayFromZero);
            var src = userId is { } u && ownHistory ? counts.GetValueOrDefault(u, SourceCounts.None) : everyone;
            var touch = ForecastMath.Median(won.Select(d => d.TouchCycleDays));
            DateOnly? touchBy = touch is { } tc ? plan.EndsOn.AddDays(-(int)decimal.Ceiling(tc)) : null;
            return new ReverseFunnelPart(userId, name, goal, deals.Count, won.Count, average,
                wonNeeded, cycle, startBy, ownHistory, rows, ReverseStep.Of(src.Leads, src.LeadsWon, wonNeeded),
                ReverseStep.Of(src.Meetings, src.Won, wonNeeded),
                ReverseStep.Of(src.Proposals, src.Won, wonNeeded), touch, touchBy);
        }

        var total = Part(null, "", totalTarget, inPipeline, inPipeline);
        // With a target given, each seller's part of it follows their share of the plan; else their own gap.
        var planShares = f.Value.Rows.Where(r => r.Level == "user").ToDictionary(r => r.Id!.Value, r => r.Plan);
        var shareSum = planShares.Values.Sum();
        var parts = sellers.Select(s => Part(s, names.GetValueOrDefault(s, "?"),
            target is { } given
                ? shareSum == 0 ? 0 : decimal.Round(given * planShares.GetValueOrDefault(s) / shareSum, 2, MidpointRounding.AwayFromZero)
                : gaps.GetValueOrDefault(s),
            inPipeline.Where(d => d.OwnerId == s).ToList(), inPipeline)).ToList();
        var (from, to) = sources.ChannelWindow();
        var channels = await sources.ChannelsAsync(sellers, totalTarget, money, ct);
        return new ReverseFunnelView(plan.Id, plan.Period, SavePlan.Metrics[(int)plan.Metric], pipeline?.Id, pipeline?.Name ?? "", PlanHistory.Days,
            ForecastMath.MinHistory, total, parts, from, to, channels);
    }
}
