using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Otdel.Features.Clients;
using Otdel.Features.Deals;
using Otdel.Features.Leads;
using Otdel.Features.Segments;
using Otdel.Tests.Infrastructure;
using static Otdel.Tests.Deals.DealsTestKit;

namespace Otdel.Tests.Segments;

/// <summary>
/// Segments over a client base seeded as raw rows: every condition's members, for a head and for a seller, against a
/// computation here from the same rows with the visibility rule written out again; counts, CSV, refusals. Both engines.
/// </summary>
public abstract class SegmentsApiTests(TestApp app)
{
    sealed record Base(Dept Dep, long Seller, long Seller2, long Stage1, long Stage2, long Channel1, long Channel2, List<Client> Clients, List<Deal> Deals,
        List<Lead> Leads, DateTime Now);

    static readonly string[] Regions = ["Москва", "Тверь", "московская область", "Казань"];
    static readonly string?[] Positions = ["Генеральный директор", "директор по закупкам", "Менеджер", null];
    static readonly string?[] Products = ["Станок ЧПУ", "станок токарный", "Фреза", null];

    async Task<Base> SeedAsync(int seed)
    {
        var rnd = new Random(seed);
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var s1 = await dep.AddPersonAsync("closer");
        var s2 = await dep.AddPersonAsync("closer");
        var pipeline = await head.NewPipelineAsync("b2b");
        var ch1 = await Expect<ChannelView>(await head.PostAsJsonAsync("/api/v1/channels", new { name = "Сайт " + dep.Tag, kind = "web_form" }),
            HttpStatusCode.Created);
        var ch2 = await Expect<ChannelView>(await head.PostAsJsonAsync("/api/v1/channels", new { name = "Звонки " + dep.Tag, kind = "cold_call" }),
            HttpStatusCode.Created);
        var now = app.Clock.GetUtcNow().UtcDateTime;
        long[] owners = [s1.Id, s2.Id, dep.HeadId];
        await using var db = app.OpenDb();
        var clients = new List<Client>();
        for (var i = 0; i < 24; i++)
        {
            var c = new Client
            {
                Name = $"Клиент {dep.Tag} {i}", IsCompany = i % 4 != 3, CreatedAt = now,
                OwnerId = rnd.Next(5) switch { 0 => null, var k => owners[k % 3] },
                Region = rnd.Next(5) == 0 ? null : Regions[rnd.Next(Regions.Length)],
            };
            if (!c.IsCompany) c.Position = Positions[rnd.Next(Positions.Length)];
            clients.Add(c);
        }
        db.Clients.AddRange(clients);
        await db.SaveChangesAsync();
        // Contacts of some companies, each with a job title: a company "has" a position through them.
        var contacts = new List<Client>();
        foreach (var co in clients.Where(c => c.IsCompany).Where(_ => rnd.Next(2) == 0))
            contacts.Add(new Client
            {
                Name = $"Контакт {co.Name}", IsCompany = false, CompanyId = co.Id,
                Position = Positions[rnd.Next(Positions.Length)], CreatedAt = now
            });
        db.Clients.AddRange(contacts);
        var deals = new List<Deal>();
        foreach (var c in clients.Where(c => c.IsCompany || rnd.Next(2) == 0))
            for (var k = rnd.Next(0, 5); k > 0; k--)
            {
                var status = (DealStatus)rnd.Next(3);
                var open = status == DealStatus.Open;
                var stage = open ? pipeline.Stages[rnd.Next(2)].Id : pipeline.Stages[0].Id;
                var days = rnd.Next(0, 400) + 0.5;
                deals.Add(new Deal
                {
                    Title = $"Сделка {deals.Count}", ClientId = c.Id, ClientName = c.Name, OwnerId = owners[rnd.Next(3)], Status = status,
                    PipelineId = pipeline.Id,
                    StageId = stage, Amount = rnd.Next(1_000, 400_000) + rnd.Next(100) / 100m, Currency = rnd.Next(8) == 0 ? "USD" : "RUB",
                    Products = Products[rnd.Next(Products.Length)], CreatedAt = now.AddDays(-days - 10), StageEnteredAt = now.AddDays(-days - 10),
                    ClosedAt = open ? null : now.AddDays(-days),
                });
            }
        db.Deals.AddRange(deals);
        var leads = new List<Lead>();
        foreach (var c in clients.Where(_ => rnd.Next(3) > 0))
            for (var k = rnd.Next(1, 3); k > 0; k--)
                leads.Add(new Lead
                {
                    Name = "Лид " + c.Name, ClientId = c.Id, OwnerId = owners[rnd.Next(3)], ChannelId = rnd.Next(2) == 0 ? ch1.Id : ch2.Id,
                    Score = rnd.Next(0, 100),
                    Status = LeadStatus.Converted, ArrivedAt = now.AddDays(-30), CreatedAt = now.AddDays(-30), Email = $"l{leads.Count}-{dep.Tag}@x.ru",
                });
        db.Leads.AddRange(leads);
        await db.SaveChangesAsync();
        return new Base(dep, s1.Id, s2.Id, pipeline.Stages[0].Id, pipeline.Stages[1].Id, ch1.Id, ch2.Id, [.. clients, .. contacts], deals, leads, now);
    }

