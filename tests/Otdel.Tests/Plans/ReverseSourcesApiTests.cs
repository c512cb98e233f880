using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Otdel.Features.Activities;
using Otdel.Features.Deals;
using Otdel.Features.Leads;
using Otdel.Features.Plans;
using Otdel.Tests.Infrastructure;
using static Otdel.Tests.Deals.DealsTestKit;
using static Otdel.Tests.Plans.ReverseSourcesSeed;

namespace Otdel.Tests.Plans;

/// <summary>
/// The reverse funnel in leads, meetings and proposals per seller and in leads per channel, through both reverse-funnel
/// endpoints on both engines. The test inserts two sellers' leads in two channels (and one without), the deals converted
/// from them and some without a lead, meetings and proposals, the channels' monthly spend, and recomputes every new
/// figure here from those rows: each seller's rates of the year before now (the team's below five closed deals), the
/// median days from first touch to win, the target split over channels by won revenue, each channel's leads and cost.
/// </summary>
public abstract class ReverseSourcesApiTests(TestApp app)
{
    static readonly DateTime Now = ReverseSourcesSeed.Now;
    static readonly DateTime Since = Now.AddDays(-365);

    static long Ceil(decimal x) => (long)Math.Ceiling(x);

    static decimal Round(decimal x, int places = 2) => Math.Round(x, places, MidpointRounding.AwayFromZero);

    static decimal Median(List<int> v)
    {
        v = v.Order().ToList();
        return v.Count % 2 == 1 ? v[v.Count / 2] : (v[v.Count / 2 - 1] + v[v.Count / 2]) / 2m;
    }

