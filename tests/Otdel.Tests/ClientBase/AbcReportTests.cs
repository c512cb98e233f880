using System.Net;
using System.Net.Http.Json;
using Otdel.Features.ClientBase;
using Otdel.Features.Clients;
using Otdel.Features.Deals;
using Otdel.Features.Organisation;
using Otdel.Tests.Infrastructure;
using static Otdel.Tests.Deals.DealsTestKit;

namespace Otdel.Tests.ClientBase;

/// <summary>
/// GET /api/v1/reports/abc against a computation from the inserted rows: won deals in and out of the period (its first
/// and last moments), lost and open ones, other currencies, a contact's deals counted for its company (or for the contact
/// when the caller does not see the company), deals with no client; for a head, a seller, an owner and a team; by revenue
/// and by deals; on both engines.
/// </summary>
public abstract class AbcReportTests(TestApp app)
{
    static readonly DateOnly From = new(2025, 3, 1);
    static readonly DateOnly To = new(2025, 5, 31);

    [Fact]
    public async Task Classes_shares_and_totals_equal_a_computation_from_the_raw_rows()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var team = await (await head.PostAsJsonAsync("/api/v1/teams", new { name = "Команда " + dep.Tag, departmentId = dep.Id, leadId = dep.HeadId }))
            .EnsureSuccessStatusCode().ReadJson<TeamView>();
        var a = await dep.AddPersonAsync("closer", teamId: team.Id);
        var b = await dep.AddPersonAsync("closer");
        var pipeline = await head.NewPipelineAsync("simple");
        var rnd = new Random(11);
        var clients = new List<Client>();
        var deals = new List<Deal>();
        var fromUtc = From.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var toUtc = To.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        await using (var db = app.OpenDb())
        {
            var owners = new[] { a.Id, b.Id, dep.HeadId };
            for (var i = 0; i < 24; i++)
            {
                var c = new Client
                {
                    Name = $"Клиент {i:00} {dep.Tag}", IsCompany = i % 6 != 5, OwnerId = owners[i % 3],
                    CreatedAt = new DateTime(2024, 12, 1, 0, 0, 0, DateTimeKind.Utc),
                };
                clients.Add(c);
            }
            // One client created after the period: not among those "without sales".
            clients[23].CreatedAt = toUtc.AddDays(3);
            db.Clients.AddRange(clients);
            await db.SaveChangesAsync();
            // Contacts: of a's company (their deals count for it) and of b's company (a sees the contact through a deal, not the company).
            var contactOfA = new Client
            {
                Name = "Контакт А " + dep.Tag, IsCompany = false, CompanyId = clients[0].Id, OwnerId = a.Id,
                CreatedAt = clients[0].CreatedAt
            };
            var contactOfB = new Client
            {
                Name = "Контакт Б " + dep.Tag, IsCompany = false, CompanyId = clients[1].Id, OwnerId = b.Id,
                CreatedAt = clients[1].CreatedAt
            };
            db.Clients.AddRange(contactOfA, contactOfB);
            await db.SaveChangesAsync();
            clients.AddRange([contactOfA, contactOfB]);

            Deal New(Client? c, long owner, DealStatus status, decimal amount, DateTime closed, string currency = "RUB") => new()
            {
                Title = $"Сделка {deals.Count} {dep.Tag}", PipelineId = pipeline.Id, StageId = pipeline.Stages[0].Id, OwnerId = owner, Status = status,
                ClientId = c?.Id, Amount = amount, Currency = currency, CreatedAt = closed.AddDays(-20), StageEnteredAt = closed.AddDays(-20),
                ClosedAt = status == DealStatus.Open ? null : closed,
            };
            for (var i = 0; i < 90; i++)
            {
                var c = clients[rnd.Next(18)];
                var closed = fromUtc.AddDays(-20).AddHours(rnd.Next(0, 24 * 130));
                var status = rnd.Next(5) switch { 0 => DealStatus.Lost, 1 => DealStatus.Open, _ => DealStatus.Won };
                // A quarter go to another owner — never b's company to a, so a sees that company only through its contact.
                var owner = rnd.Next(4) == 0 && c != clients[1] ? owners[rnd.Next(3)] : c.OwnerId!.Value;
                deals.Add(New(c, owner, status, rnd.Next(1, 5000) * 1000.5m, closed));
            }
            deals.Add(New(clients[2], clients[2].OwnerId!.Value, DealStatus.Won, 777_000m, fromUtc)); // the first moment counts
            deals.Add(New(clients[3], clients[3].OwnerId!.Value, DealStatus.Won, 888_000m, toUtc.AddTicks(-10))); // the last moment counts
            deals.Add(New(clients[4], clients[4].OwnerId!.Value, DealStatus.Won, 999_999m, toUtc)); // the day after does not
            deals.Add(New(clients[5], clients[5].OwnerId!.Value, DealStatus.Won, 5_000m, fromUtc.AddDays(5), "USD")); // not roubles
            deals.Add(New(contactOfA, a.Id, DealStatus.Won, 1_234_567.89m, fromUtc.AddDays(9))); // counts for clients[0]
            deals.Add(New(contactOfB, a.Id, DealStatus.Won, 2_345_678m, fromUtc.AddDays(12))); // a: for the contact; the head: for clients[1]
            deals.Add(New(null, b.Id, DealStatus.Won, 50_000m, fromUtc.AddDays(15))); // no client
            db.Deals.AddRange(deals);
            await db.SaveChangesAsync();
        }

