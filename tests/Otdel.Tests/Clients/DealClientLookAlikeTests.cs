using System.Net;
using Otdel.Features.Deals;
using Otdel.Tests.Infrastructure;
using static Otdel.Tests.Deals.DealsTestKit;

namespace Otdel.Tests.Clients;

/// <summary>
/// A client typed on a deal follows the client base's look-alike rule: «ООО "Ромашка"» is the «Ромашка» the seller already
/// has, not a second client; another department's look-alike is never linked (it stays invisible).
/// </summary>
public abstract class DealClientLookAlikeTests(TestApp app)
{
    [Fact]
    public async Task A_legal_form_or_quotes_typed_on_a_deal_link_the_existing_client()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var p = await head.NewPipelineAsync("simple");
        var first = await head.NewDealAsync(p, "Первая", clientName: $"Ромашка {dep.Tag}");
        var second = await head.NewDealAsync(p, "Вторая", clientName: $"ООО «Ромашка {dep.Tag}»");
        var third = await head.NewDealAsync(p, "Третья", clientName: $"\"ромашка {dep.Tag}\", ООО");
        Assert.NotNull(first.ClientId);
        Assert.Equal([first.ClientId, first.ClientId], new[] { second.ClientId, third.ClientId });
        Assert.Equal($"Ромашка {dep.Tag}", second.ClientName);

        // Another department's look-alike stays theirs: a new client is made.
        var other = await app.NewDepartmentAsync();
        var op = await app.Client(other.HeadToken).NewPipelineAsync("simple");
        var theirs = await app.Client(other.HeadToken).NewDealAsync(op, "Чужая", clientName: $"ИП Ромашка {dep.Tag}");
        Assert.NotEqual(first.ClientId, theirs.ClientId);
        Assert.Equal(HttpStatusCode.NotFound, (await head.GetAsync($"/api/v1/clients/{theirs.ClientId}")).StatusCode);
    }
}

[Collection("sqlite")]
public sealed class DealClientLookAlikeTests_Sqlite(SqliteApp app) : DealClientLookAlikeTests(app);

[Collection("postgres")]
public sealed class DealClientLookAlikeTests_Postgres(PostgresApp app) : DealClientLookAlikeTests(app);
