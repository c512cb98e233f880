using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Otdel.Features.Deals;
using Otdel.Features.Plans;
using Otdel.Tests.Infrastructure;
using static Otdel.Tests.Deals.DealsTestKit;

namespace Otdel.Tests.Plans;

/// <summary>
/// The bottom-up forecast, the gap and the reverse funnel through /api/v1 on both engines. The test inserts its own raw
/// rows — a year of closed deals with the stages each passed, won deals of the plan's month, open deals expected in and
/// out of the month, some marked commit, best case or omitted — and recomputes every figure here from those rows alone:
/// weighted by the stage's probability, by each seller's own conversion from the stage (or the probability below five
/// closed deals), commit, best case, the gap per seller and for the team, and each stage's deals needed for a target.
/// </summary>
public abstract class ForecastApiTests(TestApp app)
{
    static readonly TimeZoneInfo Moscow = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");
    static readonly DateTime Now = new(2025, 6, 10, 9, 0, 0, DateTimeKind.Utc);

    sealed record History(long Owner, bool Won, decimal Amount, int LastStage, DateTime CreatedAt, DateTime ClosedAt);
    sealed record Open(long Owner, int Stage, decimal Amount, DateOnly? Close, string? Category);

    sealed record Setup(Dept Dep, long Team, List<long> Sellers, PipelineViewLite Pipeline, List<History> History, List<Open> Open,
        List<(Open Row, long Id)> OpenIds, PlanView Plan);

    sealed record PipelineViewLite(long Id, List<long> Stages, List<int> Probabilities);

    static DateTime Msk(int y, int m, int d, int h = 12) =>
        TimeZoneInfo.ConvertTimeToUtc(new DateTime(y, m, d, h, 0, 0, DateTimeKind.Unspecified), Moscow);

    async Task<Setup> ArrangeAsync()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var team = (await Expect<JsonElement>(await head.PostAsJsonAsync("/api/v1/teams", new { name = "Прогноз " + dep.Tag, departmentId = dep.Id }),
            HttpStatusCode.Created)).GetProperty("id").GetInt64();
        var sellers = new List<long>();
        for (var i = 0; i < 3; i++) sellers.Add((await dep.AddPersonAsync("closer", team, name: $"Продавец {i + 1} {dep.Tag}")).Id);
        var pv = await head.NewPipelineAsync("simple");
        var pipeline = new PipelineViewLite(pv.Id, pv.Stages.OrderBy(s => s.Order).Select(s => s.Id).ToList(),
            pv.Stages.OrderBy(s => s.Order).Select(s => s.Probability).ToList());

        var rnd = new Random(2025);
        var history = new List<History>();
        // Seller 1: a long history (own conversion); seller 2: three deals (too few: the stage's probability); seller 3: none.
        for (var n = 0; n < 40; n++)
        {
            var closed = Msk(2025, 1 + rnd.Next(0, 5), 1 + rnd.Next(0, 28));
            var won = rnd.Next(0, 3) == 0;
            var amount = 1000m * rnd.Next(50, 400) + 0.01m * rnd.Next(0, 100);
            history.Add(new(sellers[0], won, amount, won ? 4 : rnd.Next(0, 5), closed.AddDays(-rnd.Next(5, 90)), closed));
        }
        history.Add(new(sellers[1], true, 120_000m, 4, Msk(2025, 2, 1), Msk(2025, 3, 3)));
        history.Add(new(sellers[1], false, 80_000m, 2, Msk(2025, 2, 1), Msk(2025, 3, 5)));
        history.Add(new(sellers[1], false, 60_000m, 1, Msk(2025, 2, 1), Msk(2025, 3, 6)));
        // Older than a year before now: not history.
        history.Add(new(sellers[0], true, 999_999m, 4, Msk(2024, 3, 1), Msk(2024, 5, 1)));

