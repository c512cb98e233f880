using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Otdel.Features.Deals;
using Otdel.Features.Organisation;
using Otdel.Tests.Infrastructure;
using static Otdel.Tests.Deals.DealsTestKit;

namespace Otdel.Tests.Trust;

/// <summary>The access holes found by probing the landed app (issue "Trust"), each reproduced as an attacker would.</summary>
public abstract class AccessFindingsTests(TestApp app)
{
    [Theory]
    [InlineData("""{"Position":"head_of_sales","version":{V}}""")]
    [InlineData("""{"POSITION":"admin","version":{V}}""")]
    [InlineData("""{"TeamId":{T},"version":{V}}""")]
    [InlineData("""{"MANAGERID":null,"version":{V}}""")]
    [InlineData("""{"Email":"boss@evil.test","version":{V}}""")]
    [InlineData("""{"fullName":"Я","isACTIVE":false,"version":{V}}""")]
    public async Task A_seller_cannot_raise_their_own_place_in_the_structure_whatever_the_case_of_the_keys(string body)
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var team = await (await head.PostAsJsonAsync("/api/v1/teams", new { name = "Охотники " + dep.Tag })).ReadJson<JsonElement>();
        var seller = await dep.AddPersonAsync("closer");
        var deal = await head.NewDealAsync(await head.NewPipelineAsync("simple"), "Чужая сделка " + dep.Tag);
        var client = app.Client(seller.Token);
        var me = await client.GetJson<UserView>($"/api/v1/users/{seller.Id}");

