using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Otdel.Features.Automation;
using Otdel.Features.Deals;
using Otdel.Features.Pipelines;
using Otdel.Platform;
using Otdel.Tests.Infrastructure;
using static Otdel.Tests.Deals.DealsTestKit;

namespace Otdel.Tests.Automation;

/// <summary>
/// The "date reached" trigger and the actions that name people by position or team ("task for a position", "assign by
/// rule"), with the engine running, on SQLite and on PostgreSQL.
/// </summary>
public abstract class AutomationDatesAndPeopleTests(TestApp app)
{
    const string Rules = "/api/v1/automation/rules";

    static async Task<RuleView> NewRuleAsync(HttpClient head, object body) =>
        await Expect<RuleView>(await head.PostAsJsonAsync(Rules, body), HttpStatusCode.Created);

    async Task<List<AutomationFiring>> FiringsAsync(long ruleId)
    {
        await using var db = app.OpenDb();
        return await db.Set<AutomationFiring>().AsNoTracking().Where(f => f.RuleId == ruleId).OrderBy(f => f.Id).ToListAsync();
    }

    async Task SettledAsync(params long[] dealIds)
    {
        await Eventually.Until(async () =>
        {
            await using var db = app.OpenDb();
            return await db.Set<AutomationEvent>().AnyAsync(e => dealIds.Contains(e.DealId) && e.DoneAt == null) ? null : "";
        }, "the deals' events to be taken");
        await Eventually.PassesAsync(app.App);
    }