    [Fact]
    public async Task Leads_meetings_proposals_per_seller_and_leads_per_channel_follow_the_history()
    {
        var (dep, team, a, b, x, y, leads, deals, acts, spend, plan) = await ReverseSourcesSeed.ArrangeAsync(app);
        var head = app.Client(dep.HeadToken);
        app.Clock.Set(new DateTimeOffset(Now, TimeSpan.Zero));
        try
        {
            const decimal target = 1_200_000m;
            // Both endpoints answer the same.
            var raw = await head.GetStringAsync($"/api/v1/plans/{plan.Id}/reverse-funnel?target=1200000");
            Assert.Equal(raw, await head.GetStringAsync($"/api/v1/reports/reverse-funnel?period=2025-06&level=team&targetId={team}&target=1200000"));
            var r = JsonSerializer.Deserialize<ReverseFunnelView>(raw, Json.Options)!;

            // The history as the rows tell it.
            var closed = deals.Where(d => d.Closed >= Since).ToList();
            bool InWindow(DateTime t) => t >= Since && t <= Now;
            bool LeadWon(int i) => deals.Any(d => d.Lead == i && d.Won);
            (long Leads, long LeadsWon, long Meetings, long Proposals, long Won) Counts(Func<long, bool> who) => (
                leads.Where((l, i) => who(l.Owner) && InWindow(l.Arrived)).Count(),
                leads.Select((l, i) => (l, i)).Count(p => who(p.l.Owner) && InWindow(p.l.Arrived) && LeadWon(p.i)),
                acts.Count(t => who(t.Author) && t.Kind == ActivityKind.Meeting && InWindow(t.At)),
                acts.Count(t => who(t.Author) && t.Kind == ActivityKind.Proposal && InWindow(t.At)),
                closed.Count(d => who(d.Owner) && d.Won));
            int Touch(DealRow d) => DateOnly.FromDateTime(d.Closed).DayNumber
                - Math.Min(DateOnly.FromDateTime(d.Created).DayNumber, d.Lead is { } li ? DateOnly.FromDateTime(leads[li].Arrived).DayNumber : int.MaxValue);
            var team2 = new HashSet<long> { a.Id, b.Id };

            void Check(ReverseFunnelPart part, decimal goal, Func<long, bool> rates, Func<long, bool> deals2)
            {
                var won = closed.Where(d => deals2(d.Owner) && d.Won).ToList();
                var wonNeeded = Ceil(goal * won.Count / won.Sum(d => d.Amount));
                Assert.Equal(wonNeeded, part.WonNeeded);
                var c = Counts(rates);
                Assert.Equal((c.Leads, c.LeadsWon), (part.Leads.Count, part.Leads.Won));
                Assert.Equal(Ceil((decimal)wonNeeded * c.Leads / c.LeadsWon), part.Leads.Needed);
                Assert.Equal(Round((decimal)c.LeadsWon / c.Leads, 4), part.Leads.WonPer);
                Assert.Equal((c.Meetings, c.Won), (part.Meetings.Count, part.Meetings.Won));
                Assert.Equal(Ceil((decimal)wonNeeded * c.Meetings / c.Won), part.Meetings.Needed);
                Assert.Equal((c.Proposals, c.Won), (part.Proposals.Count, part.Proposals.Won));
                Assert.Equal(Ceil((decimal)wonNeeded * c.Proposals / c.Won), part.Proposals.Needed);
                Assert.All(new[] { part.Leads, part.Meetings, part.Proposals }, s => Assert.Null(s.Missing));
                var touch = Median(won.Select(Touch).ToList());
                Assert.Equal(touch, part.TouchCycleDays);
                Assert.Equal(new DateOnly(2025, 6, 30).AddDays(-(int)Math.Ceiling(touch)), part.TouchStartBy);
            }

            Check(r.Total, target, team2.Contains, team2.Contains);
            // Anna closed seven deals of the year: her own rates; Boris three: the team's, and the team's average check.
            var anna = r.Sellers.Single(s => s.UserId == a.Id);
            Assert.True(anna.OwnHistory);
            Check(anna, Round(target * 2 / 3), o => o == a.Id, o => o == a.Id);
            var boris = r.Sellers.Single(s => s.UserId == b.Id);
            Assert.False(boris.OwnHistory);
            Check(boris, Round(target / 3), team2.Contains, team2.Contains);

            // Channels: the plan's sellers' leads of the window's days, the target split by won revenue in kopecks.
            var from = DateOnly.FromDateTime(Now).AddDays(-365);
            Assert.Equal((from, DateOnly.FromDateTime(Now)), (r.ChannelsFrom, r.ChannelsTo));
            var cohort = leads.Select((l, i) => (l, i)).Where(p => p.l.Arrived >= from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)).ToList();
            var mine = cohort.Where(p => team2.Contains(p.l.Owner)).ToList();
            var keys = new long?[] { x, y, null };
            Assert.Equal(keys.OrderBy(k => k), r.Channels.Select(c => c.ChannelId).OrderBy(k => k));
            var revenue = keys.ToDictionary(k => k ?? 0,
                k => mine.Where(p => p.l.Channel == k).Sum(p => deals.Where(d => d.Lead == p.i && d.Won).Sum(d => d.Amount)));
            var sum = revenue.Values.Sum();
            // Largest remainder over the channels in the report's order.
            var exact = r.Channels.Select(c => target * 100 * revenue[c.ChannelId ?? 0] / sum).ToList();
            var kopecks = exact.Select(e => (long)Math.Floor(e)).ToList();
            var left = (long)(target * 100) - kopecks.Sum();
            foreach (var i in Enumerable.Range(0, exact.Count).OrderByDescending(i => exact[i] - Math.Floor(exact[i])).ThenBy(i => i).Take((int)left))
                kopecks[i]++;
            Assert.Equal(target, r.Channels.Sum(c => c.Target));
            for (var i = 0; i < r.Channels.Count; i++)
            {
                var ch = r.Channels[i];
                var its = mine.Where(p => p.l.Channel == ch.ChannelId).ToList();
                var wonCount = its.Count(p => LeadWon(p.i));
                Assert.Equal(its.Count, ch.Leads);
                Assert.Equal(wonCount, ch.Won);
                Assert.Equal(revenue[ch.ChannelId ?? 0], ch.Revenue);
                Assert.Equal(kopecks[i] / 100m, ch.Target);
                if (wonCount == 0)
                {
                    Assert.Equal((null, null, "noWins"), (ch.WonNeeded, ch.LeadsNeeded, ch.Missing));
                    continue;
                }
                Assert.Equal(Round((decimal)wonCount / its.Count, 4), ch.Conversion);
                Assert.Equal(Round(ch.Revenue / wonCount), ch.AverageWon);
                Assert.Equal(Round(ch.Revenue / sum, 4), ch.Share);
                var wins = Ceil(ch.Target * wonCount / ch.Revenue);
                var needed = Ceil((decimal)wins * its.Count / wonCount);
                Assert.Equal((wins, needed), (ch.WonNeeded!.Value, ch.LeadsNeeded!.Value));
                // Spend by days of the window, over every lead the channel brought in it (the head's too).
                var spent = Round(spend.Where(s => s.Channel == ch.ChannelId).Sum(s => Enumerable.Range(0, DateTime.DaysInMonth(s.Month.Year, s.Month.Month))
                    .Select(s.Month.AddDays).Count(d => d >= from && d <= r.ChannelsTo) * s.Amount / DateTime.DaysInMonth(s.Month.Year, s.Month.Month)));
                var all = cohort.Count(p => p.l.Channel == ch.ChannelId);
                Assert.Equal(Round(spent / all), ch.CostPerLead);
                Assert.Equal(Round(spent * needed / all), ch.Cost);
            }
            Assert.Null(r.Channels.Single(c => c.ChannelId is null).Cost);

            // A seller reads their own part; the channels' spend is not theirs to see (they count only their own leads).
            var own = await Expect<ReverseFunnelView>(await app.Client(a.Token).GetAsync($"/api/v1/plans/{plan.Id}/reverse-funnel?target=1200000"),
                HttpStatusCode.OK);
            Assert.Equal([a.Id], own.Sellers.Select(s => s.UserId!.Value));
            Assert.All(own.Channels, c => Assert.Equal((null, null), (c.CostPerLead, c.Cost)));
            Assert.Equal(mine.Count(p => p.l.Owner == a.Id), own.Channels.Sum(c => c.Leads));
        }
        finally { app.Clock.Reset(); }
    }

    [Fact]
    public async Task Without_history_the_needs_are_null_and_say_why()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var team = (await Expect<JsonElement>(await head.PostAsJsonAsync("/api/v1/teams", new { name = "Пусто " + dep.Tag, departmentId = dep.Id }),
            HttpStatusCode.Created)).GetProperty("id").GetInt64();
        var s = await dep.AddPersonAsync("closer", team);
        var pipeline = await head.NewPipelineAsync("simple");
        var plan = await Expect<PlanView>(await head.PostAsJsonAsync("/api/v1/plans", new
        {
            period = "2025-06", level = "team", targetId = team, metric = "revenueWon", amount = 500_000m, distribution = "even", reason = "План",
        }), HttpStatusCode.Created);
        app.Clock.Set(new DateTimeOffset(Now, TimeSpan.Zero));
        try
        {
            var url = $"/api/v1/plans/{plan.Id}/reverse-funnel?target=100000";
            var r = await Expect<ReverseFunnelView>(await head.GetAsync(url), HttpStatusCode.OK);
            foreach (var part in r.Sellers.Prepend(r.Total))
            {
                Assert.Null(part.WonNeeded);
                Assert.All(new[] { part.Leads, part.Meetings, part.Proposals }, x => Assert.Equal((null, "noWonDeals"), (x.Needed, x.Missing)));
                Assert.Equal((null, null), (part.TouchCycleDays, part.TouchStartBy));
            }
            Assert.Empty(r.Channels);

            // One won deal without a lead and a lead not won: deals to win are told; leads not won, meetings and proposals none.
            await using (var db = app.OpenDb())
            {
                var ch = new Channel
                {
                    Name = "Сайт " + dep.Tag, Kind = ChannelKind.WebForm, DepartmentId = dep.Id, OwnerId = dep.HeadId,
                    FormKey = Guid.NewGuid().ToString("N")[..24], CreatedAt = Now,
                };
                db.Channels.Add(ch);
                db.Deals.Add(new Deal
                {
                    Title = "Одна " + dep.Tag, Amount = 30_000m, PipelineId = pipeline.Id, StageId = pipeline.Stages[0].Id, OwnerId = s.Id,
                    Status = DealStatus.Won, CreatedAt = D(2025, 3, 1), StageEnteredAt = D(2025, 3, 1), ClosedAt = D(2025, 3, 11),
                });
                await db.SaveChangesAsync();
                db.Leads.Add(new Lead { Name = "Лид " + dep.Tag, ChannelId = ch.Id, OwnerId = s.Id, ArrivedAt = D(2025, 4, 1), CreatedAt = D(2025, 4, 1) });
                await db.SaveChangesAsync();
            }
            r = await Expect<ReverseFunnelView>(await head.GetAsync(url), HttpStatusCode.OK);
            Assert.Equal(4, r.Total.WonNeeded);
            var leadStep = r.Total.Leads;
            Assert.Equal((1, 0, 0m, null, "noWins"), (leadStep.Count, leadStep.Won, leadStep.WonPer, leadStep.Needed, leadStep.Missing));
            Assert.Equal((null, "noneRecorded"), (r.Total.Meetings.Needed, r.Total.Meetings.Missing));
            Assert.Equal((null, "noneRecorded"), (r.Total.Proposals.Needed, r.Total.Proposals.Missing));
            Assert.Equal(10m, r.Total.TouchCycleDays);
            var only = Assert.Single(r.Channels);
            Assert.Equal((1L, 0L, 0m, null, null, "noWins"), (only.Leads, only.Won, only.Target, only.WonNeeded, only.LeadsNeeded, only.Missing));
        }
        finally { app.Clock.Reset(); }
    }
}