    /// <summary>The clients one sees, written out from the rule: owned by someone one sees, or with a deal of theirs; contacts with their company.</summary>
    static List<Client> VisibleClients(Base b, HashSet<long> ids)
    {
        bool Direct(Client c) => (c.OwnerId is { } o && ids.Contains(o)) || b.Deals.Any(d => d.ClientId == c.Id && ids.Contains(d.OwnerId));
        return b.Clients.Where(c => Direct(c) || (c.CompanyId is { } co && b.Clients.Any(x => x.Id == co && Direct(x)))).ToList();
    }

    static bool Has(string? text, string part) => text is not null && text.Contains(part, StringComparison.OrdinalIgnoreCase);

    /// <summary>The members of one condition for someone who sees the records of <paramref name="ids"/>, from the raw rows.</summary>
    static List<long> Expected(Base b, HashSet<long> ids, Func<Client, List<Deal>, List<Lead>, bool> keep)
    {
        var deals = b.Deals.Where(d => ids.Contains(d.OwnerId)).ToList();
        var leads = b.Leads.Where(l => ids.Contains(l.OwnerId)).ToList();
        return VisibleClients(b, ids).Where(c => keep(c, deals.Where(d => d.ClientId == c.Id).ToList(), leads.Where(l => l.ClientId == c.Id).ToList()))
            .Select(c => c.Id).Order().ToList();
    }

    static IEnumerable<(string What, object Condition, Func<Client, List<Deal>, List<Lead>, bool> Keep)> Cases(Base b, List<Client> all)
    {
        static IEnumerable<Deal> Won(List<Deal> d) => d.Where(x => x.Status == DealStatus.Won);
        static IEnumerable<decimal> Rub(List<Deal> d) => Won(d).Where(x => x.Currency == "RUB").Select(x => x.Amount);
        yield return ("product", new { kind = "product", text = "станок" }, (c, d, l) => Won(d).Any(x => Has(x.Products, "станок") || Has(x.Title, "станок")));
        yield return ("total", new { kind = "total", min = 100_000m, max = 500_000m }, (c, d, l) => Rub(d).Sum() is >= 100_000m and <= 500_000m);
        yield return ("total from zero", new { kind = "total", max = 50_000m }, (c, d, l) => Rub(d).Sum() <= 50_000m);
        yield return ("average", new { kind = "average", min = 150_000m }, (c, d, l) => Rub(d).Any() && Rub(d).Average() >= 150_000m);
        yield return ("active deals", new { kind = "active_deals", has = true }, (c, d, l) => d.Any(x => x.Status == DealStatus.Open));
        yield return ("no active deals", new { kind = "active_deals", has = false }, (c, d, l) => !d.Any(x => x.Status == DealStatus.Open));
        yield return ("idle 90 days", new { kind = "idle_days", days = 90 },
            (c, d, l) => Won(d).Any() && !Won(d).Any(x => x.ClosedAt >= b.Now.AddDays(-90)));
        yield return ("stage", new { kind = "stage", stageId = b.Stage2 }, (c, d, l) => d.Any(x => x.Status == DealStatus.Open && x.StageId == b.Stage2));
        yield return ("position", new { kind = "position", text = "директор" },
            (c, d, l) => Has(c.Position, "директор") || (c.IsCompany && all.Any(p => p.CompanyId == c.Id && Has(p.Position, "директор"))));
        yield return ("region", new { kind = "region", text = "москва" }, (c, d, l) => Has(c.Region, "москва"));
        yield return ("channel", new { kind = "channel", channelId = b.Channel1 }, (c, d, l) => l.Any(x => x.ChannelId == b.Channel1));
        yield return ("score", new { kind = "score", min = 20, max = 60 }, (c, d, l) => l.Count > 0 && l.Max(x => x.Score) is >= 20 and <= 60);
    }

