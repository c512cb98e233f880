using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Otdel.Features.Activities;
using Otdel.Features.Leads;
using Otdel.Features.Tasks;
using Otdel.Tests.Infrastructure;
using static Otdel.Tests.Deals.DealsTestKit;

namespace Otdel.Tests.Activities;

/// <summary>Activities through /api/v1/activities, on SQLite and on PostgreSQL.</summary>
public abstract class ActivitiesApiTests(TestApp app)
{
    static async Task<ActivityView> LogAsync(HttpClient c, object body) =>
        await Expect<ActivityView>(await c.PostAsJsonAsync("/api/v1/activities", body), HttpStatusCode.Created);

    [Fact]
    public async Task A_call_on_a_deal_is_seen_by_whoever_sees_the_deal_newest_first_and_hidden_from_another_seller()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var seller = await dep.AddPersonAsync("closer");
        var other = await dep.AddPersonAsync("closer");
        var sellerClient = app.Client(seller.Token);
        var otherClient = app.Client(other.Token);
        var pipeline = await head.NewPipelineAsync("b2b");
        var deal = await sellerClient.NewDealAsync(pipeline, "Сделка " + dep.Tag);

        var call = await LogAsync(sellerClient, new
        {
            kind = "call", direction = "out", at = "2026-03-04T10:30:00", durationSeconds = 305, result = "connected",
            recordingUrl = "https://pbx.example.ru/rec/1", text = "Обсудили КП", dealId = deal.Id,
        });
        // Typed without an offset: on the seller's clock (the department's zone, Moscow, UTC+3).
        Assert.Equal(new DateTime(2026, 3, 4, 7, 30, 0, DateTimeKind.Utc), call.At);
        Assert.Equal((ActivityKind.Call, (ActivityDirection?)ActivityDirection.Out, (CallResult?)CallResult.Connected, (int?)305, seller.Id, deal.ClientId),
            (call.Kind, call.Direction, call.Result, call.DurationSeconds, call.AuthorId, call.ClientId));
        var meeting = await LogAsync(head, new
        {
            kind = "meeting", format = "in_person", participants = "Иванов, Петров", at = "2026-03-05T12:00:00+03:00", dealId = deal.Id,
        });
        var note = await LogAsync(sellerClient,
            new { kind = "note", text = "Клиент просит скидку", dealId = deal.Id, at = "2026-03-05T08:00:00Z" });

        var expected = new[] { meeting.Id, note.Id, call.Id };
        Assert.Equal(expected, (await sellerClient.GetJson<ActivityPage>($"/api/v1/activities?dealId={deal.Id}")).Items.Select(a => a.Id));
        Assert.Equal(expected, (await head.GetJson<ActivityPage>($"/api/v1/activities?dealId={deal.Id}")).Items.Select(a => a.Id));
        Assert.Equal([call.Id], (await head.GetJson<ActivityPage>($"/api/v1/activities?dealId={deal.Id}&kind=call")).Items.Select(a => a.Id));
        Assert.Equal(expected, (await head.GetJson<ActivityPage>($"/api/v1/activities?clientId={deal.ClientId}")).Items.Select(a => a.Id));
        Assert.Equal([note.Id, call.Id], (await head.GetJson<ActivityPage>($"/api/v1/activities?authorId={seller.Id}")).Items.Select(a => a.Id));
        var pages = new List<long>();
        string? cursor = null;
        do
        {
            var page = await head.GetJson<ActivityPage>($"/api/v1/activities?dealId={deal.Id}&limit=2" + (cursor is null ? "" : "&cursor=" + cursor));
            pages.AddRange(page.Items.Select(a => a.Id));
            cursor = page.NextCursor;
        } while (cursor is not null);
        Assert.Equal(expected, pages);