[Collection("sqlite")]
public sealed class ReverseSourcesApiTests_Sqlite(SqliteApp app) : ReverseSourcesApiTests(app);

[Collection("postgres")]
public sealed class ReverseSourcesApiTests_Postgres(PostgresApp app) : ReverseSourcesApiTests(app);

/// <summary>Two sellers' leads in two channels and one without, deals from them and without, meetings, proposals, spend; a June plan.</summary>
public static class ReverseSourcesSeed
{
    public static readonly DateTime Now = new(2025, 6, 10, 9, 0, 0, DateTimeKind.Utc);

    public static DateTime D(int y, int m, int d) => new(y, m, d, 10, 0, 0, DateTimeKind.Utc);

    /// <summary>A deal as inserted: its owner, amount, outcome, dates, and the lead (index) it came from.</summary>
    public sealed record DealRow(long Owner, decimal Amount, bool Won, DateTime Created, DateTime Closed, int? Lead);

    public sealed record LeadRow(long Owner, long? Channel, DateTime Arrived);

    public sealed record ActRow(long Author, ActivityKind Kind, DateTime At);

    public sealed record Seed(Dept Dep, long Team, (long Id, string Token, string Email) A, (long Id, string Token, string Email) B, long X, long Y,
        List<LeadRow> Leads, List<DealRow> Deals, List<ActRow> Acts, List<(long Channel, DateOnly Month, decimal Amount)> Spend, PlanView Plan);