        var json = body.Replace("{V}", me.Version.ToString()).Replace("{T}", team.GetProperty("id").GetInt64().ToString());
        var res = await client.PatchAsync($"/api/v1/users/{seller.Id}", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Forbidden, res.StatusCode);
        var after = await client.GetJson<UserView>($"/api/v1/users/{seller.Id}");
        Assert.Equal(Position.Closer, after.Position);
        Assert.Equal(me.ManagerId, after.ManagerId);
        Assert.Equal(me.Version, after.Version);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/deals/{deal.Id}")).StatusCode);
    }

    [Fact]
    public async Task A_seller_changes_their_own_name_and_language_but_their_password_only_with_the_current_one()
    {
        var dep = await app.NewDepartmentAsync();
        var seller = await dep.AddPersonAsync("closer");
        var client = app.Client(seller.Token);
        var me = await client.GetJson<UserView>($"/api/v1/users/{seller.Id}");
        me = await Expect<UserView>(await client.PatchAsJsonAsync($"/api/v1/users/{seller.Id}", new { fullName = "Ольга Новикова", language = "en", version = me.Version }), HttpStatusCode.OK);
        Assert.Equal("Ольга Новикова", me.FullName);

        var noCurrent = await Problem(await client.PatchAsJsonAsync($"/api/v1/users/{seller.Id}", new { password = "new-password-1", version = me.Version }), HttpStatusCode.BadRequest);
        Assert.Contains("currentPassword", noCurrent.ErrorFields());
        var wrong = await Problem(await client.PatchAsJsonAsync($"/api/v1/users/{seller.Id}", new { password = "new-password-1", currentPassword = "nope-nope", version = me.Version }), HttpStatusCode.BadRequest);
        Assert.Contains("currentPassword", wrong.ErrorFields());
        await Expect<UserView>(await client.PatchAsJsonAsync($"/api/v1/users/{seller.Id}", new { password = "new-password-1", currentPassword = "password-123", version = me.Version }), HttpStatusCode.OK);

        // The head resets a subordinate's password without knowing the old one.
        var head = app.Client(dep.HeadToken);
        me = await head.GetJson<UserView>($"/api/v1/users/{seller.Id}");
        await Expect<UserView>(await head.PatchAsJsonAsync($"/api/v1/users/{seller.Id}", new { password = "reset-by-head", version = me.Version }), HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_client_of_another_team_cannot_be_linked_by_id_nor_by_typing_its_name()
    {
        var depA = await app.NewDepartmentAsync();
        var headA = app.Client(depA.HeadToken);
        var secretClient = "Тайный клиент " + depA.Tag;
        var theirs = await headA.NewDealAsync(await headA.NewPipelineAsync("simple"), "Сделка A", clientName: secretClient);
        Assert.NotNull(theirs.ClientId);

        var depB = await app.NewDepartmentAsync();
        var headB = app.Client(depB.HeadToken);
        var pipeline = await headB.NewPipelineAsync("simple");
        var seller = app.Client((await depB.AddPersonAsync("closer")).Token);

        var create = await seller.PostAsJsonAsync("/api/v1/deals", new { title = "Моя", amount = 1000, pipelineId = pipeline.Id, clientId = theirs.ClientId });
        var refused = await Problem(create, HttpStatusCode.BadRequest);
        Assert.Equal(["clientId"], refused.ErrorFields());
        Assert.DoesNotContain(secretClient, refused.GetRawText());

        var mine = await seller.NewDealAsync(pipeline, "Моя сделка", clientName: null);
        var patch = await Problem(await seller.PatchAsJsonAsync($"/api/v1/deals/{mine.Id}", new { clientId = theirs.ClientId, version = mine.Version }), HttpStatusCode.BadRequest);
        Assert.Equal(["clientId"], patch.ErrorFields());

        // The same name typed by another department makes that department's own client, never a link to the first one.
        var typed = await seller.NewDealAsync(pipeline, "По имени", clientName: secretClient);
        Assert.NotEqual(theirs.ClientId, typed.ClientId);
        var again = await seller.NewDealAsync(pipeline, "Снова по имени", clientName: secretClient.ToUpperInvariant());
        Assert.Equal(typed.ClientId, again.ClientId);
    }

    [Fact]
    public async Task A_team_lead_reads_the_history_of_exactly_the_records_they_see()
    {
        var depA = await app.NewDepartmentAsync();
        var headA = app.Client(depA.HeadToken);
        var pipelineA = await headA.NewPipelineAsync("b2b");
        var dealA = await headA.NewDealAsync(pipelineA, "Сделка A", clientName: "Клиент A " + depA.Tag);
        var teamA = await (await headA.PostAsJsonAsync("/api/v1/teams", new { name = "Команда A" })).ReadJson<JsonElement>();

        var depB = await app.NewDepartmentAsync();
        var headB = app.Client(depB.HeadToken);
        var teamB = await (await headB.PostAsJsonAsync("/api/v1/teams", new { name = "Команда B" })).ReadJson<JsonElement>();
        var lead = await depB.AddPersonAsync("closer", teamId: teamB.GetProperty("id").GetInt64());
        await Expect<JsonElement>(await headB.PutAsJsonAsync($"/api/v1/teams/{teamB.GetProperty("id").GetInt64()}",
            new { name = "Команда B", departmentId = depB.Id, leadId = lead.Id }), HttpStatusCode.OK);
        var leadClient = app.Client(lead.Token);

        foreach (var (entity, id) in new[]
        {
            ("deal", dealA.Id), ("client", dealA.ClientId!.Value), ("team", teamA.GetProperty("id").GetInt64()),
            ("pipeline", pipelineA.Id), ("stage", pipelineA.Stages[0].Id), ("department", depA.Id), ("user", depA.HeadId),
        })
        {
            var res = await leadClient.GetAsync($"/api/v1/audit?entity={entity}&id={id}");
            Assert.True(res.StatusCode == HttpStatusCode.NotFound, $"{entity} {id}: {(int)res.StatusCode}");
        }
        // A kind of record that has no history is a bad value, not a hint.
        Assert.Equal(HttpStatusCode.BadRequest, (await leadClient.GetAsync($"/api/v1/audit?entity=no_such_kind&id={dealA.Id}")).StatusCode);
        // Their own team's history they do read.
        Assert.Equal(HttpStatusCode.OK, (await leadClient.GetAsync($"/api/v1/audit?entity=team&id={teamB.GetProperty("id").GetInt64()}")).StatusCode);
    }

    [Fact]
    public async Task A_win_by_override_is_recorded_and_a_reason_too_long_is_refused_alike_on_both_engines()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var pipeline = await head.NewPipelineAsync("b2b");
        var deal = await head.NewDealAsync(pipeline, "Без бюджета");

        var tooLong = await Problem(await head.PostAsJsonAsync($"/api/v1/deals/{deal.Id}/win",
            new { version = deal.Version, overrideReason = new string('я', 1500) }), HttpStatusCode.BadRequest);
        Assert.Equal(["overrideReason"], tooLong.ErrorFields());
        Assert.Equal(DealStatus.Open, (await head.GetJson<DealView>($"/api/v1/deals/{deal.Id}")).Status);

        var won = await Expect<DealView>(await head.PostAsJsonAsync($"/api/v1/deals/{deal.Id}/win",
            new { version = deal.Version, overrideReason = "Директор согласовал по телефону" }), HttpStatusCode.OK);
        Assert.Equal(DealStatus.Won, won.Status);
        var history = await head.GetJson<List<JsonElement>>($"/api/v1/audit?entity=deal&id={deal.Id}");
        var row = Assert.Single(history, h => h.GetProperty("action").GetString() == "override");
        Assert.Equal("Директор согласовал по телефону", row.GetProperty("newValue").GetString());
    }
}

[Collection("sqlite")]
public sealed class AccessFindingsTests_Sqlite(SqliteApp app) : AccessFindingsTests(app);

[Collection("postgres")]
public sealed class AccessFindingsTests_Postgres(PostgresApp app) : AccessFindingsTests(app);