        // Won this month (in Moscow) so far: the forecast's «won»; and part of the history like every closed deal.
        history.Add(new(sellers[0], true, 150_000m, 4, Msk(2025, 5, 13), Msk(2025, 6, 2)));
        history.Add(new(sellers[1], true, 70_000.55m, 4, Msk(2025, 5, 20), Msk(2025, 6, 9, 23)));
        history.Add(new(sellers[2], true, 33_333.33m, 4, Msk(2025, 4, 2), Msk(2025, 6, 1, 1)));
        history.Add(new(sellers[0], true, 500_000m, 4, Msk(2025, 5, 1), Msk(2025, 5, 31, 23))); // May in Moscow
        var open = new List<Open>
        {
            new(sellers[0], 0, 100_000m, new DateOnly(2025, 6, 20), null),
            new(sellers[0], 2, 250_000.35m, new DateOnly(2025, 6, 30), "commit"),
            new(sellers[0], 3, 410_000m, new DateOnly(2025, 6, 15), "bestCase"),
            new(sellers[0], 4, 77_777.77m, new DateOnly(2025, 6, 1), "omitted"),
            new(sellers[0], 1, 90_000m, new DateOnly(2025, 7, 1), "commit"),     // July: outside the period
            new(sellers[1], 1, 45_000.05m, new DateOnly(2025, 6, 25), "commit"),
            new(sellers[1], 3, 300_000m, new DateOnly(2025, 6, 5), null),
            new(sellers[1], 2, 20_000m, null, null),                              // no expected close date
            new(sellers[2], 4, 61_000.01m, new DateOnly(2025, 6, 11), "bestCase"),
            new(sellers[2], 0, 12_345.67m, new DateOnly(2025, 6, 29), null),
        };
        var openIds = new List<(Open, long)>();
        await using (var db = app.OpenDb())
        {
            foreach (var h in history)
            {
                var deal = new Deal
                {
                    Title = "История " + dep.Tag, Amount = h.Amount, PipelineId = pipeline.Id, StageId = pipeline.Stages[h.LastStage], OwnerId = h.Owner,
                    Status = h.Won ? DealStatus.Won : DealStatus.Lost, CreatedAt = h.CreatedAt, StageEnteredAt = h.CreatedAt, ClosedAt = h.ClosedAt,
                };
                db.Deals.Add(deal);
                for (var s = 0; s <= h.LastStage; s++)
                {
                    db.StageVisits.Add(new StageVisit
                    {
                        Deal = deal, PipelineId = pipeline.Id, StageId = pipeline.Stages[s], ExecutorId = h.Owner, EnteredAt = h.CreatedAt.AddHours(s),
                        IsFirstEntry = true, Advanced = s < h.LastStage || h.Won,
                    });
                    // A deal that came back to a stage it passed counts there once.
                    if (s == 1) db.StageVisits.Add(new StageVisit
                    {
                        Deal = deal, PipelineId = pipeline.Id, StageId = pipeline.Stages[s], ExecutorId = h.Owner, EnteredAt = h.CreatedAt.AddHours(s + 0.5),
                    });
                }
            }
            var entities = open.Select(o => (o, new Deal
            {
                Title = "Открыта " + dep.Tag, Amount = o.Amount, PipelineId = pipeline.Id, StageId = pipeline.Stages[o.Stage], OwnerId = o.Owner,
                CreatedAt = Msk(2025, 5, 1), StageEnteredAt = Msk(2025, 5, 2), ExpectedCloseDate = o.Close,
            })).ToList();
            db.Deals.AddRange(entities.Select(e => e.Item2));
            await db.SaveChangesAsync();
            openIds = entities.Select(e => (e.o, e.Item2.Id)).ToList();
        }
        foreach (var (row, id) in openIds.Where(x => x.Item1.Category is not null))
            await Expect<DealForecastView>(await head.PutAsJsonAsync($"/api/v1/forecast/deals/{id}", new { category = row.Category }), HttpStatusCode.OK);