    public static async Task<Seed> ArrangeAsync(TestApp app)
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var team = (await Expect<JsonElement>(await head.PostAsJsonAsync("/api/v1/teams", new { name = "Обратная " + dep.Tag, departmentId = dep.Id }),
            HttpStatusCode.Created)).GetProperty("id").GetInt64();
        var a = await dep.AddPersonAsync("closer", team, name: "Анна " + dep.Tag);
        var b = await dep.AddPersonAsync("closer", team, name: "Борис " + dep.Tag);
        var pipeline = await head.NewPipelineAsync("simple");
        long x, y;
        List<LeadRow> leads;
        List<DealRow> deals;
        List<ActRow> acts;
        var spend = new List<(long Channel, DateOnly Month, decimal Amount)>();
        await using (var db = app.OpenDb())
        {
            Channel NewChannel(string name) => new()
            {
                Name = $"{name} {dep.Tag}", Kind = ChannelKind.WebForm, DepartmentId = dep.Id, OwnerId = dep.HeadId,
                FormKey = Guid.NewGuid().ToString("N")[..24], CreatedAt = Now,
            };
            var (cx, cy) = (NewChannel("Сайт"), NewChannel("Выставка"));
            db.Channels.AddRange(cx, cy);
            await db.SaveChangesAsync();
            (x, y) = (cx.Id, cy.Id);
            // June 2024 is cut by the window (from 10 June): 21 of its 30 days; May 2024 is outside.
            spend.AddRange([(x, new DateOnly(2024, 5, 1), 50_000m), (x, new DateOnly(2024, 6, 1), 10_000m), (x, new DateOnly(2025, 3, 1), 30_000m),
                (x, new DateOnly(2025, 5, 1), 31_000m), (y, new DateOnly(2025, 4, 1), 12_000m)]);
            db.ChannelSpend.AddRange(spend.Select(s => new ChannelSpend { ChannelId = s.Channel, Month = s.Month, Amount = s.Amount }));

            leads =
            [
                new(a.Id, x, D(2025, 1, 5)), new(a.Id, x, D(2025, 2, 1)), new(a.Id, x, D(2025, 3, 1)), new(a.Id, x, D(2025, 3, 10)),
                new(a.Id, y, D(2025, 2, 10)), new(a.Id, y, D(2025, 4, 1)), new(a.Id, null, D(2025, 4, 5)),
                new(a.Id, x, D(2024, 5, 1)), // before the window
                new(b.Id, x, D(2025, 3, 5)), new(b.Id, x, D(2025, 4, 20)), new(b.Id, y, D(2025, 5, 1)),
                new(dep.HeadId, x, D(2025, 5, 5)), // not a seller of the plan: only in the channel's cost per lead
            ];
            deals =
            [
                new(a.Id, 100_000m, true, D(2025, 1, 10), D(2025, 2, 20), 0), new(a.Id, 150_000m, true, D(2025, 2, 3), D(2025, 3, 15), 1),
                new(a.Id, 40_000m, false, D(2025, 3, 2), D(2025, 3, 20), 2), new(a.Id, 300_000m, true, D(2025, 2, 15), D(2025, 4, 1), 4),
                new(a.Id, 70_000m, false, D(2025, 4, 6), D(2025, 5, 1), 6), new(a.Id, 999_999m, true, D(2024, 5, 2), D(2024, 5, 20), 7),
                new(a.Id, 200_000m, true, D(2025, 3, 1), D(2025, 5, 5), null), new(a.Id, 50_000m, false, D(2025, 1, 1), D(2025, 2, 1), null),
                new(b.Id, 80_000m, true, D(2025, 3, 6), D(2025, 4, 10), 8), new(b.Id, 60_000m, false, D(2025, 5, 2), D(2025, 5, 20), 10),
                new(b.Id, 120_000.50m, true, D(2025, 4, 1), D(2025, 5, 25), null),
            ];
            acts =
            [
                .. Enumerable.Range(0, 6).Select(i => new ActRow(a.Id, ActivityKind.Meeting, D(2025, 1 + i, 3))),
                new(a.Id, ActivityKind.Meeting, D(2024, 5, 1)), new(a.Id, ActivityKind.Call, D(2025, 3, 3)),
                .. Enumerable.Range(0, 4).Select(i => new ActRow(a.Id, ActivityKind.Proposal, D(2025, 2 + i, 7))),
                new(b.Id, ActivityKind.Meeting, D(2025, 3, 4)), new(b.Id, ActivityKind.Meeting, D(2025, 4, 4)),
                new(b.Id, ActivityKind.Proposal, D(2025, 7, 1)), // after now: not yet history
            ];
            var leadEntities = leads.Select((l, i) => new Lead
            {
                Name = $"Лид {i} {dep.Tag}", ChannelId = l.Channel, OwnerId = l.Owner, ArrivedAt = l.Arrived, CreatedAt = l.Arrived, Status = LeadStatus.New,
            }).ToList();
            db.Leads.AddRange(leadEntities);
            foreach (var d in deals)
            {
                var deal = new Deal
                {
                    Title = "История " + dep.Tag, Amount = d.Amount, PipelineId = pipeline.Id, StageId = pipeline.Stages[0].Id, OwnerId = d.Owner,
                    Status = d.Won ? DealStatus.Won : DealStatus.Lost, CreatedAt = d.Created, StageEnteredAt = d.Created, ClosedAt = d.Closed,
                };
                db.Deals.Add(deal);
                await db.SaveChangesAsync();
                if (d.Lead is { } li)
                {
                    leadEntities[li].DealId = deal.Id;
                    leadEntities[li].Status = LeadStatus.Converted;
                }
            }
            db.Activities.AddRange(acts.Select(t => new Activity { Kind = t.Kind, At = t.At, AuthorId = t.Author, CreatedAt = t.At, Text = "История" }));
            await db.SaveChangesAsync();
        }
        var plan = await Expect<PlanView>(await head.PostAsJsonAsync("/api/v1/plans", new
        {
            period = "2025-06", level = "team", targetId = team, metric = "revenueWon", amount = 3_000_000m, distribution = "weights",
            weights = new[] { new { userId = a.Id, weight = 2m }, new { userId = b.Id, weight = 1m } }, reason = "План на июнь",
        }), HttpStatusCode.Created);

        return new Seed(dep, team, a, b, x, y, leads, deals, acts, spend, plan);
    }
}
