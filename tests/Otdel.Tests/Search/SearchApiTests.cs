using System.Net;
using Otdel.Features.Deals;
using Otdel.Features.Pipelines;
using Otdel.Features.Search;
using Otdel.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Otdel.Tests.Search;

/// <summary>The top bar's search through /api/v1/search, on SQLite and on PostgreSQL.</summary>
public abstract class SearchApiTests(TestApp app)
{
    [Fact]
    public async Task A_seller_finds_only_their_own_deals_and_clients_while_the_head_finds_both()
    {
        var dep = await app.NewDepartmentAsync();
        var anna = await dep.AddPersonAsync("closer", name: "Анна Звонарёва");
        var boris = await dep.AddPersonAsync("closer", name: "Борис Звонарёв");
        var head = app.Client(dep.HeadToken);
        var p = await head.NewPipelineAsync("simple");
        var annas = await app.Client(anna.Token).NewDealAsync(p, $"Станки {dep.Tag} для Анны", clientName: $"ООО «Альфа {dep.Tag}»");
        var boriss = await app.Client(boris.Token).NewDealAsync(p, $"Станки {dep.Tag} для Бориса", clientName: $"ООО «Бета {dep.Tag}»");

        var seen = await app.Client(anna.Token).GetJson<SearchResults>($"/api/v1/search?q={dep.Tag}");
        Assert.Equal([annas.Id], seen.Deals.Items.Select(d => d.Id));
        Assert.Equal(1, seen.Deals.Count);
        Assert.Equal([annas.ClientId!.Value], seen.Clients.Items.Select(c => c.Id));
        Assert.Equal($"/deals/{annas.Id}", seen.Deals.Items[0].Link);

        var all = await head.GetJson<SearchResults>($"/api/v1/search?q={dep.Tag}");
        Assert.Equal([boriss.Id, annas.Id], all.Deals.Items.Select(d => d.Id)); // newest first
        Assert.Equal(2, all.Clients.Count);

        // People of the department by name, case and ё as typed by a person.
        var people = await app.Client(anna.Token).GetJson<SearchResults>("/api/v1/search?q=ЗВОНАРЁВ");
        Assert.Equal([boris.Id, anna.Id], people.People.Items.Select(u => u.Id));
        Assert.Equal($"/team/users/{boris.Id}", people.People.Items[0].Link);
    }

    [Fact]
    public async Task A_phone_typed_in_any_format_finds_the_client()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var deal = await head.NewDealAsync(await head.NewPipelineAsync("simple"), "Поставка", clientName: $"ООО «Телефон {dep.Tag}»");
        var seven = Random.Shared.Next(1_000_000, 9_999_999).ToString();
        await SetClientAsync(deal.ClientId!.Value, phone: $"8 (916) {seven[..3]}-{seven[3..5]}-{seven[5..]}");

        foreach (var typed in new[] { $"8 (916) {seven[..3]}-{seven[3..5]}-{seven[5..]}", $"+7 916 {seven}", $"916{seven}" })
        {
            var found = await head.GetJson<SearchResults>("/api/v1/search?q=" + Uri.EscapeDataString(typed));
            Assert.True(found.Clients.Items.Any(c => c.Id == deal.ClientId), $"«{typed}» did not find the client");
        }
        var other = await head.GetJson<SearchResults>("/api/v1/search?q=" + Uri.EscapeDataString("+7 925 " + seven));
        Assert.DoesNotContain(other.Clients.Items, c => c.Id == deal.ClientId);
    }

    [Fact]
    public async Task A_deal_title_matches_Cyrillic_in_any_case()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var deal = await head.NewDealAsync(await head.NewPipelineAsync("simple"), "Пуско-наладка ЛИНИИ Розлива", clientName: $"АО «Нева {dep.Tag}»");

        var found = await head.GetJson<SearchResults>("/api/v1/search?q=" + Uri.EscapeDataString("линии розлива"));
        Assert.Equal([deal.Id], found.Deals.Items.Select(d => d.Id));
        var byClient = await head.GetJson<SearchResults>("/api/v1/search?q=" + Uri.EscapeDataString("НЕВА " + dep.Tag.ToUpperInvariant()));
        Assert.Equal([deal.Id], byClient.Deals.Items.Select(d => d.Id));
        Assert.Equal([deal.ClientId!.Value], byClient.Clients.Items.Select(c => c.Id));
        Assert.Equal($"/clients/{deal.ClientId}", byClient.Clients.Items[0].Link);
    }

    [Fact]
    public async Task An_INN_prefix_or_an_email_finds_the_client()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var deal = await head.NewDealAsync(await head.NewPipelineAsync("simple"), "Аудит", clientName: $"ООО «ИНН {dep.Tag}»");
        var inn = "77" + Random.Shared.NextInt64(10_000_000, 99_999_999);
        await SetClientAsync(deal.ClientId!.Value, inn: inn, email: $"Zakupki-{dep.Tag}@Example.ru");

        Assert.Contains((await head.GetJson<SearchResults>($"/api/v1/search?q={inn[..6]}")).Clients.Items, c => c.Id == deal.ClientId && c.Inn == inn);
        Assert.Contains((await head.GetJson<SearchResults>($"/api/v1/search?q={inn}")).Clients.Items, c => c.Id == deal.ClientId);
        Assert.DoesNotContain((await head.GetJson<SearchResults>($"/api/v1/search?q={inn[2..]}")).Clients.Items, c => c.Id == deal.ClientId);
        Assert.Contains((await head.GetJson<SearchResults>($"/api/v1/search?q=zakupki-{dep.Tag}@example")).Clients.Items, c => c.Id == deal.ClientId);
    }

    [Fact]
    public async Task An_empty_query_is_refused_naming_the_field()
    {
        var dep = await app.NewDepartmentAsync();
        var res = await app.Client(dep.HeadToken).GetAsync("/api/v1/search?q=%20");
        var problem = await DealsTestKit.Problem(res, HttpStatusCode.BadRequest);
        Assert.Equal(["q"], problem.ErrorFields());
    }

    /// <summary>Clients have no API of their own yet; details are written as an import would write them.</summary>
    async Task SetClientAsync(long clientId, string? phone = null, string? inn = null, string? email = null)
    {
        await using var db = app.OpenDb();
        var client = await db.Clients.SingleAsync(c => c.Id == clientId);
        if (phone is not null) client.Phone = phone;
        if (inn is not null) client.Inn = inn;
        if (email is not null) client.Email = email;
        await db.SaveChangesAsync();
    }
}

[Collection("sqlite")]
public sealed class SearchApiTests_Sqlite(SqliteApp app) : SearchApiTests(app);

[Collection("postgres")]
public sealed class SearchApiTests_Postgres(PostgresApp app) : SearchApiTests(app);
