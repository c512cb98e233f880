using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Otdel.Features.Tasks;
using Otdel.Tests.Infrastructure;
using static Otdel.Tests.Deals.DealsTestKit;

namespace Otdel.Tests.Tasks;

/// <summary>Tasks through /api/v1/tasks, on SQLite and on PostgreSQL.</summary>
public abstract class TasksApiTests(TestApp app)
{
    static async Task<TaskView> NewTaskAsync(HttpClient c, object body) =>
        await Expect<TaskView>(await c.PostAsJsonAsync("/api/v1/tasks", body), HttpStatusCode.Created);

    [Fact]
    public async Task A_heads_task_for_a_seller_is_seen_by_both_done_by_the_seller_and_hidden_from_another_seller()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var seller = await dep.AddPersonAsync("closer");
        var other = await dep.AddPersonAsync("closer");
        var sellerClient = app.Client(seller.Token);
        var otherClient = app.Client(other.Token);
        var pipeline = await head.NewPipelineAsync("b2b");
        var deal = await sellerClient.NewDealAsync(pipeline, "Сделка " + dep.Tag);

        var due = new DateTime(2031, 3, 4, 7, 30, 0, DateTimeKind.Utc);
        var task = await NewTaskAsync(head, new
        {
            title = "Позвонить ЛПР " + dep.Tag, kind = "call", dueAt = "2031-03-04T10:30:00", priority = "urgent", assigneeId = seller.Id, dealId = deal.Id,
        });
        // Typed without an offset: on the head's clock (the department's zone, Moscow, UTC+3).
        Assert.Equal(due, task.DueAt);
        Assert.Equal((TaskKind.Call, TaskPriority.Urgent, seller.Id, dep.HeadId, (long?)deal.Id, deal.ClientId),
            (task.Kind, task.Priority, task.AssigneeId, task.AuthorId, task.DealId, task.ClientId));
        Assert.False(task.Done);

        Assert.Equal(task.Id, (await sellerClient.GetJson<TaskView>($"/api/v1/tasks/{task.Id}")).Id);
        Assert.Equal(task.Id, (await head.GetJson<TaskView>($"/api/v1/tasks/{task.Id}")).Id);
        await Problem(await otherClient.GetAsync($"/api/v1/tasks/{task.Id}"), HttpStatusCode.NotFound);
        await Problem(await otherClient.PostAsJsonAsync($"/api/v1/tasks/{task.Id}/complete", new { result = "чужое" }), HttpStatusCode.NotFound);
        await Problem(await otherClient.PatchAsJsonAsync($"/api/v1/tasks/{task.Id}", new { title = "чужое", version = task.Version }), HttpStatusCode.NotFound);
        Assert.Empty((await otherClient.GetJson<TaskPage>("/api/v1/tasks")).Items);
        Assert.Equal([task.Id], (await sellerClient.GetJson<TaskPage>($"/api/v1/tasks?dealId={deal.Id}&status=open")).Items.Select(t => t.Id));
        Assert.Equal([task.Id], (await head.GetJson<TaskPage>($"/api/v1/tasks?assigneeId={seller.Id}")).Items.Select(t => t.Id));

        var moved = await Expect<TaskView>(await sellerClient.PatchAsJsonAsync($"/api/v1/tasks/{task.Id}",
            new { dueAt = "2031-03-05T09:00:00Z", version = task.Version }), HttpStatusCode.OK);
        Assert.Equal(new DateTime(2031, 3, 5, 9, 0, 0, DateTimeKind.Utc), moved.DueAt);
        await Problem(await head.PatchAsJsonAsync($"/api/v1/tasks/{task.Id}", new { title = "устарело", version = task.Version }), HttpStatusCode.Conflict);

