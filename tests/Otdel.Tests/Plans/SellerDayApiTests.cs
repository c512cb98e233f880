using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Otdel.Features.Deals;
using Otdel.Features.Plans;
using Otdel.Tests.Infrastructure;
using static Otdel.Tests.Deals.DealsTestKit;

namespace Otdel.Tests.Plans;

/// <summary>
/// The seller's daily view through GET /api/v1/plans/today on both engines: a seller's own month plan of 210 000 ₽ over
/// March 2025's 21 working days (10 000 ₽ a day), sales on a Saturday, on the first two working days and this morning; today's
/// plan after carry-over by the closed forms of both policies, done today, what remains; the same seller's share of their
/// team's plan equal to the plan's own days; the open deals that could close it in their order; who may look.
/// </summary>
public abstract class SellerDayApiTests(TestApp app)
{
    static readonly TimeZoneInfo Moscow = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");

    static DateTime Msk(int day, int hour) => TimeZoneInfo.ConvertTimeToUtc(new DateTime(2025, 3, day, hour, 0, 0, DateTimeKind.Unspecified), Moscow);

    [Fact]
    public async Task Todays_plan_after_carry_over_done_so_far_what_remains_and_the_deals_to_close_it()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var team = (await Expect<JsonElement>(await head.PostAsJsonAsync("/api/v1/teams", new { name = "Дневная " + dep.Tag, departmentId = dep.Id }),
            HttpStatusCode.Created)).GetProperty("id").GetInt64();
        var seller = await dep.AddPersonAsync("closer", team, name: "Дарья Днева " + dep.Tag);
        var colleague = await dep.AddPersonAsync("closer", team, name: "Егор Днев " + dep.Tag);
        var pipeline = await head.NewPipelineAsync("simple");
        var stages = pipeline.Stages.OrderBy(s => s.Order).ToList();
        var won = new (long Owner, DateTime At, decimal Amount)[]
        {
            (seller.Id, Msk(1, 15), 1_000m),     // Saturday: counts on Monday the 3rd
            (seller.Id, Msk(3, 11), 4_000m),
            (seller.Id, Msk(4, 16), 12_000m),
            (seller.Id, Msk(5, 10), 3_500m),     // today
            (seller.Id, Msk(5, 11), 1_000m),     // today
            (colleague.Id, Msk(5, 9), 77_000m),
        };
        var open = new (long Owner, decimal Amount, DateOnly? Expected, int Stage)[]
        {
            (seller.Id, 10_000m, new DateOnly(2025, 3, 3), 0),   // slipped
            (seller.Id, 50_000m, new DateOnly(2025, 3, 10), 2),
            (seller.Id, 80_000m, new DateOnly(2025, 3, 10), 2),
            (seller.Id, 500_000m, new DateOnly(2025, 4, 15), 4), // after the month
            (seller.Id, 1_000m, null, 0),
            (colleague.Id, 900_000m, new DateOnly(2025, 3, 6), 4),
        };
        await using (var db = app.OpenDb())
        {
            foreach (var (owner, at, amount) in won)
                db.Deals.Add(new Deal
                {
                    Title = "Победа " + dep.Tag, Amount = amount, PipelineId = pipeline.Id, StageId = stages[^1].Id, OwnerId = owner, Status = DealStatus.Won,
                    ClosedAt = at, CreatedAt = at.AddDays(-7), StageEnteredAt = at.AddDays(-1),
                });
            foreach (var (owner, amount, expected, stage) in open)
                db.Deals.Add(new Deal
                {
                    Title = $"Открытая {amount} " + dep.Tag, Amount = amount, PipelineId = pipeline.Id, StageId = stages[stage].Id, OwnerId = owner,
                    ExpectedCloseDate = expected, CreatedAt = Msk(1, 9), StageEnteredAt = Msk(1, 9),
                });
            await db.SaveChangesAsync();
        }
        await Expect<PlanView>(await head.PostAsJsonAsync("/api/v1/plans", new
        {
            period = "2025-03", level = "user", targetId = seller.Id, metric = "revenueWon", amount = 210_000m, distribution = "even", reason = "Личный",
        }), HttpStatusCode.Created);
        var teamPlan = await Expect<PlanView>(await head.PostAsJsonAsync("/api/v1/plans", new
        {
            period = "2025-03", level = "team", targetId = team, metric = "revenueWon", amount = 400_000m, distribution = "even", reason = "Командный",
        }), HttpStatusCode.Created);

