using System.Net;
using System.Net.Http.Json;
using Otdel.Features.Organisation;
using Otdel.Tests.Infrastructure;
using static Otdel.Tests.Deals.DealsTestKit;

namespace Otdel.Tests.Trust;

/// <summary>
/// Each instance keeps people's resolved access in memory (issue 13); a change of the structure made through one
/// instance must be obeyed by another instance on the same database at its very next request.
/// </summary>
public abstract class AccessCacheTests(TestApp app)
{
    [Fact]
    public async Task A_change_of_place_deputy_or_activity_on_one_instance_is_obeyed_by_another_on_the_next_request()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var seller = await dep.AddPersonAsync("closer");
        var other = await dep.AddPersonAsync("closer");
        var pipeline = await head.NewPipelineAsync("simple");
        var othersDeal = await app.Client(other.Token).NewDealAsync(pipeline, "Сделка коллеги " + dep.Tag);

        var (second, secondUrl) = await app.SecondInstanceAsync();
        try
        {
            await ObeyedOnSecondAsync(secondUrl, head, seller, other, othersDeal.Id);
        }
        finally
        {
            await second.StopAsync();
            await second.DisposeAsync();
        }
    }

    async Task ObeyedOnSecondAsync(string secondUrl, HttpClient head, (long Id, string Token, string Email) seller, (long Id, string Token, string Email) other,
        long othersDealId)
    {
        using var onSecond = new HttpClient { BaseAddress = new Uri(secondUrl) };
        onSecond.DefaultRequestHeaders.Authorization = new("Bearer", seller.Token);
        async Task<HttpStatusCode> SeesOthersDeal() => (await onSecond.GetAsync($"/api/v1/deals/{othersDealId}")).StatusCode;

        // Resolved (and kept) on the second instance: a closer sees only her own deals.
        Assert.Equal(HttpStatusCode.NotFound, await SeesOthersDeal());
        Assert.Equal(HttpStatusCode.NotFound, await SeesOthersDeal());

        var person = await head.GetJson<UserView>($"/api/v1/users/{seller.Id}");
        person = await Expect<UserView>(await head.PatchAsJsonAsync($"/api/v1/users/{seller.Id}",
            new { position = "head_of_sales", version = person.Version }), HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, await SeesOthersDeal());

        await Expect<UserView>(await head.PatchAsJsonAsync($"/api/v1/users/{seller.Id}",
            new { position = "closer", version = person.Version }), HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.NotFound, await SeesOthersDeal());

        // Standing in for the colleague from today: her deals open on the other instance at once.
        var today = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);
        Assert.Equal(HttpStatusCode.Created, (await head.PostAsJsonAsync("/api/v1/deputies",
            new { principalId = other.Id, deputyId = seller.Id, from = today, to = today.AddDays(7), reason = "отпуск" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, await SeesOthersDeal());

        person = await head.GetJson<UserView>($"/api/v1/users/{seller.Id}");
        await Expect<UserView>(await head.PatchAsJsonAsync($"/api/v1/users/{seller.Id}",
            new { isActive = false, version = person.Version }), HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.Unauthorized, await SeesOthersDeal());
    }
}

[Collection("sqlite")]
public sealed class AccessCacheTests_Sqlite(SqliteApp app) : AccessCacheTests(app);

[Collection("postgres")]
public sealed class AccessCacheTests_Postgres(PostgresApp app) : AccessCacheTests(app);
