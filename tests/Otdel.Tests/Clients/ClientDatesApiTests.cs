using System.Net;
using System.Net.Http.Json;
using Otdel.Features.Clients;
using Otdel.Tests.Infrastructure;
using static Otdel.Tests.Deals.DealsTestKit;

namespace Otdel.Tests.Clients;

/// <summary>
/// A client's important dates through /api/v1/clients/{id}/dates: the seller who owns the client and their head add,
/// change and remove them; another department's head gets 404 for the client and its dates; bad input is refused by
/// field in Russian and English; the next occurrence and days left count from the reader's today; on both engines.
/// </summary>
public abstract class ClientDatesApiTests(TestApp app)
{
    [Fact]
    public async Task The_owner_and_the_head_keep_a_clients_dates_an_outsider_is_refused()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var seller = await dep.AddPersonAsync("closer");
        var colleague = await dep.AddPersonAsync("closer");
        var asSeller = app.Client(seller.Token);
        var company = await Expect<ClientView>(await asSeller.PostAsJsonAsync("/api/v1/clients",
            new { name = "Даты " + dep.Tag, kind = "company", ownerId = seller.Id, allowDuplicate = true }), HttpStatusCode.Created);
        var url = $"/api/v1/clients/{company.Id}/dates";
        try
        {
            app.Clock.Set(new DateTimeOffset(2025, 3, 10, 9, 0, 0, TimeSpan.Zero)); // 12:00 in Moscow

            var anniversary = await Expect<ClientDateView>(await asSeller.PostAsJsonAsync(url,
                new { title = " Годовщина договора ", date = "2019-03-14", repeat = "yearly", note = "Поздравить директора" }),
                HttpStatusCode.Created);
            Assert.Equal(("Годовщина договора", "yearly", new DateOnly(2025, 3, 14), 4),
                (anniversary.Title, anniversary.Repeat, anniversary.Next, anniversary.DaysLeft));
            var once = await Expect<ClientDateView>(await head.PostAsJsonAsync(url,
                new { title = "Запуск склада", date = "2025-06-01", repeat = "once" }),
                HttpStatusCode.Created);
            Assert.Equal((new DateOnly(2025, 6, 1), 83), (once.Next!.Value, once.DaysLeft!.Value));
            var passed = await Expect<ClientDateView>(await head.PostAsJsonAsync(url, new { title = "Выставка", date = "2024-11-01", repeat = "once" }),
                HttpStatusCode.Created);
            Assert.Null(passed.Next);
            Assert.Null(passed.DaysLeft);

            // The list: the nearest first, one that has passed last.
            var list = await asSeller.GetJson<List<ClientDateView>>(url);
            Assert.Equal([anniversary.Id, once.Id, passed.Id], list.Select(d => d.Id));

            // Changing it: the new values, a version that moved; a stale version is 409.
            var changed = await Expect<ClientDateView>(await asSeller.PutAsJsonAsync($"{url}/{once.Id}",
                new { title = "Запуск второго склада", date = "2025-03-11", repeat = "once", version = once.Version }), HttpStatusCode.OK);
            Assert.Equal(("Запуск второго склада", 1), (changed.Title, changed.DaysLeft!.Value));
            Assert.Equal(HttpStatusCode.Conflict, (await asSeller.PutAsJsonAsync($"{url}/{once.Id}",
                new { title = "Снова", date = "2025-03-11", version = once.Version })).StatusCode);

            // A colleague who sees none of the seller's clients, another department's head: 404, for the list and each date.
            var other = await app.NewDepartmentAsync();
            foreach (var outsider in new[] { app.Client(colleague.Token), app.Client(other.HeadToken) })
            {
                Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync(url)).StatusCode);
                Assert.Equal(HttpStatusCode.NotFound, (await outsider.PostAsJsonAsync(url, new { title = "Чужое", date = "2025-05-05" })).StatusCode);
                Assert.Equal(HttpStatusCode.NotFound, (await outsider.PutAsJsonAsync($"{url}/{anniversary.Id}",
                    new { title = "Чужое", date = "2025-05-05" })).StatusCode);
                Assert.Equal(HttpStatusCode.NotFound, (await outsider.DeleteAsync($"{url}/{anniversary.Id}")).StatusCode);
            }
            // A date named under another client (one the caller sees) is not found there either.
            var mine = await Expect<ClientView>(await head.PostAsJsonAsync("/api/v1/clients",
                new { name = "Свой " + dep.Tag, kind = "company", ownerId = dep.HeadId, allowDuplicate = true }), HttpStatusCode.Created);
            Assert.Equal(HttpStatusCode.NotFound, (await head.DeleteAsync($"/api/v1/clients/{mine.Id}/dates/{anniversary.Id}")).StatusCode);

            Assert.Equal(HttpStatusCode.NoContent, (await head.DeleteAsync($"{url}/{passed.Id}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await head.DeleteAsync($"{url}/{passed.Id}")).StatusCode);
            Assert.Equal(2, (await asSeller.GetJson<List<ClientDateView>>(url)).Count);
        }
        finally { app.Clock.Reset(); }
    }

    [Fact]
    public async Task Bad_input_is_refused_by_field_in_russian_and_english()
    {
        var dep = await app.NewDepartmentAsync();
        var company = await Expect<ClientView>(await app.Client(dep.HeadToken).PostAsJsonAsync("/api/v1/clients",
            new { name = "Ввод " + dep.Tag, kind = "company", allowDuplicate = true }), HttpStatusCode.Created);
        var url = $"/api/v1/clients/{company.Id}/dates";
        foreach (var (language, required, tooLong, badRepeat) in new[]
            { ("ru", "Заполните", "Не больше", "yearly"), ("en", "Fill in", "At most", "yearly") })
        {
            var client = app.Client(dep.HeadToken, language);
            var empty = await Problem(await client.PostAsJsonAsync(url, new { title = "  ", note = new string('з', 501), repeat = "weekly" }),
                HttpStatusCode.BadRequest);
            Assert.Equal(["date", "note", "repeat", "title"], empty.ErrorFields().Order());
            Assert.Contains(required, empty.GetProperty("errors").GetProperty("title")[0].GetString());
            Assert.Contains(required, empty.GetProperty("errors").GetProperty("date")[0].GetString());
            Assert.Contains(badRepeat, empty.GetProperty("errors").GetProperty("repeat")[0].GetString());
            var longTitle = await Problem(await client.PostAsJsonAsync(url, new { title = new string('Г', 101), date = "2025-05-05" }),
                HttpStatusCode.BadRequest);
            Assert.Equal(["title"], longTitle.ErrorFields());
            Assert.Contains(tooLong, longTitle.GetProperty("errors").GetProperty("title")[0].GetString(), StringComparison.OrdinalIgnoreCase);

            // An impossible date (30 February) and one out of range are named by the field too.
            var impossible = await Problem(await client.PostAsync(url, JsonContent.Create(new { title = "Годовщина", date = "2027-02-30" })),
                HttpStatusCode.BadRequest);
            Assert.Equal(["date"], impossible.ErrorFields());
            var ancient = await Problem(await client.PostAsJsonAsync(url, new { title = "Годовщина", date = "1812-09-07" }),
                HttpStatusCode.BadRequest);
            Assert.Equal(["date"], ancient.ErrorFields());
        }
        Assert.Empty(await app.Client(dep.HeadToken).GetJson<List<ClientDateView>>(url));
    }
}

[Collection("sqlite")]
public sealed class ClientDatesApiTests_Sqlite(SqliteApp app) : ClientDatesApiTests(app);

[Collection("postgres")]
public sealed class ClientDatesApiTests_Postgres(PostgresApp app) : ClientDatesApiTests(app);
