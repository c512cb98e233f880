namespace Otdel.Features.Plans;

/// <summary>
/// A closed deal of the history a conversion is read from: its owner, outcome, amount (minor units), the stages it passed,
/// its cycle from creation and from the first touch (its lead's arrival when that came earlier) in whole days.
/// </summary>
public sealed record ClosedDeal(long OwnerId, bool Won, long Units, IReadOnlyCollection<long> Stages, int CycleDays, int TouchCycleDays);

/// <summary>Of the closed deals that passed a stage, how many; and how many of those were won.</summary>
public readonly record struct StageHistory(int Entered, int Won)
{
    public decimal? Rate => Entered == 0 ? null : (decimal)Won / Entered;
}

/// <summary>
/// The arithmetic of the bottom-up forecast and the reverse funnel, in whole minor units (kopecks; hundredths for counts).
/// No database, no web. A stage's conversion to won is read from closed deals: of those that passed the stage, the share
/// won (each deal counted once a stage, however often it came back). Weighted values are rounded to the kopeck per deal,
/// half away from zero, and then added up; counts needed are rounded up (a part of a deal is a whole deal to find).
/// </summary>
public static class ForecastMath
{
    /// <summary>A seller's own conversion from a stage is used once this many of their closed deals passed it; below, the stage's probability.</summary>
    public const int MinHistory = 5;

    /// <summary>units × percent / 100, rounded to the unit, half away from zero.</summary>
    public static long ByPercent(long units, int percent) => PlanMath.RunningTotal(units, percent, 100);

    /// <summary>units × won / entered, rounded to the unit, half away from zero.</summary>
    public static long ByHistory(long units, StageHistory h) => h.Entered == 0 ? 0 : PlanMath.RunningTotal(units, h.Won, h.Entered);

    /// <summary>Per stage: closed deals that passed it and those won.</summary>
    public static Dictionary<long, StageHistory> Stages(IEnumerable<ClosedDeal> deals)
    {
        var result = new Dictionary<long, StageHistory>();
        foreach (var d in deals)
            foreach (var s in d.Stages.Distinct())
            {
                var h = result.GetValueOrDefault(s);
                result[s] = new StageHistory(h.Entered + 1, h.Won + (d.Won ? 1 : 0));
            }
        return result;
    }

    /// <summary>
    /// Whole deals to win to reach a target in money: ⌈target ÷ average check⌉ = ⌈target × won ÷ won amount⌉; null without a won deal.
    /// </summary>
    public static long? WonNeeded(long targetUnits, long wonCount, long wonUnits) =>
        targetUnits <= 0 ? 0 : wonCount == 0 || wonUnits <= 0 ? null : CeilDiv((Int128)targetUnits * wonCount, wonUnits);

    /// <summary>Deals that must pass a stage so that <paramref name="wonNeeded"/> are won at its conversion: ⌈won needed × entered ÷ won⌉.</summary>
    public static long? NeededAt(long wonNeeded, StageHistory h) => NeededFor(wonNeeded, h.Entered, h.Won);

    /// <summary>
    /// Of anything that came with <paramref name="won"/> wins per <paramref name="count"/>: ⌈won needed × count ÷ won⌉; null without a win.
    /// </summary>
    public static long? NeededFor(long wonNeeded, long count, long won) =>
        wonNeeded <= 0 ? 0 : won == 0 ? null : CeilDiv((Int128)wonNeeded * count, won);

    /// <summary>The median of whole days; of an even count the mean of the middle two; null when empty.</summary>
    public static decimal? Median(IEnumerable<int> values)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0) return null;
        var mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2m;
    }

    static long CeilDiv(Int128 a, Int128 b) => (long)((a + b - 1) / b);
}
