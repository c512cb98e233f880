using Otdel.Features.Plans;

namespace Otdel.Tests.Plans;

/// <summary>
/// The decomposition arithmetic (PRODUCT.md's worked example, decision 0007): 1 000 000 ₽ over 22 working days and
/// 4 sellers, the team selling 30 000 ₽ on day one; awkward amounts; both policies; over-fulfilment.
/// </summary>
public sealed class PlanMathTests
{
    static readonly DateOnly[] March2027 = Enumerable.Range(1, 31).Select(d => new DateOnly(2027, 3, d))
        .Where(d => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && d.Day != 8).ToArray();

    static DateOnly[] WorkingDays(int n) => March2027.Length >= n ? March2027[..n] : throw new InvalidOperationException();

    static long?[] Facts(int n, params (int Day, long Kopecks)[] known)
    {
        var f = new long?[n];
        foreach (var (day, k) in known) f[day] = k;
        return f;
    }

    [Fact]
    public void The_worked_example_comes_out_to_the_kopeck_under_carry_next()
    {
        Assert.Equal(22, March2027.Length);
        var days = WorkingDays(22);
        var team = PlanMath.SplitEvenly(100_000_000, 22);
        Assert.Equal(4_545_455, team[0]); // 45 454,55 ₽ a day
        Assert.Equal(100_000_000, team.Sum());

        var sellers = PlanMath.SplitDaysOverSellers(team, [1m, 1m, 1m, 1m]);
        Assert.Equal([1_136_364, 1_136_364, 1_136_364, 1_136_363], sellers.Select(s => s[0]));  // 11 363,64 ₽ (the fourth 11 363,63: the day adds up)
        Assert.All(sellers, s => Assert.Equal(25_000_000, s.Sum()));                            // 250 000,00 ₽ each for the month
        for (var d = 0; d < 22; d++) Assert.Equal(team[d], sellers.Sum(s => s[d]));

        var lines = PlanMath.Days(days, team, Facts(22, (0, 3_000_000)), days[0], CarryPolicy.CarryNext);
        Assert.Equal(4_545_455, lines[0].Plan);
        Assert.Equal(1_545_455, lines[1].Carried);  // the shortfall 15 454,55 ₽
        Assert.Equal(6_090_909, lines[1].Plan);     // 60 909,09 ₽ on Tuesday
        Assert.Equal(97_000_000, lines[1].Remaining);
        // After day two (not closed yet) the plan is assumed met: the rest of the month is back on the even schedule.
        Assert.All(lines.Skip(2), l => Assert.Equal(l.BasePlan, l.Plan));
        Assert.Equal(100_000_000 - 3_000_000, lines.Skip(1).Sum(l => l.Plan));
    }

    [Fact]
    public void The_worked_example_under_spread_shares_the_rest_over_the_remaining_days()
    {
        var days = WorkingDays(22);
        var team = PlanMath.SplitEvenly(100_000_000, 22);
        var lines = PlanMath.Days(days, team, Facts(22, (0, 3_000_000)), days[0], CarryPolicy.Spread);
        Assert.Equal(4_545_455, lines[0].Plan);
        Assert.Equal(4_619_048, lines[1].Plan);    // 970 000 ₽ / 21 = 46 190,48 ₽
        Assert.Equal(97_000_000, lines.Skip(1).Sum(l => l.Plan));
        Assert.All(lines.Skip(1), l => Assert.InRange(l.Plan, 4_619_047, 4_619_048));
    }

