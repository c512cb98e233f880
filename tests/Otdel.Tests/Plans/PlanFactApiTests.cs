using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Otdel.Features.Deals;
using Otdel.Features.Plans;
using Otdel.Features.Reports;
using Otdel.Platform;
using Otdel.Tests.Infrastructure;
using static Otdel.Tests.Deals.DealsTestKit;

namespace Otdel.Tests.Plans;

/// <summary>
/// The grouped plan/fact report on both engines: a department's quarter plan over two teams of two sellers (weights
/// 1:2:3:4), deals the test inserts with known amounts, dates and outcomes (won and lost, at the edges of months in Moscow
/// and in UTC, outside the period, of another department, open with expected close dates), the clock in the middle of the
/// quarter. Every figure — per seller, team and the whole, for the period and per month; the grouped won/lost/win rate/
/// revenue/average/median cycle per month of each scope; the deals behind a line; the CSV — is recomputed here from the
/// raw rows.
/// </summary>
public abstract class PlanFactApiTests(TestApp app)
{
    static readonly TimeZoneInfo Moscow = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");
    static readonly DateOnly Today = new(2025, 2, 12);

    sealed record Row(long Owner, DealStatus Status, decimal Amount, DateTime CreatedUtc, DateTime? ClosedUtc, DateOnly? Expected = null, int Stage = 0);

    sealed record World(Dept Dep, long TeamA, long TeamB, List<long> Sellers, Dictionary<long, decimal> Weights, List<Row> Deals,
        List<int> Probabilities, long PlanId);

    static DateTime Msk(int year, int month, int day, int hour, int minute = 0) =>
        TimeZoneInfo.ConvertTimeToUtc(new DateTime(year, month, day, hour, minute, 0, DateTimeKind.Unspecified), Moscow);