    async Task<List<long>> MembersAsync(HttpClient c, long segmentId)
    {
        var ids = new List<long>();
        long? cursor = null;
        do
        {
            var page = await c.GetJson<SegmentMembersPage>($"/api/v1/segments/{segmentId}/members?limit=7" + (cursor is null ? "" : $"&cursor={cursor}"));
            ids.AddRange(page.Items.Select(m => m.Id));
            cursor = page.NextCursor;
        } while (cursor is not null);
        return ids;
    }

    [Fact]
    public async Task Every_condition_finds_the_members_a_computation_from_the_raw_rows_finds_for_a_head_and_for_a_seller()
    {
        var b = await SeedAsync(20261202);
        var head = app.Client(b.Dep.HeadToken);
        var sellerToken = await app.IssueTokenAsync(b.Seller);
        var seller = app.Client(sellerToken);
        var everyone = new HashSet<long> { b.Dep.HeadId, b.Seller, b.Seller2 };
        var own = new HashSet<long> { b.Seller };
        var nonEmpty = 0;
        foreach (var (what, condition, keep) in Cases(b, b.Clients))
        {
            var s = await Expect<SegmentView>(await head.PostAsJsonAsync("/api/v1/segments", new { name = what, conditions = new[] { condition } }),
                HttpStatusCode.Created);
            var forHead = Expected(b, everyone, keep);
            Assert.True(forHead.SequenceEqual(await MembersAsync(head, s.Id)), $"{what}: head expected [{string.Join(",", forHead)}]");
            if (forHead.Count > 0) nonEmpty++;
            var forSeller = Expected(b, own, keep);
            Assert.True(forSeller.SequenceEqual(await MembersAsync(seller, s.Id)), $"{what}: seller expected [{string.Join(",", forSeller)}]");
        }
        Assert.True(nonEmpty >= 10, $"the seed made only {nonEmpty} non-empty segments");

        // Owner: the head names a seller; the seller may not name someone whose records they do not see.
        var byOwner = await Expect<SegmentView>(await head.PostAsJsonAsync("/api/v1/segments",
            new { name = "owner", conditions = new[] { new { kind = "owner", ownerId = b.Seller2 } } }), HttpStatusCode.Created);
        Assert.Equal(Expected(b, everyone, (c, d, l) => c.OwnerId == b.Seller2), await MembersAsync(head, byOwner.Id));
        var hidden = await Problem(await seller.PostAsJsonAsync("/api/v1/segments",
            new { name = "owner", conditions = new[] { new { kind = "owner", ownerId = b.Seller2 } } }), HttpStatusCode.BadRequest);
        Assert.Equal(["conditions[0].ownerId"], hidden.ErrorFields());
    }

    [Fact]
    public async Task Conditions_combine_and_the_counts_and_the_csv_match_the_raw_rows()
    {
        var b = await SeedAsync(7);
        var head = app.Client(b.Dep.HeadToken);
        var everyone = new HashSet<long> { b.Dep.HeadId, b.Seller, b.Seller2 };
        var s = await Expect<SegmentView>(await head.PostAsJsonAsync("/api/v1/segments", new
        {
            name = "Купили, сейчас без сделок",
            conditions = new object[] { new { kind = "total", min = 1m }, new { kind = "active_deals", has = false } },
        }), HttpStatusCode.Created);
        var expected = Expected(b, everyone, (c, d, l) =>
            d.Where(x => x.Status == DealStatus.Won && x.Currency == "RUB").Sum(x => x.Amount) >= 1m && !d.Any(x => x.Status == DealStatus.Open));
        Assert.Equal(expected, await MembersAsync(head, s.Id));

        var all = await Expect<SegmentView>(await head.PostAsJsonAsync("/api/v1/segments", new { name = "Все", conditions = Array.Empty<object>() }),
            HttpStatusCode.Created);
        var page = await head.GetJson<SegmentMembersPage>($"/api/v1/segments/{all.Id}/members?limit=500");
        var visible = VisibleClients(b, everyone);
        var rub = b.Deals.Where(d => d.Status == DealStatus.Won && d.Currency == "RUB" && visible.Any(c => c.Id == d.ClientId)).ToList();
        Assert.Equal(new SegmentCounts(visible.Count, visible.Count(c => c.IsCompany), visible.Count(c => !c.IsCompany),
            visible.Count(c => b.Deals.Any(d => d.ClientId == c.Id && d.Status == DealStatus.Open)), rub.Sum(d => d.Amount)), page.Counts);
        foreach (var m in page.Items)
        {
            var won = rub.Where(d => d.ClientId == m.Id).ToList();
            Assert.Equal((won.Sum(d => d.Amount), won.Count), (m.Revenue, m.DealsWon));
            var leads = b.Leads.Where(l => l.ClientId == m.Id).ToList();
            Assert.Equal(leads.Count == 0 ? null : leads.Max(l => l.Score), m.Score);
        }

        var csv = await head.GetAsync($"/api/v1/segments/{s.Id}/members/export.csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Id;Название", lines[0]);
        Assert.Equal(expected, lines.Skip(1).Select(l => long.Parse(l.Split(';')[0])).ToList());
    }

