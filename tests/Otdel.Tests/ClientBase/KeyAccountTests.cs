using System.Net;
using System.Net.Http.Json;
using Otdel.Features.Clients;
using Otdel.Tests.Infrastructure;
using static Otdel.Tests.Deals.DealsTestKit;

namespace Otdel.Tests.ClientBase;

/// <summary>
/// Marking key accounts: a head marks a seller's client and names a KAM, who then sees it and its contacts (and loses
/// them when the mark is taken off); a seller is refused 403, another department 404; an unknown or switched-off KAM and
/// a contact person are refused by field, in the caller's language; the list filters key accounts; on both engines.
/// </summary>
public abstract class KeyAccountTests(TestApp app)
{
    [Fact]
    public async Task A_head_marks_a_key_account_and_its_KAM_sees_it_others_are_refused()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var seller = await dep.AddPersonAsync("closer");
        var kam = await dep.AddPersonAsync("farmer");
        var gone = await dep.AddPersonAsync("closer");
        var asSeller = app.Client(seller.Token);
        var asKam = app.Client(kam.Token);
        var company = await Expect<ClientView>(await asSeller.PostAsJsonAsync("/api/v1/clients",
            new { name = "Ключ " + dep.Tag, kind = "company", ownerId = seller.Id }), HttpStatusCode.Created);
        var contact = await Expect<ClientView>(await asSeller.PostAsJsonAsync($"/api/v1/clients/{company.Id}/contacts",
            new { name = "Иван ЛПР " + dep.Tag, isDecisionMaker = true }), HttpStatusCode.Created);

        Assert.Equal(HttpStatusCode.NotFound, (await asKam.GetAsync($"/api/v1/clients/{company.Id}")).StatusCode);

        // A seller may not mark even their own client; another department does not see it at all.
        Assert.Equal(HttpStatusCode.Forbidden, (await asSeller.PostAsJsonAsync($"/api/v1/clients/{company.Id}/key-account",
            new { kamId = kam.Id })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await asSeller.PostAsJsonAsync("/api/v1/clients/key-accounts",
            new { clientIds = new[] { company.Id } })).StatusCode);
        var other = await app.NewDepartmentAsync();
        var outsider = app.Client(other.HeadToken);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.PostAsJsonAsync($"/api/v1/clients/{company.Id}/key-account",
            new { kamId = other.HeadId })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.DeleteAsync($"/api/v1/clients/{company.Id}/key-account")).StatusCode);
        var bulk = await Problem(await outsider.PostAsJsonAsync("/api/v1/clients/key-accounts", new { clientIds = new[] { company.Id } }),
            HttpStatusCode.BadRequest);
        Assert.Equal(["clientIds"], bulk.ErrorFields());

        // Bad KAMs and a contact person are refused by field.
        var unknown = await Problem(await head.PostAsJsonAsync($"/api/v1/clients/{company.Id}/key-account", new { kamId = 987_654_321 }),
            HttpStatusCode.BadRequest);
        Assert.Equal(["kamId"], unknown.ErrorFields());
        var foreign = await Problem(await head.PostAsJsonAsync($"/api/v1/clients/{company.Id}/key-account", new { kamId = other.HeadId }),
            HttpStatusCode.BadRequest);
        Assert.Equal(["kamId"], foreign.ErrorFields());
        await using (var db = app.OpenDb())
        {
            var u = await db.Users.FindAsync(gone.Id);
            u!.IsActive = false;
            await db.SaveChangesAsync();
        }
        var inactive = await Problem(await head.PostAsJsonAsync($"/api/v1/clients/{company.Id}/key-account", new { kamId = gone.Id }),
            HttpStatusCode.BadRequest);
        Assert.Contains("отключён", inactive.GetProperty("errors").GetProperty("kamId")[0].GetString());
        var inactiveEn = await Problem(await app.Client(dep.HeadToken, "en").PostAsJsonAsync($"/api/v1/clients/{company.Id}/key-account",
            new { kamId = gone.Id }),
            HttpStatusCode.BadRequest);
        Assert.Contains("switched off", inactiveEn.GetProperty("errors").GetProperty("kamId")[0].GetString());
        var ofContact = await Problem(await head.PostAsJsonAsync($"/api/v1/clients/{contact.Id}/key-account", new { kamId = kam.Id }),
            HttpStatusCode.BadRequest);
        Assert.Equal(["clientId"], ofContact.ErrorFields());

        // The head marks it: the KAM now sees the company and its people, and finds it among key accounts.
        var marked = await Expect<ClientView>(await head.PostAsJsonAsync($"/api/v1/clients/{company.Id}/key-account", new { kamId = kam.Id }),
            HttpStatusCode.OK);
        Assert.Equal((true, (long?)kam.Id), (marked.IsKeyAccount, marked.KamId));
        Assert.Equal(HttpStatusCode.OK, (await asKam.GetAsync($"/api/v1/clients/{company.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await asKam.GetAsync($"/api/v1/clients/{contact.Id}")).StatusCode);
        var keyOnes = await asKam.GetJson<ClientPage>("/api/v1/clients?keyAccount=true");
        Assert.Equal([company.Id], keyOnes.Items.Select(x => x.Id));
        Assert.Equal([company.Id], (await head.GetJson<ClientPage>($"/api/v1/clients?kamId={kam.Id}")).Items.Select(x => x.Id));
        Assert.DoesNotContain((await asSeller.GetJson<ClientPage>("/api/v1/clients?keyAccount=false")).Items, x => x.Id == company.Id);
        // The mark is in the client's history.
        var history = await head.GetStringAsync($"/api/v1/audit?entity=client&id={company.Id}");
        Assert.Contains("kamId", history);

        // Without a KAM named, the owner becomes one (the bulk way the ABC page uses).
        var second = await Expect<ClientView>(await asSeller.PostAsJsonAsync("/api/v1/clients",
            new { name = "Второй ключ " + dep.Tag, kind = "company", ownerId = seller.Id }), HttpStatusCode.Created);
        var many = await Expect<KeyAccountsResult>(await head.PostAsJsonAsync("/api/v1/clients/key-accounts",
            new { clientIds = new[] { second.Id, contact.Id } }), HttpStatusCode.OK);
        Assert.Equal(1, many.Marked);
        Assert.Equal((long?)seller.Id, many.Clients.Single().KamId);

        // Off again: the KAM no longer sees it; the seller still does (their own).
        Assert.Equal(HttpStatusCode.Forbidden, (await asSeller.DeleteAsync($"/api/v1/clients/{company.Id}/key-account")).StatusCode);
        var off = await Expect<ClientView>(await head.DeleteAsync($"/api/v1/clients/{company.Id}/key-account"), HttpStatusCode.OK);
        Assert.Equal((false, (long?)null), (off.IsKeyAccount, off.KamId));
        Assert.Equal(HttpStatusCode.NotFound, (await asKam.GetAsync($"/api/v1/clients/{company.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await asSeller.GetAsync($"/api/v1/clients/{company.Id}")).StatusCode);
    }
}

[Collection("sqlite")]
public sealed class KeyAccountTests_Sqlite(SqliteApp app) : KeyAccountTests(app);

[Collection("postgres")]
public sealed class KeyAccountTests_Postgres(PostgresApp app) : KeyAccountTests(app);