        var done = await Expect<TaskView>(
            await sellerClient.PostAsJsonAsync($"/api/v1/tasks/{task.Id}/complete", new { result = "  Договорились о встрече  " }), HttpStatusCode.OK);
        Assert.True(done.Done);
        Assert.Equal("Договорились о встрече", done.Result);
        Assert.NotNull(done.DoneAt);
        await Problem(await head.PostAsJsonAsync($"/api/v1/tasks/{task.Id}/complete", new { }), HttpStatusCode.Conflict);
        Assert.Equal([task.Id], (await head.GetJson<TaskPage>($"/api/v1/tasks?assigneeId={seller.Id}&status=done")).Items.Select(t => t.Id));
        Assert.Empty((await head.GetJson<TaskPage>($"/api/v1/tasks?assigneeId={seller.Id}&status=open")).Items);
    }

    [Fact]
    public async Task Bad_input_is_refused_by_its_field_in_Russian_and_nothing_is_made_but_a_past_due_is_accepted_as_overdue()
    {
        var dep = await app.NewDepartmentAsync();
        var seller = await dep.AddPersonAsync("closer");
        var other = await dep.AddPersonAsync("closer");
        var c = app.Client(seller.Token);

        var missing = await Problem(await c.PostAsJsonAsync("/api/v1/tasks", new { kind = "call" }), HttpStatusCode.BadRequest);
        Assert.Equal(["dueAt", "title"], missing.ErrorFields().Order(StringComparer.Ordinal));
        Assert.Contains("Заполните", missing.GetProperty("errors").GetProperty("title")[0].GetString());
        var bad = await Problem(await c.PostAsJsonAsync("/api/v1/tasks", new
        {
            title = "Проба " + dep.Tag, kind = "fax", priority = "asap", dueAt = "2031-01-01T10:00:00Z", assigneeId = other.Id,
        }), HttpStatusCode.BadRequest);
        Assert.Equal(["assigneeId", "kind", "priority"], bad.ErrorFields().Order(StringComparer.Ordinal));
        var outside = await Problem(
            await c.PostAsJsonAsync("/api/v1/tasks", new { title = "Проба " + dep.Tag, dueAt = "2031-01-01T10:00:00Z", assigneeId = other.Id }),
            HttpStatusCode.BadRequest);
        Assert.Equal(["assigneeId"], outside.ErrorFields());
        var noDeal = await c.PostAsJsonAsync("/api/v1/tasks", new { title = "Проба " + dep.Tag, dueAt = "2031-01-01T10:00:00Z", dealId = long.MaxValue });
        Assert.Equal(["dealId"], (await Problem(noDeal, HttpStatusCode.BadRequest)).ErrorFields());
        Assert.Equal(["status"], (await Problem(await c.GetAsync("/api/v1/tasks?status=late"), HttpStatusCode.BadRequest)).ErrorFields());
        Assert.Equal(["cursor"], (await Problem(await c.GetAsync("/api/v1/tasks?cursor=abc"), HttpStatusCode.BadRequest)).ErrorFields());
        await using (var db = app.OpenDb())
            Assert.False(await db.Tasks.AnyAsync(t => t.Title.Contains(dep.Tag)));

        var past = await NewTaskAsync(c, new { title = "Вчерашнее " + dep.Tag, dueAt = "2020-01-01T10:00:00Z" });
        Assert.True(past.Overdue);
        Assert.Equal([past.Id], (await c.GetJson<TaskPage>("/api/v1/tasks?status=overdue")).Items.Select(t => t.Id));
        Assert.Equal(seller.Id, past.AssigneeId);
        var tooLong = await Problem(
            await c.PostAsJsonAsync($"/api/v1/tasks/{past.Id}/complete", new { result = new string('я', 2001) }), HttpStatusCode.BadRequest);
        Assert.Equal(["result"], tooLong.ErrorFields());
    }

    [Fact]
    public async Task Pages_follow_the_due_moment_without_repeating_or_skipping()
    {
        var dep = await app.NewDepartmentAsync();
        var c = app.Client(dep.HeadToken);
        var made = new List<TaskView>();
        foreach (var day in new[] { 5, 3, 3, 1, 4 })
            made.Add(await NewTaskAsync(c, new { title = $"Задача {day} {dep.Tag}", dueAt = new DateTime(2032, 1, day, 9, 0, 0, DateTimeKind.Utc) }));
        var expected = made.OrderBy(t => t.DueAt).ThenBy(t => t.Id).Select(t => t.Id).ToList();
        var seen = new List<long>();
        string? cursor = null;
        do
        {
            var page = await c.GetJson<TaskPage>($"/api/v1/tasks?assigneeId={dep.HeadId}&limit=2" + (cursor is null ? "" : "&cursor=" + cursor));
            seen.AddRange(page.Items.Select(t => t.Id));
            cursor = page.NextCursor;
        } while (cursor is not null);
        Assert.Equal(expected, seen);
    }
}

[Collection("sqlite")]
public sealed class TasksApiTests_Sqlite(SqliteApp app) : TasksApiTests(app);

[Collection("postgres")]
public sealed class TasksApiTests_Postgres(PostgresApp app) : TasksApiTests(app);