        HashSet<long> members;
        await using (var db = app.OpenDb())
            members = db.Users.Where(u => u.TeamId == team.Id).Select(u => u.Id).ToHashSet(); // a, and the head who leads the team
        Assert.Contains(a.Id, members);
        var q = $"from={From:yyyy-MM-dd}&to={To:yyyy-MM-dd}";
        var everyone = new HashSet<long> { a.Id, b.Id, dep.HeadId };
        foreach (var by in AbcReport.Bases)
        {
            Check(await head.GetJson<AbcResult>($"/api/v1/reports/abc?by={by}&{q}"), by, everyone, _ => true, _ => true);
            Check(await app.Client(a.Token).GetJson<AbcResult>($"/api/v1/reports/abc?by={by}&{q}"), by, [a.Id], _ => true, _ => true);
            Check(await head.GetJson<AbcResult>($"/api/v1/reports/abc?by={by}&{q}&ownerId={b.Id}"), by, everyone, d => d.OwnerId == b.Id,
                c => c.OwnerId == b.Id);
            Check(await head.GetJson<AbcResult>($"/api/v1/reports/abc?by={by}&{q}&teamId={team.Id}"), by, everyone, d => members.Contains(d.OwnerId),
                c => c.OwnerId is { } o && members.Contains(o));
        }