    /// <summary>Today on the calendar the engine reads dates by (the company's zone).</summary>
    DateOnly Today() => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(app.Clock.GetUtcNow().UtcDateTime,
        app.App.Services.GetRequiredService<WorkCalendar>().Zone));

    static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd");

    async Task<DealView> CloseOnAsync(HttpClient client, DealView deal, DateOnly day) =>
        await Expect<DealView>(await client.PatchAsJsonAsync($"/api/v1/deals/{deal.Id}", new { expectedCloseDate = Iso(day), version = deal.Version }),
            HttpStatusCode.OK);

    async Task SwitchOnSinceAsync(DateTime since, params long[] ruleIds)
    {
        await using var db = app.OpenDb();
        await db.Set<AutomationRule>().Where(r => ruleIds.Contains(r.Id))
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.EnabledAt, since).SetProperty(r => r.IsEnabled, true));
    }

    [Fact]
    public async Task A_date_rule_fires_once_per_deal_and_date_on_open_deals_and_again_for_a_new_date_and_stops_when_its_field_goes()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var seller = await dep.AddPersonAsync("closer");
        var sellerClient = app.Client(seller.Token);
        var pipeline = await head.NewPipelineAsync("simple");
        var field = await Expect<PipelineFieldView>(await head.PostAsJsonAsync($"/api/v1/pipelines/{pipeline.Id}/fields",
            new { key = "contract_end", label = "Окончание договора", type = "date" }), HttpStatusCode.Created);
        var today = Today();

        var due = await CloseOnAsync(sellerClient, await sellerClient.NewDealAsync(pipeline, "Через три дня " + dep.Tag), today.AddDays(3));
        var later = await CloseOnAsync(sellerClient, await sellerClient.NewDealAsync(pipeline, "Через десять " + dep.Tag), today.AddDays(10));
        var won = await CloseOnAsync(sellerClient, await sellerClient.NewDealAsync(pipeline, "Выиграна " + dep.Tag), today.AddDays(3));
        // Its day (nine days ago) came before the rules were switched on (a week ago): history, not an occasion.
        var past = await CloseOnAsync(sellerClient, await sellerClient.NewDealAsync(pipeline, "Прошлая " + dep.Tag), today.AddDays(-6));
        var renewal = await sellerClient.NewDealAsync(pipeline, "Продление " + dep.Tag, fields: new { contract_end = today.ToString("dd.MM.yyyy") });
        var wonRenewal = await sellerClient.NewDealAsync(pipeline, "Продление выиграно " + dep.Tag, fields: new { contract_end = Iso(today) });
        await using (var db = app.OpenDb())
        {
            var ids = new[] { won.Id, wonRenewal.Id };
            await db.Deals.Where(d => ids.Contains(d.Id)).ExecuteUpdateAsync(u => u.SetProperty(d => d.Status, DealStatus.Won));
        }

        var beforeClose = await NewRuleAsync(head, new
        {
            name = "За три дня до закрытия", pipelineId = pipeline.Id, trigger = "date_reached", dateField = "expected_close_date", days = 3,
            direction = "before", enabled = false, actions = new[] { new { kind = "task", to = "owner", hours = 4, text = "Подтвердить сроки" } },
        });
        Assert.Equal(("expected_close_date", "before", 3, false), (beforeClose.DateField, beforeClose.Direction, beforeClose.Days, beforeClose.IncludeClosed));
        var onEnd = await NewRuleAsync(head, new
        {
            name = "Договор кончается", pipelineId = pipeline.Id, trigger = "date_reached", dateField = "contract_end", days = 0, direction = "after",
            includeClosed = true, enabled = false, actions = new[] { new { kind = "notify", to = "owner", text = "Договор кончается" } },
        });
        Assert.Null(onEnd.Direction); // on the day itself: no before or after
        var now = app.Clock.GetUtcNow().UtcDateTime;
        await SwitchOnSinceAsync(now.AddDays(-7), beforeClose.Id, onEnd.Id);

        await Eventually.Until(async () => (await FiringsAsync(beforeClose.Id)).Count == 1 && (await FiringsAsync(onEnd.Id)).Count == 2 ? "" : null,
            "both date rules to fire");
        await Eventually.PassesAsync(app.App, 3);
        var closeFirings = await FiringsAsync(beforeClose.Id);
        Assert.Equal([(long?)due.Id], closeFirings.Select(f => f.DealId));
        Assert.Equal($"d{due.Id}f{Iso(today.AddDays(3))}", closeFirings[0].Key);
        Assert.Equal(new[] { renewal.Id, wonRenewal.Id }.Order(), (await FiringsAsync(onEnd.Id)).Select(f => f.DealId!.Value).Order());
        await using (var db = app.OpenDb())
        {
            var task = await db.Tasks.AsNoTracking().SingleAsync(t => t.DealId == due.Id);
            Assert.Equal((seller.Id, $"Подтвердить сроки: Через три дня {dep.Tag}"), (task.AssigneeId, task.Title));
            Assert.False(await db.Tasks.AnyAsync(t => t.DealId == later.Id || t.DealId == won.Id || t.DealId == past.Id));
        }

        // The date moves (to yesterday's occasion, still after the switch-on): a new occasion, fired once more.
        due = await sellerClient.GetJson<DealView>($"/api/v1/deals/{due.Id}");
        due = await CloseOnAsync(sellerClient, due, today.AddDays(2));
        await Eventually.Until(async () => (await FiringsAsync(beforeClose.Id)).Count == 2 ? "" : null, "the moved date to fire");
        await Eventually.PassesAsync(app.App, 3);
        Assert.Equal([$"d{due.Id}f{Iso(today.AddDays(3))}", $"d{due.Id}f{Iso(today.AddDays(2))}"], (await FiringsAsync(beforeClose.Id)).Select(f => f.Key));

        // The field it watches is deleted: the rule is switched off with the reason, not crashed on.
        Assert.Equal(HttpStatusCode.NoContent, (await head.DeleteAsync($"/api/v1/pipelines/{pipeline.Id}/fields/{field.Id}")).StatusCode);
        var off = await Eventually.Until(async () =>
            (await head.GetJson<List<RuleView>>($"{Rules}?pipelineId={pipeline.Id}")).SingleOrDefault(r => r.Id == onEnd.Id && !r.Enabled),
            "the rule to be off");
        Assert.Equal("Выключено: поля с датой больше нет или оно больше не дата.", off.DisabledReason);
        Assert.True((await head.GetJson<RuleView>($"{Rules}/{beforeClose.Id}")).Enabled);
    }

    [Fact]
    public async Task A_task_for_a_position_goes_to_the_holder_with_fewest_open_tasks_and_a_position_nobody_holds_is_logged()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var busyLawyer = await dep.AddPersonAsync("legal", name: "Юрист занятой " + dep.Tag);
        var freeLawyer = await dep.AddPersonAsync("legal", name: "Юрист свободный " + dep.Tag);
        var seller = await dep.AddPersonAsync("closer");
        var sellerClient = app.Client(seller.Token);
        await Expect<JsonElement>(await head.PostAsJsonAsync("/api/v1/tasks",
            new { title = "Разобрать претензию", dueAt = app.Clock.GetUtcNow().UtcDateTime.AddDays(2).ToString("o"), assigneeId = busyLawyer.Id }),
            HttpStatusCode.Created);
        var pipeline = await head.NewPipelineAsync("simple");
        var need = pipeline.Stage("Выявление потребности");
        var lawyer = await NewRuleAsync(head, new
        {
            name = "Юристу на проверку", pipelineId = pipeline.Id, trigger = "deal_entered", stageId = need.Id,
            actions = new[] { new { kind = "task", to = "position", position = "legal", hours = 4, text = "Проверить договор" } },
        });
        Assert.Equal(("position", "legal"), (lawyer.Actions[0].To, lawyer.Actions[0].Position));
        var logistics = await NewRuleAsync(head, new
        {
            name = "Логисту", pipelineId = pipeline.Id, trigger = "deal_entered", stageId = need.Id,
            actions = new object[] { new { kind = "notify", to = "owner" }, new { kind = "task", to = "position", position = "logistics" } },
        });

        var deal = await sellerClient.NewDealAsync(pipeline, "Договор " + dep.Tag);
        await Expect<DealView>(await sellerClient.MoveAsync(deal, need.Id), HttpStatusCode.OK);
        await Eventually.Until(async () => (await FiringsAsync(lawyer.Id)).Count == 1 && (await FiringsAsync(logistics.Id)).Count == 1 ? "" : null,
            "both rules to fire");
        await SettledAsync(deal.Id);
        await Eventually.PassesAsync(app.App, 2);
        Assert.Single(await FiringsAsync(lawyer.Id));

        await using (var db = app.OpenDb())
        {
            var task = await db.Tasks.AsNoTracking().SingleAsync(t => t.DealId == deal.Id);
            Assert.Equal((freeLawyer.Id, dep.HeadId), (task.AssigneeId, task.AuthorId));
            Assert.Equal($"Проверить договор: Договор {dep.Tag}", task.Title);
            // The failed firing took its other action back with it: no notification to the owner.
            Assert.False(await db.Notifications.AnyAsync(n => n.UserId == seller.Id && n.Kind == "automation"));
        }
        var log = await head.GetJson<List<FiringView>>($"/api/v1/automation/log?dealId={deal.Id}");
        var done = log.Single(f => f.RuleId == lawyer.Id);
        Assert.Equal("done", done.Status);
        Assert.Equal($"Создать задачу → Юрист свободный {dep.Tag} (Юрист; из 2 — у кого меньше открытых задач)", done.Result);
        var failed = log.Single(f => f.RuleId == logistics.Id);
        Assert.Equal("failed", failed.Status);
        Assert.Equal("В отделе ответственного никто не занимает должность «Логистика»: действие не выполнено.", failed.Result);
        var english = await app.Client(dep.HeadToken, "en").GetJson<List<FiringView>>($"/api/v1/automation/log?dealId={deal.Id}");
        Assert.Equal("Nobody in the owner's department holds the position «Logistics»: nothing was done.",
            english.Single(f => f.RuleId == logistics.Id).Result);
    }

    [Fact]
    public async Task Assign_by_rule_hands_deals_in_turn_among_a_team_and_to_the_least_loaded_holder_of_a_position_through_the_deals_own_change()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var teamId = (await Expect<JsonElement>(await head.PostAsJsonAsync("/api/v1/teams", new { name = "Закрытие " + dep.Tag, departmentId = dep.Id }),
            HttpStatusCode.Created)).GetProperty("id").GetInt64();
        var first = await dep.AddPersonAsync("closer", teamId, name: "Первый " + dep.Tag);
        var second = await dep.AddPersonAsync("closer", teamId, name: "Второй " + dep.Tag);
        var loadedFarmer = await dep.AddPersonAsync("farmer");
        var freeFarmer = await dep.AddPersonAsync("farmer");
        var hunter = await dep.AddPersonAsync("hunter");
        var hunterClient = app.Client(hunter.Token);
        var pipeline = await head.NewPipelineAsync("simple");
        var need = pipeline.Stage("Выявление потребности");
        var proposal = pipeline.Stage("КП отправлено");
        await head.NewDealAsync(pipeline, "Уже у фермера " + dep.Tag, ownerId: loadedFarmer.Id);

        var inTurn = await NewRuleAsync(head, new
        {
            name = "Закрывающим по очереди", pipelineId = pipeline.Id, trigger = "deal_entered", stageId = need.Id,
            actions = new[] { new { kind = "assign", by = "round_robin", teamId } },
        });
        Assert.Equal(("round_robin", (long?)teamId), (inTurn.Actions[0].By, inTurn.Actions[0].TeamId));
        var byLoad = await NewRuleAsync(head, new
        {
            name = "Фермеру посвободнее", pipelineId = pipeline.Id, trigger = "deal_entered", stageId = proposal.Id,
            actions = new[] { new { kind = "assign", by = "least_loaded", position = "farmer" } },
        });

        var deals = new List<DealView>();
        for (var i = 0; i < 3; i++)
        {
            var deal = await hunterClient.NewDealAsync(pipeline, $"Очередь {i} {dep.Tag}");
            await Expect<DealView>(await hunterClient.MoveAsync(deal, need.Id), HttpStatusCode.OK);
            deals.Add(deal);
        }
        var toFarmer = await hunterClient.NewDealAsync(pipeline, "Фермеру " + dep.Tag);
        await Expect<DealView>(await hunterClient.MoveAsync(toFarmer, proposal.Id, overrideReason: null), HttpStatusCode.OK);
        await Eventually.Until(async () => (await FiringsAsync(inTurn.Id)).Count == 3 && (await FiringsAsync(byLoad.Id)).Count == 1 ? "" : null,
            "the assignments to fire");
        await SettledAsync([.. deals.Select(d => d.Id), toFarmer.Id]);

        var owners = new List<long>();
        foreach (var d in deals) owners.Add((await head.GetJson<DealView>($"/api/v1/deals/{d.Id}")).OwnerId);
        Assert.Equal([first.Id, second.Id, first.Id], owners);
        Assert.Equal(freeFarmer.Id, (await head.GetJson<DealView>($"/api/v1/deals/{toFarmer.Id}")).OwnerId);
        Assert.All(await FiringsAsync(inTurn.Id), f => Assert.Equal(AutomationFiring.Done, f.Status));
        var line = (await head.GetJson<List<FiringView>>($"/api/v1/automation/log?dealId={deals[1].Id}")).Single(f => f.RuleId == inTurn.Id);
        Assert.Equal($"Ответственный → Второй {dep.Tag} (по очереди, из 2)", line.Result);

        await using var db = app.OpenDb();
        // Each change went the deal's own way: a handoff row, the owner's change in the history over the automation channel,
        // the new owner told, and the board's kept totals equal to a count of the deals.
        Assert.True(await db.Handoffs.AnyAsync(h => h.DealId == deals[1].Id && h.FromUserId == hunter.Id && h.ToUserId == second.Id));
        Assert.True(await db.Audit.AnyAsync(a => a.Entity == "deal" && a.EntityId == deals[1].Id && a.Channel == "automation" && a.UserId == dep.HeadId));
        Assert.True(await db.Notifications.AnyAsync(n => n.UserId == second.Id && n.Kind == "handoff"));
        var counted = (await db.Deals.AsNoTracking().Where(d => d.PipelineId == pipeline.Id).ToListAsync())
            .GroupBy(d => (d.StageId, d.OwnerId)).Select(g => $"{g.Key.StageId}/{g.Key.OwnerId}: {g.Count()}").Order().ToList();
        var kept = (await db.StageTotals.AsNoTracking().Where(t => t.PipelineId == pipeline.Id).ToListAsync())
            .GroupBy(t => (t.StageId, t.OwnerId)).Select(g => (g.Key, N: g.Sum(t => t.Deals))).Where(g => g.N != 0)
            .Select(g => $"{g.Key.StageId}/{g.Key.OwnerId}: {g.N}").Order().ToList();
        Assert.Equal(counted, kept);
    }

    [Fact]
    public async Task Bad_date_and_people_rules_are_refused_by_field_in_russian_and_english()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var pipeline = await head.NewPipelineAsync("simple");
        var other = await app.NewDepartmentAsync();
        var foreignTeam = (await Expect<JsonElement>(await app.Client(other.HeadToken).PostAsJsonAsync("/api/v1/teams",
            new { name = "Чужая " + other.Tag, departmentId = other.Id }), HttpStatusCode.Created)).GetProperty("id").GetInt64();

        var problem = await Problem(await head.PostAsJsonAsync(Rules, new
        {
            name = "Плохое", pipelineId = pipeline.Id, trigger = "date_reached", dateField = "need", days = -2, direction = "sideways",
            actions = new object[]
            {
                new { kind = "task", to = "position" },
                new { kind = "notify", to = "position", position = "wizard" },
                new { kind = "assign" },
                new { kind = "assign", by = "lottery", teamId = foreignTeam },
            },
        }), HttpStatusCode.BadRequest);
        Assert.Equal(["actions[0].position", "actions[1].position", "actions[2].by", "actions[2].teamId", "actions[3].by", "actions[3].kind",
            "actions[3].teamId", "dateField", "days", "direction"], problem.ErrorFields().Order());
        var errors = problem.GetProperty("errors");
        Assert.Equal("Выберите ожидаемую дату закрытия или поле воронки с типом «Дата».", errors.GetProperty("dateField")[0].GetString());
        Assert.Equal("Целое число от 0 до 365.", errors.GetProperty("days")[0].GetString());
        Assert.Contains("legal", errors.GetProperty("actions[1].position")[0].GetString());
        Assert.Equal("Выберите команду или должность, из которой назначать.", errors.GetProperty("actions[2].teamId")[0].GetString());
        Assert.Equal("Такой команды нет.", errors.GetProperty("actions[3].teamId")[0].GetString());
        Assert.Equal("Назначить ответственного можно только одним действием.", errors.GetProperty("actions[3].kind")[0].GetString());

        var english = app.Client(dep.HeadToken, "en");
        problem = await Problem(await english.PostAsJsonAsync(Rules, new
        {
            name = "Bad", pipelineId = pipeline.Id, trigger = "date_reached", days = 5, actions = new[] { new { kind = "notify" } },
        }), HttpStatusCode.BadRequest);
        Assert.Equal(["dateField", "direction"], problem.ErrorFields().Order());
        Assert.Equal("Fill in this field.", problem.GetProperty("errors").GetProperty("direction")[0].GetString());
        problem = await Problem(await english.PostAsJsonAsync(Rules, new
        {
            name = "Lead", trigger = "lead_created", channelId = 0, actions = new[] { new { kind = "assign", by = "round_robin", position = "closer" } },
        }), HttpStatusCode.BadRequest);
        Assert.Equal("Only for deal events.", problem.GetProperty("errors").GetProperty("actions[0].kind")[0].GetString());
        problem = await Problem(await english.PostAsJsonAsync(Rules, new
        {
            name = "Unknown", pipelineId = pipeline.Id, trigger = "deal_entered", stageId = pipeline.Stages[1].Id,
            actions = new[] { new { kind = "assign", by = "round_robin", position = "wizard" } },
        }), HttpStatusCode.BadRequest);
        Assert.StartsWith("One of: head_of_sales, hunter", problem.GetProperty("errors").GetProperty("actions[0].position")[0].GetString());
    }
}

[Collection("automation-sqlite")]
public sealed class AutomationDatesAndPeopleTests_Sqlite(AutomationSqliteApp app) : AutomationDatesAndPeopleTests(app);

[Collection("automation-postgres")]
public sealed class AutomationDatesAndPeopleTests_Postgres(AutomationPostgresApp app) : AutomationDatesAndPeopleTests(app);