    [Fact]
    public async Task Bad_conditions_are_refused_by_their_field_and_segments_are_their_departments_and_editable_by_author_or_head()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var seller = await dep.AddPersonAsync("closer");
        var sellerClient = app.Client(seller.Token);
        var other = await app.NewDepartmentAsync();
        var otherHead = app.Client(other.HeadToken);
        var otherPipeline = await otherHead.NewPipelineAsync("b2b");
        async Task<JsonElement> Refused(object body, string lang = "ru") =>
            await Problem(await app.Client(dep.HeadToken, lang).PostAsJsonAsync("/api/v1/segments", body), HttpStatusCode.BadRequest);

        var unknown = await Refused(new { name = "X", conditions = new[] { new { kind = "zodiac" } } });
        Assert.Equal(["conditions[0].kind"], unknown.ErrorFields());
        var ranges = await Refused(new
        {
            name = "X", conditions = new object[]
            {
                new { kind = "total", min = -5m }, new { kind = "average", min = 500m, max = 100m }, new { kind = "score", min = 50, max = 10 },
                new { kind = "idle_days", days = 0 }, new { kind = "product" }, new { kind = "stage", stageId = otherPipeline.Stages[0].Id },
                new { kind = "channel", channelId = 999_999_999L }, new { kind = "active_deals" },
            },
        });
        Assert.Equal(["conditions[0].min", "conditions[1].max", "conditions[2].max", "conditions[3].days", "conditions[4].text", "conditions[5].stageId",
            "conditions[6].channelId", "conditions[7].has"], ranges.ErrorFields().Order().ToList());
        Assert.Contains("больше", ranges.GetProperty("errors").GetProperty("conditions[1].max")[0].GetString());
        var english = await Refused(new { name = "", conditions = new[] { new { kind = "zodiac" } } }, "en");
        Assert.Equal(["conditions[0].kind", "name"], english.ErrorFields().Order().ToList());
        Assert.Contains("condition", english.GetProperty("errors").GetProperty("conditions[0].kind")[0].GetString());

        var mine = await Expect<SegmentView>(await sellerClient.PostAsJsonAsync("/api/v1/segments", new { name = "Мой", conditions = Array.Empty<object>() }),
            HttpStatusCode.Created);
        var heads = await Expect<SegmentView>(await head.PostAsJsonAsync("/api/v1/segments", new { name = "РОП", conditions = Array.Empty<object>() }),
            HttpStatusCode.Created);
        Assert.Contains((await sellerClient.GetJson<List<SegmentView>>("/api/v1/segments")), s => s.Id == heads.Id && !s.MayChange);
        await Problem(await sellerClient.PutAsJsonAsync($"/api/v1/segments/{heads.Id}", new { name = "Чужой", conditions = Array.Empty<object>() }),
            HttpStatusCode.Forbidden);
        await Expect<SegmentView>(await head.PutAsJsonAsync($"/api/v1/segments/{mine.Id}",
            new { name = "Мой, поправлен", conditions = Array.Empty<object>(), version = mine.Version }), HttpStatusCode.OK);
        await Problem(await sellerClient.PutAsJsonAsync($"/api/v1/segments/{mine.Id}",
            new { name = "Снова", conditions = Array.Empty<object>(), version = mine.Version }), HttpStatusCode.Conflict);
        await Problem(await otherHead.GetAsync($"/api/v1/segments/{mine.Id}"), HttpStatusCode.NotFound);
        await Problem(await otherHead.GetAsync($"/api/v1/segments/{mine.Id}/members"), HttpStatusCode.NotFound);
        await Problem(await otherHead.DeleteAsync($"/api/v1/segments/{mine.Id}"), HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.NoContent, (await sellerClient.DeleteAsync($"/api/v1/segments/{mine.Id}")).StatusCode);
        await Problem(await head.GetAsync($"/api/v1/segments/{mine.Id}"), HttpStatusCode.NotFound);
    }
}

[Collection("sqlite")]
public sealed class SegmentsApiTests_Sqlite(SqliteApp app) : SegmentsApiTests(app);

[Collection("postgres")]
public sealed class SegmentsApiTests_Postgres(PostgresApp app) : SegmentsApiTests(app);