    [Theory]
    [InlineData(CarryPolicy.CarryNext)]
    [InlineData(CarryPolicy.Spread)]
    public void Weighted_sellers_carry_their_own_shortfall_and_add_up_to_the_team(CarryPolicy policy)
    {
        var days = WorkingDays(22);
        var team = PlanMath.SplitEvenly(100_000_000, 22);
        var sellers = PlanMath.SplitDaysOverSellers(team, [1m, 2m, 3m, 4m]);
        Assert.Equal([10_000_000, 20_000_000, 30_000_000, 40_000_000], sellers.Select(s => s.Sum()));
        // Day one: 30 000 ₽ sold, 3 000 / 6 000 / 9 000 / 12 000 ₽ by weight.
        long[] sold = [300_000, 600_000, 900_000, 1_200_000];
        var lines = sellers.Select((s, j) => PlanMath.Days(days, s, Facts(22, (0, sold[j])), days[0], policy)).ToList();
        var teamLines = PlanMath.Days(days, team, Facts(22, (0, 3_000_000)), days[0], policy);
        if (policy == CarryPolicy.CarryNext)
        {
            Assert.Equal(6_090_909, teamLines[1].Plan);
            Assert.Equal(teamLines[1].Plan, lines.Sum(l => l[1].Plan)); // nobody over-fulfilled: the sellers' plans add up to the team's
        }
        else
        {
            Assert.Equal(4_619_048, teamLines[1].Plan);
            Assert.InRange(lines.Sum(l => l[1].Plan) - teamLines[1].Plan, -4, 4); // each seller rounds their own rest: a kopeck each at most
        }
        for (var j = 0; j < 4; j++) Assert.Equal(sellers[j].Sum() - sold[j], lines[j].Skip(1).Sum(l => l.Plan));
    }

    [Fact]
    public void Awkward_amounts_lose_no_kopeck()
    {
        // 1 000 000,01 ₽ over 21 days and 3 sellers.
        var team = PlanMath.SplitEvenly(100_000_001, 21);
        Assert.Equal(100_000_001, team.Sum());
        Assert.All(team, d => Assert.InRange(d, 4_761_904, 4_761_905));
        var sellers = PlanMath.SplitDaysOverSellers(team, [1m, 1m, 1m]);
        Assert.Equal(100_000_001, sellers.Sum(s => s.Sum()));
        Assert.All(sellers, s => Assert.InRange(s.Sum(), 33_333_333, 33_333_334));
        for (var d = 0; d < 21; d++) Assert.Equal(team[d], sellers.Sum(s => s[d]));
        Assert.All(sellers.SelectMany(s => s), c => Assert.InRange(c, 1_587_301, 1_587_302));

        foreach (var (total, n, w) in new (long, int, decimal[])[] { (1, 22, [1m, 1m, 1m]), (99_999_999_999, 23, [0.5m, 7m, 0.25m, 3m]), (7, 3, [1m, 0m, 2m]) })
        {
            var split = PlanMath.SplitEvenly(total, n);
            Assert.Equal(total, split.Sum());
            var m = PlanMath.SplitDaysOverSellers(split, w);
            Assert.Equal(total, m.Sum(s => s.Sum()));
            for (var d = 0; d < n; d++) Assert.Equal(split[d], m.Sum(s => s[d]));
            var byWeight = PlanMath.SplitByWeights(total, w);
            Assert.Equal(total, byWeight.Sum());
            for (var j = 0; j < w.Length; j++) Assert.True(Math.Abs(m[j].Sum() - total * w[j] / w.Sum()) < 1, $"seller {j} of {total}");
        }
    }

    [Fact]
    public void Seasonality_weights_split_a_quarter_into_months_by_the_largest_remainder()
    {
        Assert.Equal([100_000, 100_001, 100_000], PlanMath.SplitEvenly(300_001, 3));
        Assert.Equal([75_000_000, 100_000_000, 125_000_000], PlanMath.SplitByWeights(300_000_000, [3m, 4m, 5m]));
        Assert.Equal([33_334, 33_333, 33_333], PlanMath.SplitByWeights(100_000, [1m, 1m, 1m]));
    }