    static DateOnly MoscowDate(DateTime utc) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(utc, Moscow));

    async Task<World> ArrangeAsync()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        async Task<long> TeamAsync(string name) => (await Expect<JsonElement>(await head.PostAsJsonAsync("/api/v1/teams", new
        {
            name = name + " " + dep.Tag,
            departmentId = dep.Id
        }), HttpStatusCode.Created)).GetProperty("id").GetInt64();
        var teamA = await TeamAsync("Альфа");
        var teamB = await TeamAsync("Бета");
        var sellers = new List<long>
        {
            (await dep.AddPersonAsync("closer", teamA, name: "Анна Альфа " + dep.Tag)).Id,
            (await dep.AddPersonAsync("closer", teamA, name: "Борис Альфа " + dep.Tag)).Id,
            (await dep.AddPersonAsync("closer", teamB, name: "Вера Бета " + dep.Tag)).Id,
            (await dep.AddPersonAsync("closer", teamB, name: "Глеб Бета " + dep.Tag)).Id,
        };
        var weights = sellers.Select((s, i) => (s, w: i + 1m)).ToDictionary(x => x.s, x => x.w);
        var other = await app.NewDepartmentAsync();
        var stranger = (await other.AddPersonAsync("closer", name: "Чужой " + other.Tag)).Id;
        var pipeline = await head.NewPipelineAsync("simple");

        var rows = new List<Row>
        {
            new(sellers[0], DealStatus.Won, 10_000.10m, Msk(2025, 1, 10, 9), Msk(2025, 1, 31, 23, 30)),  // January everywhere
            new(sellers[0], DealStatus.Won, 20_000m, Msk(2025, 1, 20, 9), Msk(2025, 2, 1, 0, 30)),       // February in Moscow, January in UTC
            new(sellers[1], DealStatus.Lost, 99_000m, Msk(2024, 12, 1, 9), Msk(2025, 1, 15, 12)),
            new(sellers[2], DealStatus.Won, 55_555.55m, Msk(2024, 11, 1, 9), Msk(2024, 12, 31, 12)),    // before the period
            new(stranger, DealStatus.Won, 500_000m, Msk(2025, 1, 5, 9), Msk(2025, 1, 20, 12)),          // another department
            new(sellers[3], DealStatus.Won, 7_000m, Msk(2025, 2, 1, 9), Msk(2025, 2, 12, 10)),           // today
            new(sellers[0], DealStatus.Open, 40_000m, Msk(2025, 1, 5, 9), null, new DateOnly(2025, 2, 5), 2),   // slipped
            new(sellers[0], DealStatus.Open, 60_000m, Msk(2025, 1, 5, 9), null, new DateOnly(2025, 2, 20), 3),
            new(sellers[0], DealStatus.Open, 80_000m, Msk(2025, 1, 5, 9), null, new DateOnly(2025, 3, 31), 1),
            new(sellers[0], DealStatus.Open, 90_000m, Msk(2025, 1, 5, 9), null, new DateOnly(2025, 4, 2), 4),   // after the period
            new(sellers[0], DealStatus.Open, 95_000m, Msk(2025, 1, 5, 9), null),                                // no date
            new(sellers[2], DealStatus.Open, 30_000m, Msk(2025, 1, 5, 9), null, new DateOnly(2025, 3, 1), 4),
        };
        var rnd = new Random(20250212);
        for (var i = 0; i < 40; i++)
        {
            var closed = Msk(2025, 1, 1, 0).AddMinutes(rnd.Next(0, 41 * 24 * 60)); // 1 January to 10 February
            rows.Add(new(sellers[rnd.Next(4)], rnd.Next(3) == 0 ? DealStatus.Lost : DealStatus.Won, 1_000m * rnd.Next(5, 90) + 0.01m * rnd.Next(0, 100),
                closed.AddDays(-rnd.Next(0, 60)).AddHours(-rnd.Next(0, 24)), closed));
        }
        await using (var db = app.OpenDb())
        {
            foreach (var r in rows)
                db.Deals.Add(new Deal
                {
                    Title = "Сделка п/ф " + dep.Tag, ClientName = "Клиент", Amount = r.Amount, PipelineId = pipeline.Id, StageId = pipeline.Stages[r.Stage].Id,
                    OwnerId = r.Owner, Status = r.Status, ClosedAt = r.ClosedUtc, CreatedAt = r.CreatedUtc, StageEnteredAt = r.CreatedUtc,
                    ExpectedCloseDate = r.Expected,
                });
            await db.SaveChangesAsync();
        }
        var plan = await Expect<PlanView>(await head.PostAsJsonAsync("/api/v1/plans", new
        {
            period = "2025-Q1", level = "department", targetId = dep.Id, metric = "revenueWon", amount = 3_000_000m, distribution = "weights",
            weights = weights.Select(x => new { userId = x.Key, weight = x.Value }), reason = "План на квартал",
        }), HttpStatusCode.Created);
        Assert.Equal(sellers.Order(), plan.Sellers.Select(s => s.UserId).Order());
        return new World(dep, teamA, teamB, sellers, weights, rows, pipeline.Stages.Select(s => s.Probability).ToList(), plan.Id);
    }

    const string Query = "period=2025-Q1&level=department&metric=revenueWon";

    [Fact]
    public async Task Every_figure_of_the_grouped_plan_fact_report_equals_an_independent_computation_from_the_raw_deals()
    {
        var w = await ArrangeAsync();
        var head = app.Client(w.Dep.HeadToken);
        var ru = ProductionCalendar.Of("ru");
        var months = new[] { 1, 2, 3 }.Select(m => ru.WorkingDaysIn(2025, m)).ToList();
        var days = months.SelectMany(d => d).ToList();
        int passed = days.Count(d => d <= Today), left = days.Count - passed;
        decimal PlanOf(long s, int m) => 1_000_000m * w.Weights[s] / 10m;
        decimal FactOf(long s, int m) => w.Deals.Where(d => d.Owner == s && d.Status == DealStatus.Won && d.ClosedUtc is { } c
            && MoscowDate(c) is var day && day.Year == 2025 && day.Month == m && day <= Today).Sum(d => d.Amount);

        void Check(PlanFactLine line, IReadOnlyCollection<long> who)
        {
            decimal p = who.Sum(s => new[] { 1, 2, 3 }.Sum(m => PlanOf(s, m))), f = who.Sum(s => new[] { 1, 2, 3 }.Sum(m => FactOf(s, m)));
            Assert.Equal(p, line.Plan);
            Assert.Equal(f, line.Fact);
            Assert.Equal(Math.Round((double)f / (double)p * 100, 1), line.PercentDone!.Value, 6);
            Assert.Equal(p - f, line.Gap);
            Assert.Equal(Math.Round(Math.Max(p - f, 0) / left, 2, MidpointRounding.AwayFromZero), line.NeededPerDay);
            Assert.Equal(Math.Round(f + f / passed * left, 2, MidpointRounding.AwayFromZero), line.RunRate);
            Assert.Equal(["2025-01", "2025-02", "2025-03"], line.Months!.Select(m => m.Month));
            for (var m = 1; m <= 3; m++)
            {
                var month = line.Months![m - 1];
                decimal mp = who.Sum(s => PlanOf(s, m)), mf = who.Sum(s => FactOf(s, m));
                Assert.Equal((months[m - 1].Count, mp, mf, mp - mf), (month.WorkingDays, month.Plan, month.Fact, month.Gap));
                Assert.Equal(Math.Round((double)mf / (double)mp * 100, 1), month.PercentDone!.Value, 6);
            }
        }

        void CheckSales(SalesResult sales, IReadOnlyCollection<long> who)
        {
            var closed = w.Deals.Where(d => d.Status != DealStatus.Open && who.Contains(d.Owner) && d.ClosedUtc >= new DateTime(2025, 1, 1)
                && d.ClosedUtc < new DateTime(2025, 4, 1)).ToList();
            void Same(SalesRow row, List<Row> group)
            {
                var won = group.Where(d => d.Status == DealStatus.Won).ToList();
                var cycles = group.Select(d => (double)(DateOnly.FromDateTime(d.ClosedUtc!.Value).DayNumber - DateOnly.FromDateTime(d.CreatedUtc).DayNumber))
                    .Order().ToList();
                var median = cycles.Count == 0 ? (double?)null : cycles.Count % 2 == 1 ? cycles[cycles.Count / 2]
                    : (cycles[cycles.Count / 2 - 1] + cycles[cycles.Count / 2]) / 2;
                Assert.Equal(won.Count, row.Won);
                Assert.Equal(group.Count - won.Count, row.Lost);
                Assert.Equal(Math.Round((double)won.Count / group.Count, 4), row.WinRate);
                Assert.Equal(won.Sum(d => d.Amount), row.RevenueWon);
                Assert.Equal(won.Count == 0 ? null : Math.Round(won.Sum(d => d.Amount) / won.Count, 2, MidpointRounding.AwayFromZero), row.AvgWonDeal);
                Assert.Equal(median, row.MedianCycleDays);
            }
            var byMonth = closed.GroupBy(d => d.ClosedUtc!.Value.ToString("yyyy-MM", CultureInfo.InvariantCulture)).OrderBy(g => g.Key).ToList();
            Assert.Equal(byMonth.Select(g => g.Key), sales.Rows.Select(r => r.Key));
            foreach (var g in byMonth) Same(sales.Rows.Single(r => r.Key == g.Key), g.ToList());
            Same(sales.Total, closed);
        }

        app.Clock.Set(new DateTimeOffset(Msk(2025, 2, 12, 12), TimeSpan.Zero));
        try
        {
            var r = await head.GetJson<PlanFactView>($"/api/v1/reports/plan-fact?{Query}&targetId={w.Dep.Id}");
            Assert.Equal((days.Count, passed, left), (r.WorkingDays, r.WorkingDaysPassed, r.WorkingDaysLeft));
            Assert.Equal(Math.Round(passed * 100.0 / days.Count, 1), r.ExpectedPercent);
            Assert.Equal((Today, new DateOnly(2025, 1, 1), new DateOnly(2025, 3, 31)), (r.Today, r.StartsOn, r.EndsOn));
            Check(r.Total!, w.Sellers);
            Assert.Equal("target", r.Total!.Level);
            Assert.Equal(w.Sellers.Order(), r.Sellers.Select(l => l.UserId!.Value).Order());
            foreach (var line in r.Sellers) Check(line, [line.UserId!.Value]);
            Assert.Equal([w.TeamA, w.TeamA, w.TeamB, w.TeamB], w.Sellers.Select(s => r.Sellers.Single(l => l.UserId == s).TeamId!.Value));
            Assert.Equal([w.TeamA, w.TeamB], r.Teams!.Select(t => t.TeamId!.Value));
            Check(r.Teams![0], w.Sellers[..2]);
            Check(r.Teams![1], w.Sellers[2..]);
            CheckSales(r.Sales!, w.Sellers);

            // The grouped figures of each team and each seller, asked by scope.
            foreach (var (team, who) in new[] { (w.TeamA, w.Sellers[..2]), (w.TeamB, w.Sellers[2..]) })
                CheckSales((await head.GetJson<PlanFactView>($"/api/v1/reports/plan-fact?{Query}&targetId={w.Dep.Id}&teamId={team}")).Sales!, who);
            foreach (var s in w.Sellers)
                CheckSales((await head.GetJson<PlanFactView>($"/api/v1/reports/plan-fact?{Query}&targetId={w.Dep.Id}&userId={s}")).Sales!, [s]);

            // The deals behind a seller: the won ones add up to their fact; the open ones could close by 31 March, slipped first.
            var deals = await head.GetJson<PlanDealsView>($"/api/v1/reports/plan-fact/deals?{Query}&targetId={w.Dep.Id}&userId={w.Sellers[0]}");
            Assert.Equal(FactOf(w.Sellers[0], 1) + FactOf(w.Sellers[0], 2), deals.Won.Sum(d => d.Amount));
            Assert.All(deals.Won, d => Assert.Equal(w.Sellers[0], d.OwnerId));
            Assert.Equal([40_000m, 60_000m, 80_000m], deals.Open.Select(d => d.Amount));
            Assert.Equal([true, false, false], deals.Open.Select(d => d.Late));
            int StageOf(decimal amount) => w.Deals.First(x => x.Status == DealStatus.Open && x.Amount == amount).Stage;
            Assert.Equal(deals.Open.Select(d => Math.Round(d.Amount * w.Probabilities[StageOf(d.Amount)] / 100m, 2)),
                deals.Open.Select(d => d.Weighted));
            var teamB = await head.GetJson<PlanDealsView>($"/api/v1/reports/plan-fact/deals?{Query}&targetId={w.Dep.Id}&teamId={w.TeamB}");
            Assert.Equal(w.Sellers[2..].Sum(s => FactOf(s, 1) + FactOf(s, 2)), teamB.Won.Sum(d => d.Amount));
            Assert.Equal([30_000m], teamB.Open.Select(d => d.Amount));

            // The CSV: every line for the period and per month, in Excel's ru-RU dialect.
            var csv = await head.GetAsync($"/api/v1/reports/plan-fact/export.csv?{Query}&targetId={w.Dep.Id}");
            Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
            Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
            var bytes = await csv.Content.ReadAsByteArrayAsync();
            Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
            var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(1 + 7 * 4, lines.Length);
            var total = lines.Single(l => l.Contains(";2025-Q1;", StringComparison.Ordinal) && l.StartsWith("Весь план", StringComparison.Ordinal)).Split(';');
            Assert.Equal(r.Total.Fact.ToString("0.##", CultureInfo.GetCultureInfo("ru-RU")), total[4]);

            // A seller reads only their own line, their own figures, and nobody else's deals.
            var seller = app.Client(await app.IssueTokenAsync(w.Sellers[1]));
            var mine = await seller.GetJson<PlanFactView>($"/api/v1/reports/plan-fact?{Query}&targetId={w.Dep.Id}");
            Assert.Null(mine.Total);
            Assert.Empty(mine.Teams!);
            Assert.Equal([w.Sellers[1]], mine.Sellers.Select(l => l.UserId!.Value));
            CheckSales(mine.Sales!, [w.Sellers[1]]);
            var refused = await Problem(await seller.GetAsync($"/api/v1/reports/plan-fact/deals?{Query}&targetId={w.Dep.Id}&userId={w.Sellers[0]}"),
                HttpStatusCode.NotFound);
            Assert.Equal(["userId"], refused.ErrorFields());
            await Problem(await head.GetAsync($"/api/v1/reports/plan-fact?{Query}&targetId={w.Dep.Id}&teamId=999999999"), HttpStatusCode.NotFound);
        }
        finally { app.Clock.Reset(); }
    }
}

[Collection("sqlite")]
public sealed class PlanFactApiTests_Sqlite(SqliteApp app) : PlanFactApiTests(app);

[Collection("postgres")]
public sealed class PlanFactApiTests_Postgres(PostgresApp app) : PlanFactApiTests(app);