        app.Clock.Set(new DateTimeOffset(Msk(5, 12), TimeSpan.Zero));
        try
        {
            // Two working days closed (the 3rd with the Saturday's 1 000, the 4th), today the third of 21.
            const decimal SoldBefore = 1_000m + 4_000m + 12_000m, DoneToday = 4_500m;
            foreach (var (policy, expected) in new[] { ("carryNext", 30_000m - SoldBefore), ("spread", Math.Round((210_000m - SoldBefore) / 19, 2,
                MidpointRounding.AwayFromZero)) })
            {
                var day = await Expect<SellerDayView>(await head.GetAsync($"/api/v1/plans/today?userId={seller.Id}&policy={policy}"), HttpStatusCode.OK);
                Assert.Equal((seller.Id, new DateOnly(2025, 3, 5), policy), (day.UserId, day.Today, day.Policy));
                Assert.Equal(["team", "user"], day.Plans.Select(p => p.Level));
                var own = day.Plans.Single(p => p.Level == "user");
                Assert.True(own.WorkingDay);
                Assert.Equal(expected, own.Plan);
                Assert.Equal(DoneToday, own.Done);
                Assert.Equal(Math.Max(0, expected - DoneToday), own.Remaining);
                Assert.Equal(expected - 10_000m, own.Carried);
                Assert.Equal((10_000m, 210_000m, SoldBefore + DoneToday), (own.BasePlan, own.MonthPlan, own.MonthFact));

                // Their line of the team's plan is exactly the plan's own day row.
                var rows = await Expect<List<PlanDayRow>>(await head.GetAsync($"/api/v1/plans/{teamPlan.Id}/days?policy={policy}&month=2025-03"),
                    HttpStatusCode.OK);
                var row = rows.Single(r => r.UserId == seller.Id && r.Date == new DateOnly(2025, 3, 5));
                var inTeam = day.Plans.Single(p => p.Level == "team");
                Assert.Equal((row.Plan, row.Fact, Math.Max(0, row.Plan - row.Fact!.Value)), (inTeam.Plan, inTeam.Done, inTeam.Remaining));

                // The deals: slipped first, then by date, the larger weighted first on a date; then the rest by weighted amount.
                Assert.Equal([10_000m, 80_000m, 50_000m, 500_000m, 1_000m], day.Deals.Select(d => d.Amount));
                Assert.Equal([true, false, false, false, false], day.Deals.Select(d => d.Late));
                Assert.All(day.Deals, d => Assert.Equal(seller.Id, d.OwnerId));
            }

            // The seller reads their own day without naming themselves; not a colleague's; nor does another department's head.
            var mine = await Expect<SellerDayView>(await app.Client(seller.Token).GetAsync("/api/v1/plans/today"), HttpStatusCode.OK);
            Assert.Equal(seller.Id, mine.UserId);
            Assert.Equal(13_000m, mine.Plans.Single(p => p.Level == "user").Plan);
            await Problem(await app.Client(seller.Token).GetAsync($"/api/v1/plans/today?userId={colleague.Id}"), HttpStatusCode.NotFound);
            var other = await app.NewDepartmentAsync();
            await Problem(await app.Client(other.HeadToken).GetAsync($"/api/v1/plans/today?userId={seller.Id}"), HttpStatusCode.NotFound);
            var bad = await Problem(await head.GetAsync($"/api/v1/plans/today?userId={seller.Id}&policy=sometimes"), HttpStatusCode.BadRequest);
            Assert.Equal(["policy"], bad.ErrorFields());

            // A day off: no plan today, the next working day named.
            app.Clock.Set(new DateTimeOffset(Msk(8, 12), TimeSpan.Zero));
            var saturday = await Expect<SellerDayView>(await head.GetAsync($"/api/v1/plans/today?userId={seller.Id}"), HttpStatusCode.OK);
            var off = saturday.Plans.Single(p => p.Level == "user");
            Assert.Equal((false, (decimal?)null, new DateOnly(2025, 3, 10)), (off.WorkingDay, off.Plan, off.NextWorkingDay));
        }
        finally { app.Clock.Reset(); }
    }
}

[Collection("sqlite")]
public sealed class SellerDayApiTests_Sqlite(SqliteApp app) : SellerDayApiTests(app);

[Collection("postgres")]
public sealed class SellerDayApiTests_Postgres(PostgresApp app) : SellerDayApiTests(app);
