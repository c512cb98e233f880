namespace Otdel.Features.Plans;

/// <summary>How a day's plan follows what was actually achieved (decision 0007).</summary>
public enum CarryPolicy
{
    /// <summary>The whole shortfall (or surplus) of a day moves to the next working day.</summary>
    CarryNext,
    /// <summary>What remains of the month is spread evenly over the remaining working days.</summary>
    Spread,
}

/// <summary>One working day of one line (the whole target, or one seller), in minor units (kopecks).</summary>
/// <remarks>
/// <see cref="Carried"/> is what earlier days added to (or, negative, took from) the even schedule's <see cref="BasePlan"/>;
/// <see cref="Remaining"/> is the target less everything achieved through this day (negative: over the target).
/// </remarks>
public sealed record DayLine(DateOnly Date, long BasePlan, long Plan, long? Fact, long Carried, long Remaining, long CumulativePlan, long CumulativeFact);

/// <summary>
/// The arithmetic of plans, in whole minor units (kopecks; hundredths for counts) so no part is ever lost: splitting a
/// whole over days, months and sellers, and each day's plan after carry-over. No database, no web (decision 0007).
/// </summary>
public static class PlanMath
{
    /// <summary>
    /// Equal parts by rounded running totals: part i = round(total·(i+1)/n) − round(total·i/n). The parts add up to the
    /// whole, each is within a kopeck of the exact share, and the odd kopecks are spread through the period.
    /// </summary>
    public static long[] SplitEvenly(long total, int parts)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(parts);
        var result = new long[parts];
        long previous = 0;
        for (var i = 0; i < parts; i++)
        {
            var running = RunningTotal(total, i + 1, parts);
            result[i] = running - previous;
            previous = running;
        }
        return result;
    }

    /// <summary>round(total·k/n), half away from zero, exactly (128-bit).</summary>
    public static long RunningTotal(long total, int k, int n)
    {
        var product = (Int128)total * k;
        var q = Int128.DivRem(product, n);
        var twice = Int128.Abs(q.Remainder) * 2;
        if (twice >= n) q.Quotient += product < 0 ? -1 : 1;
        return (long)q.Quotient;
    }

    /// <summary>
    /// Parts in proportion to weights by the largest remainder: each gets the whole kopecks of its exact share, the kopecks
    /// left go one each to the largest fractions, a tie to the one listed first. Parts add up to the whole.
    /// </summary>
    public static long[] SplitByWeights(long total, IReadOnlyList<decimal> weights)
    {
        var sum = weights.Sum();
        if (weights.Count == 0 || sum <= 0 || weights.Any(w => w < 0))
            throw new ArgumentException("Weights must be non-negative and sum above zero.", nameof(weights));
        var exact = weights.Select(w => total * w / sum).ToArray();
        return Apportion(total, exact);
    }

    /// <summary>
    /// Splits each day's plan over sellers by weight so that the sellers' parts add up to the day, and each seller's days
    /// add up to their share of the whole: every day a seller is owed their exact running share less what they already
    /// got; whole kopecks first, then the day's left-over kopecks to the largest fractions (a tie to the seller listed first).
    /// Returns [seller][day].
    /// </summary>
    public static long[][] SplitDaysOverSellers(IReadOnlyList<long> days, IReadOnlyList<decimal> weights)
    {
        var sum = weights.Sum();
        if (weights.Count == 0 || sum <= 0 || weights.Any(w => w < 0))
            throw new ArgumentException("Weights must be non-negative and sum above zero.", nameof(weights));
        var result = weights.Select(_ => new long[days.Count]).ToArray();
        var given = new long[weights.Count];
        long running = 0;
        for (var d = 0; d < days.Count; d++)
        {
            running += days[d];
            var owed = new decimal[weights.Count];
            for (var s = 0; s < weights.Count; s++) owed[s] = running * weights[s] / sum - given[s];
            var parts = Apportion(days[d], owed);
            for (var s = 0; s < weights.Count; s++)
            {
                result[s][d] = parts[s];
                given[s] += parts[s];
            }
        }
        return result;
    }

    /// <summary>
    /// As <see cref="SplitDaysOverSellers(IReadOnlyList{long}, IReadOnlyList{decimal})"/>, with sellers away on some days
    /// (<paramref name="away"/>[seller][day]): a day's plan goes to the sellers at work that day by their weights, so an
    /// absent seller's share of it is handed to the colleagues present and the absent one gets nothing that day. Each seller
    /// is owed the running sum of their exact shares of the days they work; whole kopecks first, the day's odd kopecks to
    /// the largest fractions among those present (a tie to the seller listed first). A day on which everyone is away is
    /// split as if everyone were present (someone must carry it). The parts of each day add up to the day.
    /// </summary>
    public static long[][] SplitDaysOverSellers(IReadOnlyList<long> days, IReadOnlyList<decimal> weights, IReadOnlyList<bool[]> away)
    {
        if (!away.Any(a => a.Any(x => x))) return SplitDaysOverSellers(days, weights);
        if (weights.Count == 0 || weights.Sum() <= 0 || weights.Any(w => w < 0))
            throw new ArgumentException("Weights must be non-negative and sum above zero.", nameof(weights));
        var result = weights.Select(_ => new long[days.Count]).ToArray();
        var given = new long[weights.Count];
        var exact = new decimal[weights.Count];
        for (var d = 0; d < days.Count; d++)
        {
            var present = Enumerable.Range(0, weights.Count).Where(s => !away[s][d] && weights[s] > 0).ToList();
            if (present.Count == 0) present = Enumerable.Range(0, weights.Count).Where(s => weights[s] > 0).ToList();
            var sum = present.Sum(s => weights[s]);
            foreach (var s in present) exact[s] += days[d] * weights[s] / sum;
            var parts = Apportion(days[d], present.Select(s => exact[s] - given[s]).ToArray());
            for (var k = 0; k < present.Count; k++)
            {
                result[present[k]][d] = parts[k];
                given[present[k]] += parts[k];
            }
        }
        return result;
    }

    /// <summary>Whole parts of exact shares that add up to <paramref name="total"/>: floors, then the rest by largest fraction, ties to the first.</summary>
    static long[] Apportion(long total, decimal[] exact)
    {
        var parts = exact.Select(e => (long)decimal.Floor(e)).ToArray();
        var left = total - parts.Sum();
        var order = Enumerable.Range(0, exact.Length).OrderByDescending(i => exact[i] - decimal.Floor(exact[i])).ThenBy(i => i).ToArray();
        for (var k = 0; left > 0; k = (k + 1) % order.Length, left--) parts[order[k]]++;
        for (var k = 0; left < 0; k = (k + 1) % order.Length, left++) parts[order[^(k + 1)]]--;
        return parts;
    }

    /// <summary>
    /// Each working day's plan for one line (a whole target, or one seller) after carry-over. <paramref name="basePlan"/> is the
    /// even schedule; <paramref name="facts"/> what was achieved each day (null: not known yet). Days up to
    /// <paramref name="closedThrough"/> are closed: their facts move the plan. Later days are assumed to meet their plan, so
    /// what is shown for them is what the line still needs. A day's plan never goes below zero; a surplus larger than a day's
    /// plan keeps lowering the following days until it is used up. Beyond the last day nothing carries: the month ends.
    /// </summary>
    public static List<DayLine> Days(IReadOnlyList<DateOnly> dates, IReadOnlyList<long> basePlan, IReadOnlyList<long?> facts,
        DateOnly? closedThrough, CarryPolicy policy, IReadOnlyList<bool>? off = null)
    {
        var n = dates.Count;
        // Days the line is away (off): no plan; what is owed waits for the next day at work, and spreading counts only those.
        var onLeft = new int[n + 1];
        for (var i = n - 1; i >= 0; i--) onLeft[i] = onLeft[i + 1] + (off?[i] == true ? 0 : 1);
        var total = basePlan.Sum();
        var lines = new List<DayLine>(n);
        long owed = 0, counted = 0, cumulativePlan = 0, cumulativeFact = 0;
        for (var i = 0; i < n; i++)
        {
            cumulativePlan += basePlan[i];
            long plan = off?[i] == true ? 0 : policy switch
            {
                CarryPolicy.CarryNext => Math.Max(0, basePlan[i] + owed),
                _ => Math.Max(0, RunningTotal(total - counted, 1, onLeft[i])),
            };
            var closed = closedThrough is { } c && dates[i] <= c;
            var fact = facts[i];
            if (fact is { } f) cumulativeFact += f;
            var achieved = closed ? fact ?? 0 : plan;
            owed += basePlan[i] - achieved;
            counted += achieved;
            lines.Add(new DayLine(dates[i], basePlan[i], plan, fact, plan - basePlan[i], total - cumulativeFact, cumulativePlan, cumulativeFact));
        }
        return lines;
    }
}
