using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Otdel.Features.Plans;
using Otdel.Tests.Infrastructure;
using static Otdel.Tests.Deals.DealsTestKit;

namespace Otdel.Tests.Plans;

/// <summary>
/// A seller away (a deputy acts for them) in a plan's month, on both engines: when the plan redistributes absences, their
/// share of those days goes to the colleagues at work by weight, each day still adding up to the team's; when it does not,
/// nothing moves. The team's days and each seller's exact entitlement are recomputed here from the amount, the weights,
/// the Monday–Friday days of April 2025 (no holiday in it) and the deputy's dates.
/// </summary>
public abstract class AbsencesApiTests(TestApp app)
{
    [Fact]
    public async Task An_absent_sellers_share_is_handed_to_colleagues_by_choice()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var team = (await Expect<JsonElement>(await head.PostAsJsonAsync("/api/v1/teams", new { name = "Отпуска " + dep.Tag, departmentId = dep.Id }),
            HttpStatusCode.Created)).GetProperty("id").GetInt64();
        var sellers = new List<long>();
        for (var i = 0; i < 3; i++) sellers.Add((await dep.AddPersonAsync("closer", team, name: $"Продавец {i + 1} {dep.Tag}")).Id);
        decimal[] weights = [1m, 1m, 2m];
        await Expect<JsonElement>(await head.PostAsJsonAsync("/api/v1/deputies", new
        {
            principalId = sellers[0], deputyId = sellers[1], from = "2025-04-07", to = "2025-04-11", reason = "отпуск",
        }), HttpStatusCode.Created);
        var plan = await Expect<PlanView>(await head.PostAsJsonAsync("/api/v1/plans", new
        {
            period = "2025-04", level = "team", targetId = team, metric = "revenueWon", amount = 1_000_000m, distribution = "weights",
            weights = sellers.Select((s, i) => new { userId = s, weight = weights[i] }), redistributeAbsences = true, reason = "апрель",
        }), HttpStatusCode.Created);
        Assert.True(plan.RedistributeAbsences);
        Assert.Equal([5, 0, 0], plan.Sellers.Select(s => s.AwayDays));

        var days = Enumerable.Range(1, 30).Select(d => new DateOnly(2025, 4, d))
            .Where(d => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)).ToList();
        var teamDays = days.Select((_, i) => Math.Round(1_000_000m * (i + 1) / days.Count, 2, MidpointRounding.AwayFromZero)
            - Math.Round(1_000_000m * i / days.Count, 2, MidpointRounding.AwayFromZero)).ToList();
        bool Away(int s, DateOnly d) => s == 0 && d >= new DateOnly(2025, 4, 7) && d <= new DateOnly(2025, 4, 11);

        app.Clock.Set(new DateTimeOffset(2025, 3, 20, 9, 0, 0, TimeSpan.Zero));
        try
        {
            var rows = await Expect<List<PlanDayRow>>(await head.GetAsync($"/api/v1/plans/{plan.Id}/days?month=2025-04"), HttpStatusCode.OK);
            for (var i = 0; i < days.Count; i++)
            {
                Assert.Equal(teamDays[i], rows.Single(r => r.UserId is null && r.Date == days[i]).BasePlan);
                Assert.Equal(teamDays[i], rows.Where(r => r.UserId is not null && r.Date == days[i]).Sum(r => r.BasePlan));
                if (Away(0, days[i])) Assert.Equal(0m, rows.Single(r => r.UserId == sellers[0] && r.Date == days[i]).Plan);
            }
            for (var s = 0; s < 3; s++)
            {
                var exact = days.Select((d, i) => Away(s, d) ? 0m
                    : teamDays[i] * weights[s] / Enumerable.Range(0, 3).Where(o => !Away(o, d)).Sum(o => weights[o])).Sum();
                var got = rows.Where(r => r.UserId == sellers[s]).Sum(r => r.BasePlan);
                Assert.InRange(got - exact, -0.01m, 0.01m);
                Assert.Equal(got, plan.Sellers.Single(x => x.UserId == sellers[s]).Amount);
            }

            // Keeping the share on the absent seller: by weight every day, as if nobody were away.
            var kept = await Expect<PlanView>(await head.PutAsJsonAsync($"/api/v1/plans/{plan.Id}", new
            {
                amount = 1_000_000m, distribution = "weights", weights = sellers.Select((s, i) => new { userId = s, weight = weights[i] }),
                redistributeAbsences = false, reason = "без перераспределения", version = plan.Version,
            }), HttpStatusCode.OK);
            Assert.False(kept.RedistributeAbsences);
            Assert.Equal([250_000m, 250_000m, 500_000m], kept.Sellers.Select(x => x.Amount));
            rows = await Expect<List<PlanDayRow>>(await head.GetAsync($"/api/v1/plans/{plan.Id}/days?month=2025-04"), HttpStatusCode.OK);
            Assert.True(rows.Single(r => r.UserId == sellers[0] && r.Date == new DateOnly(2025, 4, 8)).Plan > 0);
        }
        finally { app.Clock.Reset(); }
    }
}

[Collection("sqlite")]
public sealed class AbsencesApiTests_Sqlite(SqliteApp app) : AbsencesApiTests(app);

[Collection("postgres")]
public sealed class AbsencesApiTests_Postgres(PostgresApp app) : AbsencesApiTests(app);