        var plan = await Expect<PlanView>(await head.PostAsJsonAsync("/api/v1/plans", new
        {
            period = "2025-06", level = "team", targetId = team, metric = "revenueWon", amount = 2_000_000m, distribution = "weights",
            weights = sellers.Select((s, i) => new { userId = s, weight = 3m - i }), reason = "План на июнь",
        }), HttpStatusCode.Created);
        return new Setup(dep, team, sellers, pipeline, history, open, openIds, plan);
    }

    /// <summary>Per stage index: (entered, won) among the seller's closed deals of the year before now (or everyone's when owner is null).</summary>
    static Dictionary<int, (int Entered, int Won)> Rates(Setup s, long? owner) => Enumerable.Range(0, 5).ToDictionary(i => i, i =>
    {
        var passed = s.History.Where(h => (owner is null || h.Owner == owner) && h.ClosedAt >= Now.AddDays(-365) && h.LastStage >= i).ToList();
        return (passed.Count, passed.Count(h => h.Won));
    });

    static decimal Round(decimal x) => Math.Round(x, 2, MidpointRounding.AwayFromZero);

    [Fact]
    public async Task The_forecast_weighs_open_deals_by_stage_and_by_each_sellers_own_conversion_and_shows_the_gap()
    {
        var s = await ArrangeAsync();
        var head = app.Client(s.Dep.HeadToken);
        app.Clock.Set(new DateTimeOffset(Now, TimeSpan.Zero));
        try
        {
            var inPeriod = s.OpenIds.Where(x => x.Row.Close is { } c && c.Month == 6 && c.Year == 2025 && x.Row.Category != "omitted").ToList();
            decimal Weighted(Open o) => Round(o.Amount * s.Pipeline.Probabilities[o.Stage] / 100m);
            decimal Historical(Open o)
            {
                var (entered, wonCount) = Rates(s, o.Owner)[o.Stage];
                return entered >= 5 ? Round(o.Amount * wonCount / entered) : Weighted(o);
            }
            foreach (var weighting in new[] { "stage", "history" })
            {
                var f = await Expect<PlanForecastView>(await head.GetAsync($"/api/v1/plans/{s.Plan.Id}/forecast?weighting={weighting}"), HttpStatusCode.OK);
                Assert.Equal(new DateOnly(2025, 6, 10), f.Today);
                Assert.Equal(inPeriod.Count + 1, f.Deals.Count); // the omitted deal is listed (marked), counted nowhere
                decimal planTotal = 0;
                foreach (var seller in s.Sellers.Append(-1))
                {
                    bool Mine(long owner) => seller == -1 || owner == seller;
                    var row = seller == -1 ? f.Rows.Single(r => r.Level == "target") : f.Rows.Single(r => r.Level == "user" && r.Id == seller);
                    var mine = inPeriod.Where(x => Mine(x.Row.Owner)).Select(x => x.Row).ToList();
                    var wonSum = s.History.Where(w => Mine(w.Owner) && w.Won && TimeZoneInfo.ConvertTimeFromUtc(w.ClosedAt, Moscow) is { Year: 2025, Month: 6 })
                        .Sum(w => w.Amount);
                    var weighted = mine.Sum(Weighted);
                    var historical = mine.Sum(Historical);
                    var commit = wonSum + mine.Where(o => o.Category == "commit").Sum(o => o.Amount);
                    var best = commit + mine.Where(o => o.Category == "bestCase").Sum(o => o.Amount);
                    var planShare = seller == -1 ? 2_000_000m : s.Plan.Sellers.Single(x => x.UserId == seller).Amount;
                    var forecast = wonSum + (weighting == "history" ? historical : weighted);
                    Assert.Equal(planShare, row.Plan);
                    Assert.Equal(wonSum, row.Won);
                    Assert.Equal(mine.Count, row.OpenDeals);
                    Assert.Equal(mine.Sum(o => o.Amount), row.Pipeline);
                    Assert.Equal(weighted, row.Weighted);
                    Assert.Equal(historical, row.Historical);
                    Assert.Equal(commit, row.Commit);
                    Assert.Equal(best, row.BestCase);
                    Assert.Equal(forecast, row.Forecast);
                    Assert.Equal(planShare - forecast, row.Gap);
                    if (seller != -1) planTotal += row.Plan;
                }
                Assert.Equal(2_000_000m, planTotal);
                // The first seller's own conversion differs from the stage's probability somewhere: the weighting matters.
                Assert.Contains(f.Deals, d => d.OwnHistory && d.Historical != d.Weighted);
                Assert.All(f.Deals.Where(d => d.OwnerId != s.Sellers[0]), d => Assert.False(d.OwnHistory));
            }

            // A seller reads their own line and deals only; another department's head reads nothing.
            var seller1 = app.Client(await app.IssueTokenAsync(s.Sellers[1]));
            var own = await Expect<PlanForecastView>(await seller1.GetAsync($"/api/v1/plans/{s.Plan.Id}/forecast"), HttpStatusCode.OK);
            Assert.Equal([s.Sellers[1]], own.Rows.Select(r => r.Id!.Value));
            Assert.All(own.Deals, d => Assert.Equal(s.Sellers[1], d.OwnerId));
            var other = await app.NewDepartmentAsync();
            await Problem(await app.Client(other.HeadToken).GetAsync($"/api/v1/plans/{s.Plan.Id}/forecast"), HttpStatusCode.NotFound);

            // The same by period, level and target; a period with no plan, an unknown plan and a bad weighting are refused.
            var byPeriod = await Expect<PlanForecastView>(await head.GetAsync($"/api/v1/reports/forecast?period=2025-06&level=team&targetId={s.Team}"),
                HttpStatusCode.OK);
            Assert.Equal(s.Plan.Id, byPeriod.PlanId);
            var none = await Problem(await head.GetAsync($"/api/v1/reports/forecast?period=2025-08&level=team&targetId={s.Team}"), HttpStatusCode.NotFound);
            Assert.Contains("2025-08", none.GetProperty("errors").GetProperty("period")[0].GetString());
            await Problem(await head.GetAsync("/api/v1/plans/987654321/forecast"), HttpStatusCode.NotFound);
            Assert.Contains("weighting", (await Problem(await head.GetAsync($"/api/v1/plans/{s.Plan.Id}/forecast?weighting=mood"),
                HttpStatusCode.BadRequest)).ErrorFields());
            // Forecast categories: an open deal only, one the caller may change.
            var closedDeal = await ClosedDealIdAsync(s);
            Assert.Contains("category", (await Problem(await head.PutAsJsonAsync($"/api/v1/forecast/deals/{closedDeal}", new { category = "commit" }),
                HttpStatusCode.BadRequest)).ErrorFields());
            Assert.Contains("category", (await Problem(await head.PutAsJsonAsync($"/api/v1/forecast/deals/{s.OpenIds[0].Id}", new { category = "maybe" }),
                HttpStatusCode.BadRequest)).ErrorFields());
            await Problem(await app.Client(other.HeadToken).PutAsJsonAsync($"/api/v1/forecast/deals/{s.OpenIds[0].Id}", new { category = "commit" }),
                HttpStatusCode.NotFound);
            await Problem(await seller1.PutAsJsonAsync($"/api/v1/forecast/deals/{s.OpenIds[0].Id}", new { category = "commit" }), HttpStatusCode.NotFound);
        }
        finally { app.Clock.Reset(); }
    }

    async Task<long> ClosedDealIdAsync(Setup s)
    {
        await using var db = app.OpenDb();
        return db.Deals.Where(d => d.OwnerId == s.Sellers[0] && d.Status == DealStatus.Won).Select(d => d.Id).First();
    }

    [Fact]
    public async Task The_reverse_funnel_counts_back_from_a_target_at_the_historical_conversion_and_average_check()
    {
        var s = await ArrangeAsync();
        var head = app.Client(s.Dep.HeadToken);
        app.Clock.Set(new DateTimeOffset(Now, TimeSpan.Zero));
        try
        {
            var year = s.History.Where(h => h.ClosedAt >= Now.AddDays(-365)).ToList();
            static long? Needed(decimal target, List<History> deals, Dictionary<int, (int Entered, int Won)> rates, int stage)
            {
                var won = deals.Where(d => d.Won).ToList();
                if (won.Count == 0) return null;
                var wonNeeded = (long)Math.Ceiling(target * won.Count / won.Sum(d => d.Amount));
                var (entered, w) = rates[stage];
                return w == 0 ? null : (long)Math.Ceiling((decimal)wonNeeded * entered / w);
            }
            var r = await Expect<ReverseFunnelView>(await head.GetAsync($"/api/v1/plans/{s.Plan.Id}/reverse-funnel?target=1500000"), HttpStatusCode.OK);
            Assert.Equal(s.Pipeline.Id, r.PipelineId);
            var all = Rates(s, null);
            var wonAll = year.Where(h => h.Won).ToList();
            Assert.Equal(year.Count, r.Total.HistoryDeals);
            Assert.Equal(Round(wonAll.Sum(h => h.Amount) / wonAll.Count), r.Total.AverageCheck);
            Assert.Equal((long)Math.Ceiling(1_500_000m * wonAll.Count / wonAll.Sum(h => h.Amount)), r.Total.WonNeeded);
            Assert.Equal(5, r.Total.Stages.Count);
            for (var i = 0; i < 5; i++)
            {
                Assert.Equal(all[i].Entered, r.Total.Stages[i].Entered);
                Assert.Equal(all[i].Won, r.Total.Stages[i].Won);
                Assert.Equal(Needed(1_500_000m, year, all, i), r.Total.Stages[i].Needed);
            }
            var cycles = wonAll.Select(h => DateOnly.FromDateTime(h.ClosedAt).DayNumber - DateOnly.FromDateTime(h.CreatedAt).DayNumber).Order().ToList();
            var median = cycles.Count % 2 == 1 ? cycles[cycles.Count / 2] : (cycles[cycles.Count / 2 - 1] + cycles[cycles.Count / 2]) / 2m;
            Assert.Equal(median, r.Total.MedianCycleDays);
            // Seller 1 at their own conversion; seller 2 (three closed deals) at the whole's.
            var first = r.Sellers.Single(x => x.UserId == s.Sellers[0]);
            Assert.True(first.OwnHistory);
            var share = Round(1_500_000m * s.Plan.Sellers[0].Amount / 2_000_000m);
            Assert.Equal(share, first.Target);
            var mine = year.Where(h => h.Owner == s.Sellers[0]).ToList();
            for (var i = 0; i < 5; i++) Assert.Equal(Needed(share, mine, Rates(s, s.Sellers[0]), i), first.Stages[i].Needed);
            var second = r.Sellers.Single(x => x.UserId == s.Sellers[1]);
            Assert.False(second.OwnHistory);
            Assert.Equal(year.Count, second.HistoryDeals);

            // Without a target: the plan's gap against the forecast.
            var f = await Expect<PlanForecastView>(await head.GetAsync($"/api/v1/plans/{s.Plan.Id}/forecast"), HttpStatusCode.OK);
            var byGap = await Expect<ReverseFunnelView>(await head.GetAsync($"/api/v1/reports/reverse-funnel?period=2025-06&level=team&targetId={s.Team}"),
                HttpStatusCode.OK);
            Assert.Equal(Math.Max(0, f.Rows.Single(x => x.Level == "target").Gap), byGap.Total.Target);
            Assert.Equal(Needed(byGap.Total.Target, year, all, 0), byGap.Total.Stages[0].Needed);

            Assert.Contains("target", (await Problem(await head.GetAsync($"/api/v1/plans/{s.Plan.Id}/reverse-funnel?target=-5"),
                HttpStatusCode.BadRequest)).ErrorFields());
            await Problem(await head.GetAsync("/api/v1/plans/987654321/reverse-funnel"), HttpStatusCode.NotFound);
            var none = await Problem(await head.GetAsync($"/api/v1/reports/reverse-funnel?period=2030-01&level=team&targetId={s.Team}"),
                HttpStatusCode.NotFound);
            Assert.Contains("period", none.ErrorFields());
        }
        finally { app.Clock.Reset(); }
    }
}

[Collection("sqlite")]
public sealed class ForecastApiTests_Sqlite(SqliteApp app) : ForecastApiTests(app);

[Collection("postgres")]
public sealed class ForecastApiTests_Postgres(PostgresApp app) : ForecastApiTests(app);
