using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Otdel.Features.Deals;
using Otdel.Features.Leads;
using Otdel.Features.Reports;
using Otdel.Tests.Infrastructure;
using static Otdel.Tests.Deals.DealsTestKit;

namespace Otdel.Tests.Reports;

/// <summary>
/// GET /api/v1/reports/channels/people (hunters and closers of the channel report's cohort) against a computation from the
/// inserted leads and deals: response time counted minute by minute on the department's calendar and zone, a head, two
/// sellers (a hunter and a closer, each seeing their own), a team, bad input and the CSV — on both engines.
/// </summary>
public abstract class ChannelPeopleTests(TestApp app)
{
    const string Evil = "=2+3 Хантер";

    [Fact]
    public async Task Every_figure_equals_a_computation_from_the_raw_leads_and_deals()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        await Expect<JsonElement>(await head.PutAsJsonAsync($"/api/v1/departments/{dep.Id}/calendar", new { calendar = "ru", timeZone = "Asia/Yekaterinburg" }),
            HttpStatusCode.OK);
        var teamId = (await Expect<JsonElement>(await head.PostAsJsonAsync("/api/v1/teams", new { name = "Входящие " + dep.Tag, departmentId = dep.Id }),
            HttpStatusCode.Created)).GetProperty("id").GetInt64();
        var a = await dep.AddPersonAsync("hunter", teamId, name: "Хантер А " + dep.Tag);
        var b = await dep.AddPersonAsync("hunter", name: Evil);
        var c = await dep.AddPersonAsync("closer", teamId, name: "Клоузер В " + dep.Tag);
        var d = await dep.AddPersonAsync("closer", name: "Клоузер Г " + dep.Tag);
        var pipeline = await head.NewPipelineAsync("simple");
        var rnd = new Random(23);
        var leads = new List<(Lead Lead, Deal? Deal)>();
        await using (var db = app.OpenDb())
        {
            var hunters = new[] { a.Id, b.Id, dep.HeadId };
            var closers = new[] { c.Id, d.Id, a.Id, dep.HeadId };
            for (var i = 0; i < 70; i++)
            {
                var arrived = new DateTime(2025, 3, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(rnd.Next(0, 31 * 24 * 60));
                if (i == 0) arrived = new DateTime(2025, 2, 28, 23, 59, 0, DateTimeKind.Utc); // before the period: neither hunted nor closed
                if (i == 1) arrived = new DateTime(2025, 4, 1, 0, 0, 0, DateTimeKind.Utc); // the day after the period
                if (i == 2) arrived = new DateTime(2025, 3, 31, 23, 59, 59, DateTimeKind.Utc); // the last moment counts
                var contacted = rnd.Next(5) > 0 ? arrived.AddMinutes(rnd.Next(0, rnd.Next(2) == 0 ? 90 : 5000)) : (DateTime?)null;
                var status = rnd.Next(6) switch
                {
                    0 => LeadStatus.Disqualified,
                    1 => LeadStatus.Mql,
                    2 => LeadStatus.Sql,
                    3 or 4 => LeadStatus.Converted,
                    _ => LeadStatus.New,
                };
                if (i < 3) status = LeadStatus.Converted;
                var lead = new Lead
                {
                    Name = $"Лид {i} {dep.Tag}", OwnerId = hunters[rnd.Next(hunters.Length)], ArrivedAt = arrived, CreatedAt = arrived,
                    FirstContactAt = contacted, Status = status, DisqualifyReason = status == LeadStatus.Disqualified ? "спам" : null,
                };
                Deal? deal = null;
                if (status == LeadStatus.Converted)
                {
                    var outcome = rnd.Next(3) switch { 0 => DealStatus.Won, 1 => DealStatus.Lost, _ => DealStatus.Open };
                    var at = arrived.AddDays(2);
                    deal = new Deal
                    {
                        Title = lead.Name, PipelineId = pipeline.Id, StageId = pipeline.Stages[0].Id, OwnerId = closers[rnd.Next(closers.Length)],
                        Status = outcome, Amount = rnd.Next(1, 500) * 1000.5m, CreatedAt = at, StageEnteredAt = at,
                        ClosedAt = outcome == DealStatus.Open ? null : at.AddDays(5),
                    };
                    db.Deals.Add(deal);
                    await db.SaveChangesAsync();
                    (lead.DealId, lead.ConvertedAt) = (deal.Id, at);
                }
                db.Leads.Add(lead);
                leads.Add((lead, deal));
            }
            await db.SaveChangesAsync();
        }

        var now = new DateTime(2025, 4, 3, 8, 0, 0, DateTimeKind.Utc);
        app.Clock.Set(now);
        try
        {
            var cohort = leads.Where(l => l.Lead.ArrivedAt >= new DateTime(2025, 3, 1, 0, 0, 0, DateTimeKind.Utc)
                && l.Lead.ArrivedAt < new DateTime(2025, 4, 1, 0, 0, 0, DateTimeKind.Utc)).ToList();
            Assert.Contains(cohort, l => l.Lead.Name.StartsWith("Лид 2 "));
            Assert.DoesNotContain(cohort, l => l.Lead.Name.StartsWith("Лид 0 ") || l.Lead.Name.StartsWith("Лид 1 "));
            const string q = "from=2025-03-01&to=2025-03-31";

            // The head sees every hunter and every closer of the department.
            var all = await head.GetJson<ChannelPeopleResult>($"/api/v1/reports/channels/people?{q}");
            AssertHunters(cohort, all);
            AssertClosers(cohort.Where(l => l.Deal is not null).Select(l => l.Deal!).ToList(), all);
            Assert.Equal(Evil, all.Hunters.Single(h => h.OwnerId == b.Id).Name);

            // A hunter who also closes sees only their own leads and their own deals.
            var seller = await app.Client(a.Token).GetJson<ChannelPeopleResult>($"/api/v1/reports/channels/people?{q}");
            AssertHunters(cohort.Where(l => l.Lead.OwnerId == a.Id).ToList(), seller);
            AssertClosers(cohort.Where(l => l.Deal?.OwnerId == a.Id).Select(l => l.Deal!).ToList(), seller);
            Assert.All(seller.Hunters.Concat<object>(seller.Closers), r => Assert.Equal(a.Id, r is HunterRow h ? h.OwnerId : ((CloserRow)r).OwnerId));

            // A closer who hunts nothing counts the deals they took, whoever's leads they came from.
            var closer = await app.Client(c.Token).GetJson<ChannelPeopleResult>($"/api/v1/reports/channels/people?{q}");
            Assert.Empty(closer.Hunters);
            Assert.Equal(0, closer.HuntersTotal.Leads);
            AssertClosers(cohort.Where(l => l.Deal?.OwnerId == c.Id).Select(l => l.Deal!).ToList(), closer);

            // A team keeps its people: A hunts there, and A and В close there.
            var team = await head.GetJson<ChannelPeopleResult>($"/api/v1/reports/channels/people?{q}&teamId={teamId}");
            AssertHunters(cohort.Where(l => l.Lead.OwnerId == a.Id).ToList(), team);
            AssertClosers(cohort.Where(l => l.Deal?.OwnerId == c.Id || l.Deal?.OwnerId == a.Id).Select(l => l.Deal!).ToList(), team);

            // Bad input is named by field; a team of another department is no such team.
            var other = await app.NewDepartmentAsync();
            var foreignTeam = (await Expect<JsonElement>(await app.Client(other.HeadToken).PostAsJsonAsync("/api/v1/teams",
                new { name = "Чужие " + other.Tag, departmentId = other.Id }), HttpStatusCode.Created)).GetProperty("id").GetInt64();
            var bad = await Problem(await head.GetAsync($"/api/v1/reports/channels/people?from=2025-13-01&teamId={foreignTeam}&format=xml"),
                HttpStatusCode.BadRequest);
            Assert.Equal(["format", "from", "teamId"], bad.ErrorFields().Order());
            var reversed = await Problem(await head.GetAsync("/api/v1/reports/channels/people?from=2025-03-31&to=2025-03-01"), HttpStatusCode.BadRequest);
            Assert.Equal(["to"], reversed.ErrorFields());

            // The CSV: hunters then closers, a formula in a name kept as text.
            var res = await head.GetAsync($"/api/v1/reports/channels/people/export.csv?{q}");
            Assert.Equal(HttpStatusCode.OK, res.StatusCode);
            var lines = Encoding.UTF8.GetString(await res.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF')
                .Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(1 + all.Hunters.Count + 1 + all.Closers.Count + 1, lines.Length);
            var evil = lines.Single(l => l.Contains(Evil)).Split(';');
            Assert.Equal("'" + Evil, evil[1]);
            Assert.Equal(all.Hunters.Single(h => h.OwnerId == b.Id).Leads.ToString(), evil[2]);
            Assert.Contains("Клоузер Г " + dep.Tag, lines.Last(l => l.Contains("Клоузер Г")));
        }
        finally { app.Clock.Reset(); }
    }

    /// <summary>Hunters from the raw leads: worked = contacted, converted = has a deal, response time minute by minute.</summary>
    static void AssertHunters(List<(Lead Lead, Deal? Deal)> cohort, ChannelPeopleResult report)
    {
        static (long? Owner, long Leads, long Worked, long Converted, double? Conversion, double? Median, double? Average, long Waiting) Expected(
            long? owner, List<(Lead Lead, Deal? Deal)> leads)
        {
            var times = leads.Where(l => l.Lead.FirstContactAt is not null)
                .Select(l => ResponseTimeTests.WorkingMinutes(l.Lead.ArrivedAt, l.Lead.FirstContactAt!.Value)).Order().ToList();
            double? median = times.Count == 0 ? null
                : times.Count % 2 == 1 ? times[times.Count / 2] : (times[times.Count / 2 - 1] + times[times.Count / 2]) / 2;
            long converted = leads.Count(l => l.Deal is not null);
            var waiting = leads.Count(l => l.Lead.FirstContactAt is null && l.Lead.Status is LeadStatus.New or LeadStatus.Mql or LeadStatus.Sql);
            double? conversion = leads.Count == 0 ? null : Math.Round((double)converted / leads.Count, 4, MidpointRounding.AwayFromZero);
            return (owner, leads.Count, times.Count, converted, conversion,
                median is { } m ? Math.Round(m, 2, MidpointRounding.AwayFromZero) : null,
                times.Count == 0 ? null : Math.Round(times.Sum() / times.Count, 2, MidpointRounding.AwayFromZero), waiting);
        }
        static (long? Owner, long Leads, long Worked, long Converted, double? Conversion, double? Median, double? Average, long Waiting) Figures(HunterRow r) =>
            (r.OwnerId, r.Leads, r.Worked, r.Converted, r.Conversion, r.MedianMinutes, r.AverageMinutes, r.Waiting);

        var expected = cohort.GroupBy(l => l.Lead.OwnerId).Select(g => Expected(g.Key, g.ToList())).OrderBy(x => x.Owner).ToList();
        Assert.Equal(expected, report.Hunters.Select(Figures).OrderBy(x => x.Owner).ToList());
        Assert.Equal(Expected(null, cohort), Figures(report.HuntersTotal));
    }

    /// <summary>Closers from the raw deals: by the deal's owner, won and revenue as entered, win rate = won ÷ deals.</summary>
    static void AssertClosers(List<Deal> deals, ChannelPeopleResult report)
    {
        static (long? Owner, long Deals, long Won, decimal Revenue, double? WinRate) Expected(long? owner, List<Deal> list)
        {
            var won = list.Where(x => x.Status == DealStatus.Won).ToList();
            return (owner, list.Count, won.Count, won.Sum(x => x.Amount),
                list.Count == 0 ? null : Math.Round((double)won.Count / list.Count, 4, MidpointRounding.AwayFromZero));
        }
        var expected = deals.GroupBy(x => x.OwnerId).Select(g => Expected(g.Key, g.ToList())).OrderBy(x => x.Owner).ToList();
        Assert.Equal(expected, report.Closers.Select(r => (r.OwnerId, r.Deals, r.Won, r.Revenue, r.WinRate)).OrderBy(x => x.OwnerId).ToList());
        var total = report.ClosersTotal;
        Assert.Equal(Expected(null, deals), (total.OwnerId, total.Deals, total.Won, total.Revenue, total.WinRate));
    }
}

[Collection("sqlite")]
public sealed class ChannelPeopleTests_Sqlite(SqliteApp app) : ChannelPeopleTests(app);

[Collection("postgres")]
public sealed class ChannelPeopleTests_Postgres(PostgresApp app) : ChannelPeopleTests(app);
