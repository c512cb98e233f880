using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Otdel.Features.Audit;
using Otdel.Features.Clients;
using Otdel.Features.Deals;
using Otdel.Tests.Infrastructure;
using static Otdel.Tests.Deals.DealsTestKit;

namespace Otdel.Tests.Clients;

/// <summary>The client base through /api/v1/clients, on SQLite and on PostgreSQL.</summary>
public abstract class ClientsApiTests(TestApp app)
{
    static string Phone7() => Random.Shared.Next(1_000_000, 9_999_999).ToString();

    static async Task<ClientView> NewClientAsync(HttpClient c, object body) =>
        await Expect<ClientView>(await c.PostAsJsonAsync("/api/v1/clients", body), HttpStatusCode.Created);

    [Fact]
    public async Task Bad_details_are_refused_each_by_its_field_in_Russian_and_nothing_is_made()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var name = $"ООО «Проверка {dep.Tag}»";
        var res = await head.PostAsJsonAsync("/api/v1/clients", new
        {
            name, inn = "7707083894", kpp = "77360100", email = "not-an-email", phone = "12-34", otherEmails = new[] { "ok@example.ru", "bad@" },
            website = "my site",
        });
        var problem = await Problem(res, HttpStatusCode.BadRequest);
        Assert.Equal(new[] { "email", "inn", "kpp", "otherEmails[1]", "phone", "website" }, problem.ErrorFields().Order(StringComparer.Ordinal));
        Assert.Contains("контрольными", problem.GetProperty("errors").GetProperty("inn")[0].GetString());
        var missing = await Problem(await head.PostAsJsonAsync("/api/v1/clients", new { inn = "7707083893" }), HttpStatusCode.BadRequest);
        Assert.Equal(["name"], missing.ErrorFields());
        var dm = await Problem(await head.PostAsJsonAsync("/api/v1/clients", new
        {
            name = "Пётр " + dep.Tag, kind = "person",
            isDecisionMaker = true
        }), HttpStatusCode.BadRequest);
        Assert.Equal(["isDecisionMaker"], dm.ErrorFields());
        await using var db = app.OpenDb();
        Assert.False(await db.Clients.AnyAsync(c => c.NameKey.Contains(dep.Tag)));
    }

    [Fact]
    public async Task Clients_are_found_by_any_name_a_phone_typed_any_way_an_email_and_an_INN()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var seven = Phone7();
        var company = await NewClientAsync(head, new
        {
            name = $"АО «Сфера {dep.Tag}»", inn = "7712345671", kpp = "771201001", phone = $"+7 (916) {seven[..3]}-{seven[3..5]}-{seven[5..]}",
            email = $"Office-{dep.Tag}@Sfera.ru", industry = "Производство", size = "medium", region = "Москва", website = "sfera.ru", allowDuplicate = true,
        });
        var contact = await Expect<ClientView>(await head.PostAsJsonAsync($"/api/v1/clients/{company.Id}/contacts", new
        {
            name = $"Мария Закупова {dep.Tag}", position = "Закупщик", otherPhones = new[] { $"8 925 {seven}" },
            otherEmails = new[] { $"maria-{dep.Tag}@sfera.ru" },
        }), HttpStatusCode.Created);
        Assert.Equal(ClientKind.Person, contact.Kind);
        Assert.Equal(company.Id, contact.CompanyId);

        async Task<List<long>> Find(string q, string param = "search") =>
            (await head.GetJson<ClientPage>($"/api/v1/clients?{param}=" + Uri.EscapeDataString(q))).Items.Select(c => c.Id).ToList();
        Assert.Equal([company.Id], await Find($"8 (916) {seven[..3]}-{seven[3..5]}-{seven[5..]}"));
        Assert.Equal([company.Id], await Find($"916{seven}", "q"));
        Assert.Equal([contact.Id], await Find($"+7 925 {seven}"));
        Assert.Equal([company.Id, contact.Id], await Find(dep.Tag));
        Assert.Equal([contact.Id], await Find($"ЗАКУПОВА {dep.Tag}"));
        Assert.Equal([company.Id], await Find($"office-{dep.Tag}@sfera"));
        Assert.Equal([contact.Id], await Find($"maria-{dep.Tag}"));
        Assert.Contains(company.Id, await Find("771234"));
        Assert.Equal([contact.Id], (await head.GetJson<ClientPage>($"/api/v1/clients?companyId={company.Id}")).Items.Select(c => c.Id));
        var read = await head.GetJson<ClientView>($"/api/v1/clients/{company.Id}");
        Assert.Equal(("771201001", ClientSize.Medium, "sfera.ru"), (read.Kpp, read.Size, read.Website));
    }

    [Fact]
    public async Task A_company_has_one_decision_maker_and_its_contacts_follow_it_for_whoever_sees_it()
    {
        var dep = await app.NewDepartmentAsync();
        var anna = await dep.AddPersonAsync("closer");
        var boris = await dep.AddPersonAsync("closer");
        var a = app.Client(anna.Token);
        var company = await NewClientAsync(a, new { name = $"ООО «Лидер {dep.Tag}»" });
        var first = await Expect<ClientView>(await a.PostAsJsonAsync($"/api/v1/clients/{company.Id}/contacts", new
        {
            name = "Иван Первый",
            isDecisionMaker = true
        }), HttpStatusCode.Created);
        var second = await Expect<ClientView>(await a.PostAsJsonAsync($"/api/v1/clients/{company.Id}/contacts", new
        {
            name = "Олег Второй",
            isDecisionMaker = true
        }), HttpStatusCode.Created);
        var contacts = await a.GetJson<List<ClientView>>($"/api/v1/clients/{company.Id}/contacts");
        Assert.Equal([(second.Id, true), (first.Id, false)], contacts.Select(c => (c.Id, c.IsDecisionMaker)));

        // Anna's colleague does not see her company, nor its contacts; her head sees both.
        var b = app.Client(boris.Token);
        foreach (var url in new[] { $"/api/v1/clients/{company.Id}", $"/api/v1/clients/{first.Id}", $"/api/v1/clients/{company.Id}/contacts",
            $"/api/v1/clients/{company.Id}/figures" })
            await Problem(await b.GetAsync(url), HttpStatusCode.NotFound);
        Assert.Empty((await b.GetJson<ClientPage>($"/api/v1/clients?search={dep.Tag}")).Items);
        var head = app.Client(dep.HeadToken);
        Assert.Equal(first.Id, (await head.GetJson<ClientView>($"/api/v1/clients/{first.Id}")).Id);
        // A contact Boris adds to a company he does not see: the company is "no such company".
        var refused = await b.PostAsJsonAsync("/api/v1/clients", new { name = "Чужой контакт", kind = "person", companyId = company.Id });
        Assert.Equal(["companyId"], (await Problem(refused, HttpStatusCode.BadRequest)).ErrorFields());
        // Marking the second unmarked the first: a change of the first with the version read before is stale.
        await Problem(await a.PatchAsJsonAsync($"/api/v1/clients/{first.Id}", new { position = "Снова", version = first.Version }), HttpStatusCode.Conflict);
        var now = contacts.Single(c => c.Id == first.Id);
        var patched = await Expect<ClientView>(await a.PatchAsJsonAsync($"/api/v1/clients/{first.Id}", new
        {
            position = "Директор",
            version = now.Version
        }), HttpStatusCode.OK);
        Assert.Equal("Директор", patched.Position);
    }

    [Fact]
    public async Task Lifetime_figures_match_a_computation_from_the_raw_deals_for_the_head_and_for_a_seller()
    {
        var dep = await app.NewDepartmentAsync();
        var anna = await dep.AddPersonAsync("closer");
        var boris = await dep.AddPersonAsync("closer");
        var head = app.Client(dep.HeadToken);
        var p = await head.NewPipelineAsync("simple");
        var client = await NewClientAsync(head, new { name = $"ООО «Итог {dep.Tag}»" });
        var rnd = new Random(42);
        var seeded = new List<long>();
        var statuses = new Dictionary<long, string>();
        foreach (var (owner, status, currency) in new[]
        {
            (anna.Id, "won", "RUB"), (anna.Id, "won", "RUB"), (anna.Id, "lost", "RUB"), (anna.Id, "open", "RUB"),
            (boris.Id, "won", "RUB"), (boris.Id, "won", "USD"), (boris.Id, "open", "RUB"), (dep.HeadId, "won", "RUB"),
        })
        {
            var amount = rnd.Next(10_000, 5_000_000) + rnd.Next(0, 100) / 100m;
            var res = await head.PostAsJsonAsync("/api/v1/deals", new
            {
                title = "Поставка " + seeded.Count, amount, currency, pipelineId = p.Id,
                ownerId = owner, clientId = client.Id
            });
            var d = await Expect<DealView>(res, HttpStatusCode.Created);
            seeded.Add(d.Id);
            statuses[d.Id] = status;
        }
        // Won and lost on different days, written as an import of past deals writes them.
        await using (var db = app.OpenDb())
        {
            var rows = await db.Deals.Where(d => seeded.Contains(d.Id)).OrderBy(d => d.Id).ToListAsync();
            for (var i = 0; i < rows.Count; i++)
            {
                if (statuses[rows[i].Id] == "open") continue;
                rows[i].Status = statuses[rows[i].Id] == "won" ? DealStatus.Won : DealStatus.Lost;
                rows[i].ClosedAt = new DateTime(2025, 1 + i, 3 + i, 9, 0, 0, DateTimeKind.Utc);
            }
            await db.SaveChangesAsync();
        }

        await using var raw = app.OpenDb();
        var deals = await raw.Deals.AsNoTracking().Where(d => d.ClientId == client.Id).ToListAsync();
        Assert.Equal(seeded.Order(), deals.Select(d => d.Id).Order());
        foreach (var (token, owners) in new[] { (dep.HeadToken, (long[]?)null), (anna.Token, [anna.Id]) })
        {
            var seen = deals.Where(d => owners is null || owners.Contains(d.OwnerId)).ToList();
            var won = seen.Where(d => d.Status == DealStatus.Won).ToList();
            var f = await app.Client(token).GetJson<ClientFiguresView>($"/api/v1/clients/{client.Id}/figures");
            var expected = won.GroupBy(d => d.Currency).OrderByDescending(g => g.Key == "RUB").ThenBy(g => g.Key)
                .Select(g => (g.Key, g.Sum(d => d.Amount), g.Count(), Math.Round(g.Sum(d => d.Amount) / g.Count(), 2, MidpointRounding.AwayFromZero))).ToList();
            Assert.Equal(expected, f.ByCurrency.Select(m => (m.Currency, m.Revenue, m.DealsWon, m.AverageCheck)).ToList());
            Assert.Equal(won.Count, f.DealsWon);
            Assert.Equal(won.Max(d => d.ClosedAt), f.LastPurchaseAt);
            Assert.Equal(seen.Count(d => d.Status == DealStatus.Open), f.OpenDeals);
            Assert.Equal(seen.Count(d => d.Status == DealStatus.Lost), f.LostDeals);
            var listed = await app.Client(token).GetJson<List<ClientDealRow>>($"/api/v1/clients/{client.Id}/deals");
            Assert.Equal(seen.Select(d => d.Id).Order(), listed.Select(d => d.Id).Order());
        }
    }

    [Fact]
    public async Task A_look_alike_is_refused_with_the_candidates_unless_made_anyway_and_another_departments_client_is_never_told()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var seven = Phone7();
        var first = await NewClientAsync(head, new
        {
            name = $"ООО «Двойник {dep.Tag}»", phone = $"+7 916 {seven}", email = $"d-{dep.Tag}@example.ru",
            allowDuplicate = true
        });

        var byPhone = await Problem(await head.PostAsJsonAsync("/api/v1/clients", new
        {
            name = $"Другое имя {dep.Tag}",
            phone = $"8 (916) {seven[..3]}-{seven[3..5]}-{seven[5..]}"
        }),
            HttpStatusCode.Conflict);
        var dup = byPhone.GetProperty("duplicateOf");
        Assert.Equal(first.Id, dup[0].GetProperty("id").GetInt64());
        Assert.Equal(["phone"], dup[0].GetProperty("matchedBy").EnumerateArray().Select(x => x.GetString()));
        var byName = await Problem(await head.PostAsJsonAsync("/api/v1/clients", new
        {
            name = $"Двойник {dep.Tag.ToUpperInvariant()}, ООО",
            email = $"D-{dep.Tag}@Example.ru"
        }),
            HttpStatusCode.Conflict);
        Assert.Equal(["email", "name"], byName.GetProperty("duplicateOf")[0].GetProperty("matchedBy").EnumerateArray().Select(x => x.GetString()).Order());

        var made = await NewClientAsync(head, new { name = $"Другое имя {dep.Tag}", phone = $"8 916 {seven}", allowDuplicate = true });
        Assert.NotEqual(first.Id, made.Id);

        // Another department with the same phone: nothing of department one is told, the client is made.
        var other = await app.NewDepartmentAsync();
        var theirs = await NewClientAsync(app.Client(other.HeadToken), new { name = $"ООО «Двойник {dep.Tag}»", phone = $"+7 916 {seven}" });
        Assert.NotEqual(first.Id, theirs.Id);
    }

    [Fact]
    public async Task A_merge_moves_deals_and_contacts_to_the_kept_client_records_it_and_deletes_the_other()
    {
        var dep = await app.NewDepartmentAsync();
        var anna = await dep.AddPersonAsync("closer");
        var head = app.Client(dep.HeadToken);
        var p = await head.NewPipelineAsync("simple");
        var keep = await NewClientAsync(head, new { name = $"ООО «Основной {dep.Tag}»", phone = "+7 495 111-11-11", allowDuplicate = true });
        var other = await NewClientAsync(head, new
        {
            name = $"Основной {dep.Tag}", inn = "7702012345", email = $"o-{dep.Tag}@example.ru",
            allowDuplicate = true
        });
        var contact = await Expect<ClientView>(await head.PostAsJsonAsync($"/api/v1/clients/{other.Id}/contacts", new { name = "Анна Контактова" }),
            HttpStatusCode.Created);
        async Task<DealView> DealAsync(string title, long ownerId, long clientId) => await Expect<DealView>(
            await head.PostAsJsonAsync("/api/v1/deals", new { title, amount = 1000, currency = "RUB", pipelineId = p.Id, ownerId, clientId }),
                HttpStatusCode.Created);
        var kept = await DealAsync("Первая", dep.HeadId, keep.Id);
        var moved1 = await DealAsync("Вторая", dep.HeadId, other.Id);
        var moved2 = await DealAsync("Третья", anna.Id, other.Id);
        Assert.Equal(other.Id, moved1.ClientId);
        Assert.Equal(other.Id, moved2.ClientId);

        // Anna sees the other client through her deal, but not the head's deal of it: she may not merge it away.
        var annaKeeps = await NewClientAsync(app.Client(anna.Token), new { name = $"Свой {dep.Tag}" });
        var hidden = await Problem(await app.Client(anna.Token).PostAsJsonAsync($"/api/v1/clients/{annaKeeps.Id}/merge", new { otherId = other.Id }),
            HttpStatusCode.Conflict);
        Assert.Equal(["otherId"], hidden.ErrorFields());
        var self = await Problem(await head.PostAsJsonAsync($"/api/v1/clients/{keep.Id}/merge", new { otherId = keep.Id }), HttpStatusCode.BadRequest);
        Assert.Equal(["otherId"], self.ErrorFields());

        // A lead that looks like the other client follows it to the kept one, instead of losing the link.
        var lead = await Expect<Otdel.Features.Leads.LeadView>(await head.PostAsJsonAsync("/api/v1/leads",
            new { name = "Снова Основной", email = $"o-{dep.Tag}@example.ru", allowDuplicate = true }), HttpStatusCode.Created);
        Assert.Equal(other.Id, lead.DuplicateOfClientId);
        var call = await Expect<Otdel.Features.Tasks.TaskView>(await head.PostAsJsonAsync("/api/v1/tasks",
            new { title = "Позвонить Основному", kind = "call", dueAt = DateTime.UtcNow.AddDays(1), clientId = other.Id }), HttpStatusCode.Created);

        var merged = await Expect<ClientView>(await head.PostAsJsonAsync($"/api/v1/clients/{keep.Id}/merge", new
        {
            otherId = other.Id,
            version = keep.Version
        }), HttpStatusCode.OK);
        Assert.Equal(("7702012345", $"o-{dep.Tag}@example.ru", "+7 495 111-11-11"), (merged.Inn, merged.Email, merged.Phone));
        await Problem(await head.GetAsync($"/api/v1/clients/{other.Id}"), HttpStatusCode.NotFound);
        var deals = await head.GetJson<List<ClientDealRow>>($"/api/v1/clients/{keep.Id}/deals");
        Assert.Equal(new[] { kept.Id, moved1.Id, moved2.Id }.Order(), deals.Select(d => d.Id).Order());
        var deal = await head.GetJson<DealView>($"/api/v1/deals/{moved2.Id}");
        Assert.Equal((keep.Id, keep.Name), (deal.ClientId, deal.ClientName));
        Assert.Equal([contact.Id], (await head.GetJson<List<ClientView>>($"/api/v1/clients/{keep.Id}/contacts")).Select(c => c.Id));

        Assert.Equal(keep.Id, (await head.GetJson<Otdel.Features.Leads.LeadView>($"/api/v1/leads/{lead.Id}")).DuplicateOfClientId);
        Assert.Equal(keep.Id, (await head.GetJson<Otdel.Features.Tasks.TaskView>($"/api/v1/tasks/{call.Id}")).ClientId);

        var history = await head.GetJson<List<AuditView>>($"/api/v1/audit?entity=client&id={keep.Id}");
        var row = Assert.Single(history, h => h.Action == "merged");
        Assert.Equal($"{other.Name} (#{other.Id})", row.OldValue);
        Assert.Equal(2, JsonSerializer.Deserialize<JsonElement>(row.NewValue!).GetProperty("deals").GetInt32());
        Assert.Contains(await head.GetJson<List<AuditView>>($"/api/v1/audit?entity=deal&id={moved1.Id}"),
            h => h.Field == "clientId" && h.NewValue == keep.Id.ToString());
    }
}

[Collection("sqlite")]
public sealed class ClientsApiTests_Sqlite(SqliteApp app) : ClientsApiTests(app);

[Collection("postgres")]
public sealed class ClientsApiTests_Postgres(PostgresApp app) : ClientsApiTests(app);
