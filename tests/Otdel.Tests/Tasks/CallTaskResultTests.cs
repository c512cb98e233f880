using System.Net;
using System.Net.Http.Json;
using Otdel.Features.Activities;
using Otdel.Features.Tasks;
using Otdel.Tests.Infrastructure;
using static Otdel.Tests.Deals.DealsTestKit;

namespace Otdel.Tests.Tasks;

/// <summary>
/// A planned call completed with what came of it (issue 11 item 2): the call recorded on the deal carries the outcome, so
/// the activity report counts it connected or not; a bad word, or an outcome on a task that is no call, is refused by
/// field and the task stays open with no call recorded. On both engines.
/// </summary>
public abstract class CallTaskResultTests(TestApp app)
{
    [Fact]
    public void The_form_s_words_are_the_call_results_activities_take() =>
        Assert.Equal(Enum.GetValues<CallResult>().Select(r => Otdel.Platform.SnakeCase.Of(r.ToString())), TaskRules.CallResults);

    [Fact]
    public async Task A_call_task_done_with_its_outcome_records_the_call_with_it()
    {
        var dep = await app.NewDepartmentAsync();
        var seller = await dep.AddPersonAsync("closer");
        var c = app.Client(seller.Token);
        var p = await app.Client(dep.HeadToken).NewPipelineAsync("simple");
        var deal = await c.NewDealAsync(p, "Звонок с итогом " + dep.Tag);
        async Task<TaskView> Planned(string kind) => await Expect<TaskView>(await c.PostAsJsonAsync("/api/v1/tasks",
            new { title = "Позвонить ЛПР", kind, dueAt = DateTime.UtcNow.AddHours(2), dealId = deal.Id }), HttpStatusCode.Created);

        var reached = await Planned("call");
        var missed = await Planned("call");
        var meeting = await Planned("meeting");
        await Expect<TaskView>(await c.PostAsJsonAsync($"/api/v1/tasks/{reached.Id}/complete", new { result = "Ждут КП", callResult = "connected" }),
            HttpStatusCode.OK);
        await Expect<TaskView>(await c.PostAsJsonAsync($"/api/v1/tasks/{missed.Id}/complete", new { callResult = "no_answer" }), HttpStatusCode.OK);

        var bad = await Problem(await c.PostAsJsonAsync($"/api/v1/tasks/{meeting.Id}/complete", new { callResult = "connected" }),
            HttpStatusCode.BadRequest);
        Assert.Equal(["callResult"], bad.ErrorFields());
        var word = await Problem(await app.Client(seller.Token, "en").PostAsJsonAsync($"/api/v1/tasks/{meeting.Id}/complete",
            new { callResult = "maybe" }), HttpStatusCode.BadRequest);
        Assert.Equal(["callResult"], word.ErrorFields());
        Assert.Null((await c.GetJson<TaskView>($"/api/v1/tasks/{meeting.Id}")).DoneAt);

        var calls = (await c.GetJson<ActivityPage>($"/api/v1/activities?dealId={deal.Id}")).Items.Where(a => a.Kind == ActivityKind.Call).ToList();
        Assert.Equal([CallResult.NoAnswer, CallResult.Connected], calls.OrderByDescending(a => a.TaskId == missed.Id).Select(a => a.Result!.Value));
        Assert.DoesNotContain((await c.GetJson<ActivityPage>($"/api/v1/activities?dealId={deal.Id}")).Items, a => a.Kind == ActivityKind.Meeting);

        var moscow = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");
        var today = TimeZoneInfo.ConvertTimeFromUtc(app.Clock.GetUtcNow().UtcDateTime, moscow).ToString("yyyy-MM-dd");
        var report = await c.GetJson<System.Text.Json.JsonElement>($"/api/v1/reports/activity?groupBy=user&from={today}&to={today}");
        var row = report.GetProperty("rows").EnumerateArray().Single();
        Assert.Equal((2, 1), (row.GetProperty("calls").GetInt32(), row.GetProperty("callsConnected").GetInt32()));
    }
}

[Collection("sqlite")]
public sealed class CallTaskResultTests_Sqlite(SqliteApp app) : CallTaskResultTests(app);

[Collection("postgres")]
public sealed class CallTaskResultTests_Postgres(PostgresApp app) : CallTaskResultTests(app);
