using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Otdel.Features.Deals;
using Otdel.Features.Plans;
using Otdel.Tests.Infrastructure;
using static Otdel.Tests.Deals.DealsTestKit;

namespace Otdel.Tests.Plans;

/// <summary>
/// Plans through /api/v1 on both engines: a team's month plan decomposed over the production calendar's working days and
/// its sellers, each day's fact summed from deals the test itself inserted (won, lost, open, another team's, on a
/// Saturday, just after midnight in Moscow), and each day's plan after carry-over recomputed here by the closed forms
/// (carry to the next day: the rounded running target less everything sold before; spread: what is left over the days left).
/// </summary>
public abstract class PlansApiTests(TestApp app)
{
    static readonly TimeZoneInfo Moscow = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");

    sealed record Seeded(long Owner, DateTime ClosedAtUtc, decimal Amount, DealStatus Status);

    sealed record Setup(Dept Dep, long Team, List<long> Sellers, long Outsider, long Pipeline, List<Seeded> Deals);

    static DateTime Msk(int month, int day, int hour, int minute = 0) =>
        TimeZoneInfo.ConvertTimeToUtc(new DateTime(2025, month, day, hour, minute, 0, DateTimeKind.Unspecified), Moscow);

    async Task<Setup> ArrangeAsync()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var team = (await Expect<JsonElement>(await head.PostAsJsonAsync("/api/v1/teams", new
        {
            name = "Команда " + dep.Tag,
            departmentId = dep.Id
        }), HttpStatusCode.Created)).GetProperty("id").GetInt64();
        var sellers = new List<long>();
        for (var i = 0; i < 4; i++) sellers.Add((await dep.AddPersonAsync("closer", team, name: $"Продавец {i + 1} {dep.Tag}")).Id);
        var outsider = (await dep.AddPersonAsync("closer", name: "Не из команды " + dep.Tag)).Id;
        var pipeline = await head.NewPipelineAsync("simple");
        var rnd = new Random(12);
        var deals = new List<Seeded>
        {
            new(sellers[0], Msk(3, 1, 15), 5_000m, DealStatus.Won),          // Saturday: counts on Monday 3 March
            new(sellers[1], Msk(3, 4, 23, 30), 7_777.77m, DealStatus.Won),   // 20:30 UTC on the 4th, the 4th in Moscow
            new(sellers[1], Msk(3, 5, 0, 30), 1_000.01m, DealStatus.Won),    // 21:30 UTC on the 4th, the 5th in Moscow
            new(sellers[2], Msk(3, 3, 11), 99_999m, DealStatus.Lost),
            new(outsider, Msk(3, 3, 11), 50_000m, DealStatus.Won),
            new(sellers[3], Msk(2, 28, 23, 59), 3_000m, DealStatus.Won),    // February
        };
        for (var n = 0; n < 25; n++)
            deals.Add(new(sellers[rnd.Next(4)], Msk(3, rnd.Next(3, 12), rnd.Next(9, 20), rnd.Next(0, 60)), 100m * rnd.Next(10,
                150) + 0.01m * rnd.Next(0, 100), DealStatus.Won));
        await using (var db = app.OpenDb())
        {
            var stage = pipeline.Stages[0].Id;
            foreach (var d in deals)
                db.Deals.Add(new Deal
                {
                    Title = "Сделка плана " + dep.Tag, Amount = d.Amount, PipelineId = pipeline.Id, StageId = stage, OwnerId = d.Owner, Status = d.Status,
                    ClosedAt = d.ClosedAtUtc, CreatedAt = d.ClosedAtUtc.AddDays(-10), StageEnteredAt = d.ClosedAtUtc.AddDays(-10),
                });
            db.Deals.Add(new Deal
            {
                Title = "Открытая", Amount = 1_000_000m, PipelineId = pipeline.Id, StageId = stage, OwnerId = sellers[0],
                CreatedAt = Msk(3, 3, 10), StageEnteredAt = Msk(3, 3, 10)
            });
            await db.SaveChangesAsync();
        }
        return new Setup(dep, team, sellers, outsider, pipeline.Id, deals);
    }

    /// <summary>The independent facts: won deals of the plan's sellers, by their close date in Moscow, a day off's on the next working day.</summary>
    static decimal FactOn(Setup s, IReadOnlyList<DateOnly> days, DateOnly day, long? owner, DateOnly today)
    {
        var i = days.ToList().IndexOf(day);
        var from = i == 0 ? new DateOnly(2025, 3, 1) : days[i - 1].AddDays(1);
        return s.Deals.Where(d => d.Status == DealStatus.Won && (owner is null ? s.Sellers.Contains(d.Owner) : d.Owner == owner))
            .Select(d => (d, local: DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(d.ClosedAtUtc, Moscow))))
            .Where(x => x.local >= from && x.local <= day && x.local <= today).Sum(x => x.d.Amount);
    }

    [Fact]
    public async Task A_team_month_plan_splits_over_working_days_and_sellers_and_each_day_follows_the_facts()
    {
        var s = await ArrangeAsync();
        var head = app.Client(s.Dep.HeadToken);
        var created = await Expect<JsonElement>(await head.PostAsJsonAsync("/api/v1/plans", new
        {
            period = "2025-03", level = "team", targetId = s.Team, metric = "revenueWon", amount = 1_000_000.01m, distribution = "even",
            reason = "План на март",
        }), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt64();
        Assert.Equal(21, created.GetProperty("months")[0].GetProperty("workingDays").GetInt32());
        var shares = created.GetProperty("sellers").EnumerateArray().Select(x => x.GetProperty("amount").GetDecimal()).ToList();
        Assert.Equal(1_000_000.01m, shares.Sum());
        Assert.All(shares, x => Assert.InRange(x, 250_000.00m, 250_000.01m));

        var days = Enumerable.Range(1, 31).Select(d => new DateOnly(2025, 3,
            d)).Where(d => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)).ToList();
        Assert.Equal(21, days.Count);
        var today = new DateOnly(2025, 3, 12);
        app.Clock.Set(new DateTimeOffset(Msk(3, 12, 12), TimeSpan.Zero));
        try
        {
            foreach (var policy in new[] { "carryNext", "spread" })
            {
                var rows = await Expect<List<PlanDayRow>>(await head.GetAsync($"/api/v1/plans/{id}/days?policy={policy}&month=2025-03"), HttpStatusCode.OK);
                Assert.Equal(21 * 5, rows.Count);
                var team = rows.Where(r => r.UserId is null).OrderBy(r => r.Date).ToList();
                Assert.Equal(days, team.Select(r => r.Date));
                decimal soldBefore = 0;
                const decimal Total = 1_000_000.01m;
                for (var i = 0; i < days.Count; i++)
                {
                    var fact = FactOn(s, days, days[i], null, today);
                    Assert.Equal(days[i] <= today ? fact : null, team[i].Fact);
                    foreach (var seller in s.Sellers)
                        Assert.Equal(days[i] <= today ? FactOn(s, days, days[i], seller, today) : null,
                            rows.Single(r => r.Date == days[i] && r.UserId == seller).Fact);
                    if (days[i] > today) continue;
                    // Closed forms, in exact decimals rounded to the kopeck only at the end.
                    var expected = policy == "carryNext"
                        ? Math.Round(Total * (i + 1) / 21, 2, MidpointRounding.AwayFromZero) - soldBefore
                        : Math.Round((Total - soldBefore) / (21 - i), 2, MidpointRounding.AwayFromZero);
                    Assert.Equal(Math.Max(0, expected), team[i].Plan);
                    Assert.Equal(Total - soldBefore - fact, team[i].Remaining);
                    if (days[i] < today) soldBefore += fact;
                }
                Assert.Equal(47_619.05m, team[0].Plan); // 1 000 000,01 ₽ / 21
                // Each seller carries their own shortfall: through today the sellers' plans add up to the team's, unless one is
                // so far ahead that their plan stops at zero (their surplus is not handed to a colleague) — then to more.
                if (policy == "carryNext")
                    foreach (var day in days.Where(d => d <= today))
                    {
                        var sellers = rows.Where(r => r.Date == day && r.UserId != null).ToList();
                        var teamPlan = team.Single(r => r.Date == day).Plan;
                        if (sellers.All(r => r.Plan > 0)) Assert.Equal(teamPlan, sellers.Sum(r => r.Plan));
                        else Assert.True(sellers.Sum(r => r.Plan) >= teamPlan);
                    }
            }
        }
        finally { app.Clock.Reset(); }
    }

    [Fact]
    public async Task Plan_fact_for_a_past_month_equals_the_won_deals_of_the_team_in_the_departments_zone()
    {
        var s = await ArrangeAsync();
        var head = app.Client(s.Dep.HeadToken);
        await Expect<JsonElement>(await head.PostAsJsonAsync("/api/v1/plans", new
        {
            period = "2025-03", level = "team", targetId = s.Team, metric = "revenueWon", amount = 1_000_000m, distribution = "even", reason = "План",
        }), HttpStatusCode.Created);

        var r = await head.GetJson<PlanFactView>($"/api/v1/reports/plan-fact?period=2025-03&level=team&targetId={s.Team}");
        // Independently: won deals of the team's sellers whose Moscow date falls in March 2025.
        decimal FactOf(long seller) => s.Deals.Where(d => d.Owner == seller && d.Status == DealStatus.Won)
            .Where(d => TimeZoneInfo.ConvertTimeFromUtc(d.ClosedAtUtc, Moscow) is { Year: 2025, Month: 3 }).Sum(d => d.Amount);
        Assert.Equal(s.Sellers.Order(), r.Sellers.Select(l => l.UserId!.Value).Order());
        foreach (var line in r.Sellers)
        {
            Assert.Equal(FactOf(line.UserId!.Value), line.Fact);
            Assert.Equal(line.Plan - line.Fact, line.Gap);
            Assert.Equal(Math.Round((double)(line.Fact / line.Plan) * 100, 1), line.PercentDone);
            Assert.Equal(line.Fact, line.RunRate); // the month is over: the pace adds nothing
            Assert.Null(line.NeededPerDay);
        }
        Assert.Equal(1_000_000m, r.Sellers.Sum(l => l.Plan));
        Assert.Equal((1_000_000m, s.Sellers.Sum(FactOf)), (r.Total!.Plan, r.Total.Fact));
        Assert.Equal((r.WorkingDays, 0, 100.0), (r.WorkingDaysPassed, r.WorkingDaysLeft, r.ExpectedPercent));
        Assert.True(r.FactRecorded);

        // A seller sees their own line only, not the team's total; no plan for a period is a 404 naming it.
        var mine = await app.Client(await app.IssueTokenAsync(s.Sellers[0])).GetJson<PlanFactView>(
            $"/api/v1/reports/plan-fact?period=2025-03&level=team&targetId={s.Team}");
        Assert.Null(mine.Total);
        Assert.Equal([s.Sellers[0]], mine.Sellers.Select(l => l.UserId!.Value));
        var none = await Problem(await head.GetAsync($"/api/v1/reports/plan-fact?period=2024-01&level=team&targetId={s.Team}"), HttpStatusCode.NotFound);
        Assert.Equal(["period"], none.ErrorFields());
    }

    [Fact]
    public async Task A_calls_plan_counts_the_calls_each_seller_recorded_per_moscow_day()
    {
        var s = await ArrangeAsync();
        var head = app.Client(s.Dep.HeadToken);
        var calls = new List<(long Author, DateTime At, Otdel.Features.Activities.ActivityKind Kind)>
        {
            (s.Sellers[0], Msk(3, 3, 10), Otdel.Features.Activities.ActivityKind.Call),
            (s.Sellers[0], Msk(3, 3, 23, 30), Otdel.Features.Activities.ActivityKind.Call), // 20:30 UTC on the 3rd, the 3rd in Moscow
            (s.Sellers[1], Msk(3, 4, 0, 30), Otdel.Features.Activities.ActivityKind.Call),  // 21:30 UTC on the 3rd, the 4th in Moscow
            (s.Sellers[1], Msk(3, 4, 11), Otdel.Features.Activities.ActivityKind.Meeting),  // not a call
            (s.Outsider, Msk(3, 4, 11), Otdel.Features.Activities.ActivityKind.Call),       // not in the team
        };
        await using (var db = app.OpenDb())
        {
            foreach (var (author, at, kind) in calls)
                db.Activities.Add(new Otdel.Features.Activities.Activity
                {
                    Kind = kind, Direction = kind == Otdel.Features.Activities.ActivityKind.Call ? Otdel.Features.Activities.ActivityDirection.Out : null,
                    At = at, AuthorId = author, Text = "Звонок", CreatedAt = at,
                });
            await db.SaveChangesAsync();
        }
        var plan = await Expect<JsonElement>(await head.PostAsJsonAsync("/api/v1/plans", new
        {
            period = "2025-03", level = "team", targetId = s.Team, metric = "calls", amount = 840m, distribution = "even", reason = "Звонки",
        }), HttpStatusCode.Created);
        var rows = await Expect<List<PlanDayRow>>(await head.GetAsync($"/api/v1/plans/{plan.GetProperty("id").GetInt64()}/days?policy=carryNext"),
            HttpStatusCode.OK);
        decimal? Fact(int day, long? user) => rows.Single(r => r.Date == new DateOnly(2025, 3, day) && r.UserId == user).Fact;
        Assert.Equal((2m, 0m, 2m), (Fact(3, s.Sellers[0]) ?? -1, Fact(3, s.Sellers[1]) ?? -1, Fact(3, null) ?? -1));
        Assert.Equal((1m, 1m), (Fact(4, s.Sellers[1]) ?? -1, Fact(4, null) ?? -1));
        var r = await head.GetJson<PlanFactView>($"/api/v1/reports/plan-fact?period=2025-03&level=team&targetId={s.Team}&metric=calls");
        Assert.Equal(3m, r.Total!.Fact);
    }

    [Fact]
    public async Task Bad_plans_are_refused_naming_the_field_and_changes_keep_who_and_why()
    {
        var s = await ArrangeAsync();
        var head = app.Client(s.Dep.HeadToken);
        var other = await app.NewDepartmentAsync();
        var otherTeam = (await Expect<JsonElement>(await app.Client(other.HeadToken).PostAsJsonAsync("/api/v1/teams",
            new { name = "Чужая " + other.Tag, departmentId = other.Id }), HttpStatusCode.Created)).GetProperty("id").GetInt64();

        var p = await Problem(await head.PostAsJsonAsync("/api/v1/plans", new
        {
            period = "2025-13", level = "team", targetId = s.Team,
            metric = "revenueWon", amount = 1m
        }), HttpStatusCode.BadRequest);
        Assert.Contains("period", p.ErrorFields());
        p = await Problem(await head.PostAsJsonAsync("/api/v1/plans", new
        {
            period = "2025-04", level = "team", targetId = otherTeam,
            metric = "revenueWon", amount = 1m
        }), HttpStatusCode.BadRequest);
        Assert.Contains("targetId", p.ErrorFields());
        p = await Problem(await head.PostAsJsonAsync("/api/v1/plans", new
        {
            period = "2025-04", level = "team", targetId = s.Team, metric = "revenueWon", amount = 100m, distribution = "weights",
            weights = s.Sellers.Select(x => new { userId = x, weight = 0m }),
        }), HttpStatusCode.BadRequest);
        Assert.Contains("weights", p.ErrorFields());
        var seller = app.Client(await app.IssueTokenAsync(s.Sellers[0]));
        await Problem(await seller.PostAsJsonAsync("/api/v1/plans", new
        {
            period = "2025-04", level = "user", targetId = s.Sellers[0],
            metric = "revenueWon", amount = 1m
        }), HttpStatusCode.Forbidden);

        var weights = s.Sellers.Select((x, i) => new { userId = x, weight = i + 1m }).ToList();
        var plan = await Expect<PlanView>(await head.PostAsJsonAsync("/api/v1/plans", new
        {
            period = "2025-Q2", level = "team", targetId = s.Team, metric = "revenueWon", amount = 3_000_000m, distribution = "weights", weights,
            monthWeights = new[] { 3m, 4m, 5m },
        }), HttpStatusCode.Created);
        Assert.Equal([750_000m, 1_000_000m, 1_250_000m], plan.Months.Select(m => m.Amount));
        Assert.Equal([300_000m, 600_000m, 900_000m, 1_200_000m], plan.Sellers.Select(x => x.Amount));
        p = await Problem(await head.PostAsJsonAsync("/api/v1/plans", new
        {
            period = "2025-05", level = "team", targetId = s.Team,
            metric = "revenueWon", amount = 1m
        }), HttpStatusCode.Conflict);
        Assert.Contains("2025-Q2", p.GetProperty("errors").GetProperty("period")[0].GetString());
        await Problem(await head.GetAsync($"/api/v1/plans/{plan.Id}/days?policy=sometimes"), HttpStatusCode.BadRequest);
        await Problem(await app.Client(other.HeadToken).GetAsync($"/api/v1/plans/{plan.Id}"), HttpStatusCode.NotFound);

        p = await Problem(await head.PutAsJsonAsync($"/api/v1/plans/{plan.Id}", new
        {
            amount = 3_300_000m, distribution = "even",
            version = plan.Version
        }), HttpStatusCode.BadRequest);
        Assert.Contains("reason", p.ErrorFields());
        var changed = await Expect<PlanView>(await head.PutAsJsonAsync($"/api/v1/plans/{plan.Id}", new
        {
            amount = 3_300_000m, distribution = "even", reason = "Новый крупный клиент", version = plan.Version,
        }), HttpStatusCode.OK);
        Assert.Equal(3_300_000m, changed.Months.Sum(m => m.Amount));
        await Problem(await head.PutAsJsonAsync($"/api/v1/plans/{plan.Id}", new { amount = 1m, reason = "поздно", version = plan.Version }),
            HttpStatusCode.Conflict);
        var history = await Expect<List<JsonElement>>(await head.GetAsync($"/api/v1/audit?entity=plan&id={plan.Id}"), HttpStatusCode.OK);
        static decimal Money(JsonElement h) => decimal.Parse(h.GetProperty("newValue").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains(history,
            h => h.GetProperty("field").GetString() == "amount" && Money(h) == 3_300_000m && h.GetProperty("userId").GetInt64() == s.Dep.HeadId);
        Assert.Contains(history, h => h.GetProperty("field").GetString() == "reason" && h.GetProperty("newValue").GetString() == "Новый крупный клиент");
    }

    [Fact]
    public async Task The_calendar_api_shows_a_year_and_only_company_roles_mark_days()
    {
        var year = await Expect<CalendarYearView>(await app.Client(app.RootToken).GetAsync("/api/v1/calendar?calendar=ru&year=2025"), HttpStatusCode.OK);
        Assert.Equal(247, year.WorkingDays);
        Assert.Equal(1972, year.Hours);
        Assert.Contains(year.Days, d => d.Date == new DateOnly(2025, 11, 1) && d.Kind == "short");
        var dep = await app.NewDepartmentAsync();
        await Problem(await app.Client(dep.HeadToken).PutAsJsonAsync("/api/v1/calendar/days", new
        {
            calendar = "ru", date = "2099-01-09",
            kind = "holiday"
        }), HttpStatusCode.Forbidden);
        var root = app.Client(app.RootToken);
        try
        {
            var marked = await Expect<CalendarDayView>(await root.PutAsJsonAsync("/api/v1/calendar/days", new
            {
                calendar = "ru",
                date = "2099-01-09", kind = "holiday", reason = "проба"
            }), HttpStatusCode.OK);
            Assert.Equal("holiday", marked.Kind);
            var y = await Expect<CalendarYearView>(await root.GetAsync("/api/v1/calendar?calendar=ru&year=2099"), HttpStatusCode.OK);
            Assert.Contains(y.Days, d => d.Date == new DateOnly(2099, 1, 9) && d.Edited && d.Reason == "проба");
            var p = await Problem(await root.PutAsJsonAsync("/api/v1/calendar/days", new
            {
                calendar = "ru", date = "2099-01-09",
                kind = "sometimes"
            }), HttpStatusCode.BadRequest);
            Assert.Contains("kind", p.ErrorFields());
        }
        finally
        {
            await root.PutAsJsonAsync("/api/v1/calendar/days", new { calendar = "ru", date = "2099-01-09", kind = "default" });
        }
        var zone = await Expect<DepartmentCalendarView>(await app.Client(dep.HeadToken).PutAsJsonAsync($"/api/v1/departments/{dep.Id}/calendar",
            new { calendar = "mon-fri", timeZone = "Asia/Yekaterinburg" }), HttpStatusCode.OK);
        Assert.Equal("Asia/Yekaterinburg", zone.TimeZone);
        var bad = await Problem(await app.Client(dep.HeadToken).PutAsJsonAsync($"/api/v1/departments/{dep.Id}/calendar", new
        {
            calendar = "ru",
            timeZone = "Mars/Olympus"
        }), HttpStatusCode.BadRequest);
        Assert.Contains("timeZone", bad.ErrorFields());
    }
}

[Collection("sqlite")]
public sealed class PlansApiTests_Sqlite(SqliteApp app) : PlansApiTests(app);

[Collection("postgres")]
public sealed class PlansApiTests_Postgres(PostgresApp app) : PlansApiTests(app);