    [Fact]
    public void Over_fulfilment_lowers_the_following_days_and_never_makes_a_plan_negative()
    {
        var days = WorkingDays(5);
        var basePlan = PlanMath.SplitEvenly(1_000_000, 5); // 2 000 ₽ a day
        // Day one: 7 000 ₽ sold, 5 000 ₽ over.
        var a = PlanMath.Days(days, basePlan, Facts(5, (0, 700_000)), days[0], CarryPolicy.CarryNext);
        Assert.Equal([200_000, 0, 0, 100_000, 200_000], a.Select(l => l.Plan)); // the surplus covers two days and half the third
        Assert.Equal(300_000, a.Sum(l => l.Plan) - a[0].Plan);
        var b = PlanMath.Days(days, basePlan, Facts(5, (0, 700_000)), days[0], CarryPolicy.Spread);
        Assert.Equal([200_000, 75_000, 75_000, 75_000, 75_000], b.Select(l => l.Plan));
        // The whole month sold on day one: nothing left to plan under either policy.
        var done = PlanMath.Days(days, basePlan, Facts(5, (0, 1_200_000)), days[0], CarryPolicy.Spread);
        Assert.All(done.Skip(1), l => Assert.Equal(0, l.Plan));
        Assert.Equal(-200_000, done[0].Remaining);
    }

    [Fact]
    public void A_shortfall_on_the_last_day_stays_a_shortfall_and_closed_days_keep_carrying()
    {
        var days = WorkingDays(3);
        var basePlan = PlanMath.SplitEvenly(300, 3);
        var a = PlanMath.Days(days, basePlan, Facts(3, (0, 0), (1, 50), (2, 100)), days[2], CarryPolicy.CarryNext);
        Assert.Equal([100, 200, 250], a.Select(l => l.Plan));
        Assert.Equal(150, a[2].Remaining);
        var b = PlanMath.Days(days, basePlan, Facts(3, (0, 0), (1, 50), (2, 100)), days[2], CarryPolicy.Spread);
        Assert.Equal([100, 150, 250], b.Select(l => l.Plan));
    }

    [Fact]
    public void An_absent_sellers_share_goes_to_the_colleagues_at_work_and_every_day_still_adds_up()
    {
        var team = PlanMath.SplitEvenly(100_000_000, 22);
        decimal[] weights = [1m, 2m, 3m, 4m];
        var away = weights.Select(_ => new bool[22]).ToArray();
        for (var d = 5; d < 10; d++) away[0][d] = true;     // the first seller on a week's vacation
        away[3][21] = true;                                   // the fourth off on the last day
        var parts = PlanMath.SplitDaysOverSellers(team, weights, away);
        for (var d = 0; d < 22; d++) Assert.Equal(team[d], parts.Sum(p => p[d]));
        for (var d = 5; d < 10; d++) Assert.Equal(0, parts[0][d]);
        Assert.Equal(0, parts[3][21]);
        Assert.All(parts, p => Assert.All(p, x => Assert.True(x >= 0)));
        // Each seller gets their exact share of the days they work (by weight among those present), within a kopeck.
        for (var s = 0; s < 4; s++)
        {
            decimal exact = 0;
            for (var d = 0; d < 22; d++)
                if (!away[s][d]) exact += team[d] * weights[s] / Enumerable.Range(0, 4).Where(o => !away[o][d]).Sum(o => weights[o]);
            Assert.InRange(parts[s].Sum() - exact, -1m, 1m);
        }
        // Nobody away: the same split as without absences.
        Assert.Equal(PlanMath.SplitDaysOverSellers(team, weights), PlanMath.SplitDaysOverSellers(team, weights, weights.Select(_ => new bool[22]).ToArray()));
    }

    [Fact]
    public void Days_away_carry_no_plan_and_what_is_owed_waits_for_the_next_day_at_work()
    {
        var days = WorkingDays(5);
        long[] basePlan = [1000, 0, 0, 1000, 1000];
        bool[] off = [false, true, true, false, false];
        var carry = PlanMath.Days(days, basePlan, Facts(5, (0, 400), (1, 0), (2, 0)), days[2], CarryPolicy.CarryNext, off);
        Assert.Equal([1000L, 0, 0, 1600, 1000], carry.Select(l => l.Plan));
        var spread = PlanMath.Days(days, basePlan, Facts(5, (0, 400), (1, 0), (2, 0)), days[2], CarryPolicy.Spread, off);
        Assert.Equal([1000L, 0, 0, 1300, 1300], spread.Select(l => l.Plan));
    }
}