        await Problem(await otherClient.GetAsync($"/api/v1/activities/{call.Id}"), HttpStatusCode.NotFound);
        Assert.Empty((await otherClient.GetJson<ActivityPage>("/api/v1/activities")).Items);
        Assert.Equal(call.Id, (await head.GetJson<ActivityView>($"/api/v1/activities/{call.Id}")).Id);
    }

    [Fact]
    public async Task Bad_input_is_refused_by_its_field_in_Russian_and_nothing_is_logged()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var seller = await dep.AddPersonAsync("closer");
        var other = await dep.AddPersonAsync("closer");
        var c = app.Client(seller.Token);
        var pipeline = await head.NewPipelineAsync("b2b");
        var mine = await c.NewDealAsync(pipeline, "Моя " + dep.Tag);
        var theirs = await app.Client(other.Token).NewDealAsync(pipeline, "Чужая " + dep.Tag, clientName: "ООО «Чужой» " + dep.Tag);

        async Task<IReadOnlyCollection<string>> Refused(object body) =>
            (await Problem(await c.PostAsJsonAsync("/api/v1/activities", body), HttpStatusCode.BadRequest)).ErrorFields();

        var unknown = await Problem(await c.PostAsJsonAsync("/api/v1/activities", new { kind = "fax", dealId = mine.Id, text = dep.Tag }),
            HttpStatusCode.BadRequest);
        Assert.Equal(["kind"], unknown.ErrorFields());
        Assert.Contains("Вид", unknown.GetProperty("errors").GetProperty("kind")[0].GetString());
        Assert.Equal(["durationSeconds"], await Refused(new { kind = "call", direction = "in", durationSeconds = -5, dealId = mine.Id, text = dep.Tag }));
        Assert.Equal(["dealId"], await Refused(new { kind = "call", direction = "out", dealId = theirs.Id, text = dep.Tag }));
        Assert.Equal(["dealId"], await Refused(new { kind = "note", text = dep.Tag }));
        foreach (var url in new[] { "javascript:alert(1)", "ftp://pbx.example.ru/1", "pbx.example.ru/rec/1", "https://exa mple.ru/1" })
            Assert.Equal(["recordingUrl"], await Refused(new { kind = "call", direction = "out", recordingUrl = url, dealId = mine.Id, text = dep.Tag }));
        Assert.Equal(["direction", "result"],
            (await Refused(new { kind = "call", result = "maybe", dealId = mine.Id, text = dep.Tag })).Order(StringComparer.Ordinal));
        Assert.Equal(["at"], await Refused(new { kind = "call", direction = "out", at = DateTime.UtcNow.AddDays(2), dealId = mine.Id, text = dep.Tag }));
        Assert.Equal(["text"], await Refused(new { kind = "note", dealId = mine.Id }));
        Assert.Equal(["direction", "durationSeconds", "recordingUrl"], (await Refused(new
        {
            kind = "proposal", direction = "out", durationSeconds = 10, recordingUrl = "https://pbx.example.ru/1", dealId = mine.Id, text = dep.Tag,
        })).Order(StringComparer.Ordinal));
        Assert.Equal(["clientId", "leadId"], (await Refused(new { kind = "note", text = dep.Tag, clientId = theirs.ClientId, leadId = long.MaxValue }))
            .Order(StringComparer.Ordinal));
        Assert.Equal(["kind"], (await Problem(await c.GetAsync("/api/v1/activities?kind=fax"), HttpStatusCode.BadRequest)).ErrorFields());
        Assert.Equal(["dealId"], (await Problem(await c.GetAsync($"/api/v1/activities?dealId={theirs.Id}"), HttpStatusCode.BadRequest)).ErrorFields());
        await using var db = app.OpenDb();
        Assert.False(await db.Activities.AnyAsync(a => a.AuthorId == seller.Id));
    }

    [Fact]
    public async Task Completing_a_call_task_records_the_call_on_the_deal_and_a_plain_task_records_nothing()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var seller = await dep.AddPersonAsync("closer");
        var c = app.Client(seller.Token);
        var pipeline = await head.NewPipelineAsync("b2b");
        var deal = await c.NewDealAsync(pipeline, "Сделка " + dep.Tag);
        var call = await Expect<TaskView>(await head.PostAsJsonAsync("/api/v1/tasks", new
        {
            title = "Позвонить ЛПР", kind = "call", dueAt = DateTime.UtcNow.AddHours(2), assigneeId = seller.Id, dealId = deal.Id,
        }), HttpStatusCode.Created);
        var plain = await Expect<TaskView>(
            await c.PostAsJsonAsync("/api/v1/tasks", new { title = "Подготовить счёт", dueAt = DateTime.UtcNow, dealId = deal.Id }), HttpStatusCode.Created);

        await Expect<TaskView>(
            await c.PostAsJsonAsync($"/api/v1/tasks/{call.Id}/complete", new { result = "Договорились о встрече" }), HttpStatusCode.OK);
        await Expect<TaskView>(await c.PostAsJsonAsync($"/api/v1/tasks/{plain.Id}/complete", new { }), HttpStatusCode.OK);

        var logged = Assert.Single((await head.GetJson<ActivityPage>($"/api/v1/activities?dealId={deal.Id}")).Items);
        Assert.Equal((ActivityKind.Call, (ActivityDirection?)ActivityDirection.Out, seller.Id, (long?)call.Id, deal.ClientId),
            (logged.Kind, logged.Direction, logged.AuthorId, logged.TaskId, logged.ClientId));
        Assert.Equal("Позвонить ЛПР: Договорились о встрече", logged.Text);
    }

    [Fact]
    public async Task The_first_contact_with_a_lead_sets_its_response_time_once_and_a_note_is_not_a_contact()
    {
        var dep = await app.NewDepartmentAsync();
        var seller = await dep.AddPersonAsync("hunter");
        var c = app.Client(seller.Token);
        var lead = await Expect<LeadView>(await c.PostAsJsonAsync("/api/v1/leads",
            new { name = "Лид " + dep.Tag, email = $"lead-{dep.Tag}@example.ru", allowDuplicate = true }), HttpStatusCode.Created);
        Assert.Null(lead.FirstContactAt);

        await LogAsync(c, new { kind = "note", text = "Перезвонить после обеда", leadId = lead.Id });
        Assert.Null((await c.GetJson<LeadView>($"/api/v1/leads/{lead.Id}")).FirstContactAt);

        var first = await LogAsync(c, new { kind = "call", direction = "out", result = "no_answer", leadId = lead.Id });
        var read = await c.GetJson<LeadView>($"/api/v1/leads/{lead.Id}");
        // PostgreSQL keeps microseconds, .NET ticks of 100 ns.
        Assert.Equal(first.At, read.FirstContactAt!.Value, TimeSpan.FromMilliseconds(1));
        Assert.NotNull(read.ResponseMinutes);

        await LogAsync(c, new { kind = "email", direction = "out", text = "КП во вложении", leadId = lead.Id });
        Assert.Equal(read.FirstContactAt, (await c.GetJson<LeadView>($"/api/v1/leads/{lead.Id}")).FirstContactAt);
        Assert.Equal(3, (await c.GetJson<ActivityPage>($"/api/v1/activities?leadId={lead.Id}")).Items.Count);
        await Problem(await app.Client(dep.HeadToken).GetAsync($"/api/v1/activities?leadId={long.MaxValue}"), HttpStatusCode.BadRequest);
    }
}

[Collection("sqlite")]
public sealed class ActivitiesApiTests_Sqlite(SqliteApp app) : ActivitiesApiTests(app);

[Collection("postgres")]
public sealed class ActivitiesApiTests_Postgres(PostgresApp app) : ActivitiesApiTests(app);