        // The independent computation: the deals the viewer sees, each for its account, sorted, banded by the share before it.
        void Check(AbcResult r, string by, HashSet<long> sees, Func<Deal, bool> filter, Func<Client, bool> scope)
        {
            var byId = clients.ToDictionary(c => c.Id);
            bool Sees(Client c) => (c.OwnerId is { } o && sees.Contains(o)) || deals.Any(d => d.ClientId == c.Id && sees.Contains(d.OwnerId));
            var won = deals.Where(d => d.Status == DealStatus.Won && d.ClosedAt >= fromUtc && d.ClosedAt < toUtc && sees.Contains(d.OwnerId)
                && filter(d)).ToList();
            var counted = by == "revenue" ? won.Where(d => d.Currency == "RUB").ToList() : won;
            long Account(long id) => byId[id].CompanyId is { } co && Sees(byId[co]) ? co : id;
            var expected = counted.Where(d => d.ClientId != null).GroupBy(d => Account(d.ClientId!.Value))
                .Select(g => (Id: g.Key, Value: by == "revenue" ? g.Sum(d => d.Amount) : g.Count(), Deals: g.Count()))
                .OrderByDescending(x => x.Value).ThenBy(x => byId[x.Id].Name.ToLowerInvariant(), StringComparer.Ordinal).ThenBy(x => x.Id).ToList();
            var total = expected.Sum(x => x.Value);
            Assert.Equal(total, r.Total);
            Assert.Equal(expected.Select(x => (x.Id, x.Value, x.Deals)), r.Rows.Select(x => (x.ClientId, x.Value, x.DealsWon)));
            decimal before = 0;
            for (var i = 0; i < expected.Count; i++)
            {
                var cls = before < 0.8m * total ? "A" : before < 0.95m * total ? "B" : "C";
                before += expected[i].Value;
                var row = r.Rows[i];
                Assert.Equal((i + 1, cls), (row.Rank, row.Class));
                Assert.Equal(Math.Round((double)(expected[i].Value / total), 4, MidpointRounding.AwayFromZero), row.Share);
                Assert.Equal(Math.Round((double)(before / total), 4, MidpointRounding.AwayFromZero), row.CumulativeShare);
            }
            foreach (var k in new[] { "A", "B", "C" })
            {
                var inClass = r.Rows.Where(x => x.Class == k).ToList();
                var value = inClass.Sum(x => x.Value);
                Assert.Equal((k, inClass.Count, value, total == 0 ? 0 : Math.Round((double)(value / total), 4, MidpointRounding.AwayFromZero)),
                    (r.Classes.Single(x => x.Class == k).Class, r.Classes.Single(x => x.Class == k).Clients, r.Classes.Single(x => x.Class == k).Value,
                        r.Classes.Single(x => x.Class == k).Share));
            }
            // A is the smallest top group reaching 80 %: without its last client it is under 80 %.
            var a80 = r.Rows.Where(x => x.Class == "A").ToList();
            Assert.NotEmpty(a80);
            Assert.True(a80.Sum(x => x.Value) >= 0.8m * total && a80.SkipLast(1).Sum(x => x.Value) < 0.8m * total);
            var listed = expected.Select(x => x.Id).ToHashSet();
            Assert.Equal(clients.Count(c => c.CompanyId == null && Sees(c) && c.CreatedAt < toUtc && scope(c) && !listed.Contains(c.Id)),
                r.ClientsWithoutSales);
            Assert.Equal(by == "revenue" ? won.Count(d => d.Currency != "RUB") : 0, r.OtherCurrencyDeals);
            Assert.Equal(counted.Count(d => d.ClientId == null), r.DealsWithoutClient);
        }

        // The seller counts b's company's contact apart; the head counts it for the company.
        var mine = await app.Client(a.Token).GetJson<AbcResult>($"/api/v1/reports/abc?{q}");
        Assert.Contains(mine.Rows, x => x.ClientId == clients[^1].Id);
        Assert.DoesNotContain((await head.GetJson<AbcResult>($"/api/v1/reports/abc?{q}")).Rows, x => x.ClientId == clients[^1].Id);

        var csv = await head.GetStringAsync($"/api/v1/reports/abc/export.csv?{q}");
        Assert.Contains("Клиент 00 " + dep.Tag, csv);
        Assert.Contains("Накопленная доля", csv);

        // Bad input is named by field, in the caller's language.
        var bad = await Problem(await head.GetAsync("/api/v1/reports/abc?by=margin&from=2025-06-01&to=2025-05-01"), HttpStatusCode.BadRequest);
        Assert.Equal(["by", "to"], bad.ErrorFields().Order());
        Assert.Contains("revenue, deals", bad.GetProperty("errors").GetProperty("by")[0].GetString());
        var other = await app.NewDepartmentAsync();
        var refused = await Problem(await head.GetAsync($"/api/v1/reports/abc?ownerId={other.HeadId}&from=2025-13-01"), HttpStatusCode.BadRequest);
        Assert.Equal(["from", "ownerId"], refused.ErrorFields().Order());
        var en = await Problem(await app.Client(dep.HeadToken, "en").GetAsync("/api/v1/reports/abc?from=2025-06-01&to=2025-05-01"), HttpStatusCode.BadRequest);
        Assert.Equal(["to"], en.ErrorFields());
    }
}

[Collection("sqlite")]
public sealed class AbcReportTests_Sqlite(SqliteApp app) : AbcReportTests(app);

[Collection("postgres")]
public sealed class AbcReportTests_Postgres(PostgresApp app) : AbcReportTests(app);
