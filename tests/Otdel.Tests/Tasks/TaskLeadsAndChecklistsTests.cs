using System.Net;
using System.Net.Http.Json;
using Otdel.Features.Activities;
using Otdel.Features.Leads;
using Otdel.Features.Tasks;
using Otdel.Tests.Infrastructure;
using static Otdel.Tests.Deals.DealsTestKit;

namespace Otdel.Tests.Tasks;

/// <summary>A task about a lead (its completion is the lead's first contact) and a task's checklist, on both engines.</summary>
public abstract class TaskLeadsAndChecklistsTests(TestApp app)
{
    [Fact]
    public async Task A_call_task_on_a_lead_keeps_its_checklist_and_completing_it_is_the_leads_first_contact()
    {
        var dep = await app.NewDepartmentAsync();
        var seller = await dep.AddPersonAsync("hunter");
        var other = await dep.AddPersonAsync("hunter");
        var c = app.Client(seller.Token);
        var lead = await Expect<LeadView>(await c.PostAsJsonAsync("/api/v1/leads",
            new { name = "Лид " + dep.Tag, phone = "8 916 555-11-22", allowDuplicate = true }), HttpStatusCode.Created);
        var theirs = await Expect<LeadView>(await app.Client(other.Token).PostAsJsonAsync("/api/v1/leads",
            new { name = "Чужой лид " + dep.Tag, email = $"other-{dep.Tag}@example.ru", allowDuplicate = true }), HttpStatusCode.Created);

        var task = await Expect<TaskView>(await c.PostAsJsonAsync("/api/v1/tasks", new
        {
            title = "Первый звонок", kind = "call", dueAt = DateTime.UtcNow.AddMinutes(15), leadId = lead.Id,
            checklist = new object[] { new { text = " Представиться " }, new { text = "Выяснить потребность", done = true } },
        }), HttpStatusCode.Created);
        Assert.Equal(lead.Id, task.LeadId);
        Assert.Equal([new ChecklistItem("Представиться"), new ChecklistItem("Выяснить потребность", true)], task.Checklist);
        Assert.Equal([task.Id], (await c.GetJson<TaskPage>($"/api/v1/tasks?leadId={lead.Id}")).Items.Select(t => t.Id));

        var ticked = await Expect<TaskView>(await c.PatchAsJsonAsync($"/api/v1/tasks/{task.Id}", new
        {
            checklist = new object[] { new { text = "Представиться", done = true }, new { text = "Выяснить потребность", done = true } },
            version = task.Version,
        }), HttpStatusCode.OK);
        Assert.All(ticked.Checklist, i => Assert.True(i.Done));
        Assert.Equal(ticked.Checklist, (await c.GetJson<TaskView>($"/api/v1/tasks/{task.Id}")).Checklist);

        async Task<IReadOnlyCollection<string>> Refused(object body) =>
            (await Problem(await c.PostAsJsonAsync("/api/v1/tasks", body), HttpStatusCode.BadRequest)).ErrorFields();
        var due = DateTime.UtcNow.AddDays(1);
        Assert.Equal(["leadId"], await Refused(new { title = "Чужое", dueAt = due, leadId = theirs.Id }));
        Assert.Equal(["checklist"], await Refused(new { title = "Пусто", dueAt = due, checklist = new object[] { new { text = "  " } } }));
        Assert.Equal(["checklist"], await Refused(new
        {
            title = "Много", dueAt = due, checklist = Enumerable.Range(0, 51).Select(i => new { text = $"Шаг {i}" }).ToArray(),
        }));
        Assert.Equal(["checklist"], await Refused(new { title = "Длинно", dueAt = due, checklist = new object[] { new { text = new string('я', 301) } } }));

        Assert.Null((await c.GetJson<LeadView>($"/api/v1/leads/{lead.Id}")).FirstContactAt);
        var done = await Expect<TaskView>(await c.PostAsJsonAsync($"/api/v1/tasks/{task.Id}/complete", new { result = "Дозвонился" }), HttpStatusCode.OK);
        var read = await c.GetJson<LeadView>($"/api/v1/leads/{lead.Id}");
        Assert.Equal(done.DoneAt!.Value, read.FirstContactAt!.Value, TimeSpan.FromMilliseconds(1));
        var call = Assert.Single((await c.GetJson<ActivityPage>($"/api/v1/activities?leadId={lead.Id}")).Items);
        Assert.Equal((ActivityKind.Call, (long?)task.Id), (call.Kind, call.TaskId));
    }
}

[Collection("sqlite")]
public sealed class TaskLeadsAndChecklistsTests_Sqlite(SqliteApp app) : TaskLeadsAndChecklistsTests(app);

[Collection("postgres")]
public sealed class TaskLeadsAndChecklistsTests_Postgres(PostgresApp app) : TaskLeadsAndChecklistsTests(app);
