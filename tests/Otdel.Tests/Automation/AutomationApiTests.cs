using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Otdel.Features.Automation;
using Otdel.Features.Deals;
using Otdel.Features.Pipelines;
using Otdel.Tests.Infrastructure;
using static Otdel.Tests.Deals.DealsTestKit;

namespace Otdel.Tests.Automation;

/// <summary>Automation rules through /api/v1/automation with the engine running, on SQLite and on PostgreSQL.</summary>
public abstract class AutomationApiTests(TestApp app)
{
    static async Task<RuleView> NewRuleAsync(HttpClient head, object body) =>
        await Expect<RuleView>(await head.PostAsJsonAsync("/api/v1/automation/rules", body), HttpStatusCode.Created);

    async Task<List<AutomationFiring>> FiringsAsync(long ruleId)
    {
        await using var db = app.OpenDb();
        return await db.Set<AutomationFiring>().AsNoTracking().Where(f => f.RuleId == ruleId).OrderBy(f => f.Id).ToListAsync();
    }

    /// <summary>Until the engine has taken every outbox event of the deal (and a pass more, so nothing is still under way).</summary>
    async Task SettledAsync(long dealId)
    {
        await Eventually.Until(async () =>
        {
            await using var db = app.OpenDb();
            return await db.Set<AutomationEvent>().AnyAsync(e => e.DealId == dealId && e.DoneAt == null) ? null : "";
        }, $"the events of deal {dealId} to be taken");
        await Eventually.PassesAsync(app.App);
    }

    [Fact]
    public async Task A_b2b_pipeline_brings_the_seeds_rules_and_a_proposal_with_the_client_gives_the_owner_a_call_back_task_once()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var closer = await dep.AddPersonAsync("closer");
        var closerClient = app.Client(closer.Token);
        var pipeline = await head.NewPipelineAsync("b2b");

        var rules = await head.GetJson<List<RuleView>>($"/api/v1/automation/rules?pipelineId={pipeline.Id}");
        Assert.Equal(["deal_entered", "no_activity", "stage_overdue"], rules.Select(r => r.Trigger).Order());
        var callBack = rules.Single(r => r.Trigger == "deal_entered");
        Assert.Equal(pipeline.Stage(AutomationDefaults.ProposalWithClient).Id, callBack.StageId);
        Assert.Equal(3, rules.Single(r => r.Trigger == "no_activity").Days);
        Assert.Equal("boss", rules.Single(r => r.Trigger == "stage_overdue").Actions.Single().To);
        Assert.All(rules, r => Assert.True(r.Enabled));

        var preparing = pipeline.Stage("Подготовка КП");
        var deal = await closerClient.NewDealAsync(pipeline, "КП для завода " + dep.Tag, preparing.Id, amount: 450_000,
            fields: new { icp_match = "да", need = "станки", decision_maker = "Иванов", budget = "500000" });
        await closerClient.AttachAsync(deal.Id, "proposal", "kp.pdf", [1, 2, 3]);
        deal = await closerClient.GetJson<DealView>($"/api/v1/deals/{deal.Id}");
        var moved = await Expect<DealView>(await closerClient.MoveAsync(deal, pipeline.Stage(AutomationDefaults.ProposalWithClient).Id), HttpStatusCode.OK);

        var firing = await Eventually.Until(async () => (await FiringsAsync(callBack.Id)).FirstOrDefault(), "the call-back rule to fire");
        Assert.Equal((AutomationFiring.Done, (long?)deal.Id), (firing.Status, firing.DealId));
        await SettledAsync(deal.Id);
        Assert.Single(await FiringsAsync(callBack.Id));

        await using var db = app.OpenDb();
        var task = await db.Tasks.AsNoTracking().SingleAsync(t => t.DealId == deal.Id);
        Assert.Equal((moved.OwnerId, dep.HeadId), (task.AssigneeId, task.AuthorId));
        Assert.Contains("Перезвонить клиенту по КП", task.Title);
        Assert.True(task.DueAt > firing.At && task.DueAt <= firing.At.AddDays(5), $"due {task.DueAt:o}, fired {firing.At:o}");

        var log = await head.GetJson<List<FiringView>>($"/api/v1/automation/log?dealId={deal.Id}");
        Assert.Equal(firing.Id, Assert.Single(log, f => f.RuleId == callBack.Id).Id);
        // A seller of the department sees the line of their own deal; another department sees nothing.
        Assert.Single(await closerClient.GetJson<List<FiringView>>($"/api/v1/automation/log?dealId={deal.Id}"), f => f.RuleId == callBack.Id);
        var outsider = await app.NewDepartmentAsync();
        Assert.DoesNotContain(await app.Client(outsider.HeadToken).GetJson<List<FiringView>>("/api/v1/automation/log"), f => f.RuleId == callBack.Id);
        await Problem(await app.Client(outsider.HeadToken).GetAsync($"/api/v1/automation/log?dealId={deal.Id}"), HttpStatusCode.BadRequest);
        Assert.DoesNotContain(await app.Client(outsider.HeadToken).GetJson<List<RuleView>>("/api/v1/automation/rules"), r => r.Id == callBack.Id);
    }

    [Fact]
    public async Task A_backlog_of_more_events_than_a_batch_is_taken_in_one_pass()
    {
        // A bulk move makes hundreds of events at once: one batch of 200 per poll (every 15 s) let a backlog grow for ever.
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var pipeline = await head.NewPipelineAsync("b2b");
        var quiet = pipeline.Stage("Квалификация"); // no rule listens here
        var deal = await head.NewDealAsync(pipeline, "Пакет событий " + dep.Tag);
        List<long> ids;
        await using (var db = app.OpenDb())
        {
            var events = Enumerable.Range(0, 450).Select(i => new AutomationEvent
            {
                Kind = Triggers.DealEntered, DealId = deal.Id, PipelineId = pipeline.Id, StageId = quiet.Id, At = DateTime.UtcNow, Depth = 0,
            }).ToList();
            db.Set<AutomationEvent>().AddRange(events);
            await db.SaveChangesAsync();
            ids = events.Select(e => e.Id).ToList();
        }

        // Two passes: the first may have been under way already; the second starts after the events were there.
        await Eventually.PassesAsync(app.App, 2);
        await using (var db = app.OpenDb())
            Assert.Equal(0, await db.Set<AutomationEvent>().CountAsync(e => ids.Contains(e.Id) && e.DoneAt == null));
    }

    [Fact]
    public async Task Conditions_choose_the_deals_and_the_actions_notify_set_a_field_and_call_a_webhook()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var seller = await dep.AddPersonAsync("closer");
        var sellerClient = app.Client(seller.Token);
        var pipeline = await head.NewPipelineAsync("simple");
        var second = pipeline.Stage("Выявление потребности");
        await using var hook = new WebhookReceiver();

        var rule = await NewRuleAsync(head, new
        {
            name = "Крупная сделка " + dep.Tag, pipelineId = pipeline.Id, trigger = "deal_entered", stageId = second.Id,
            conditions = new[] { new { field = "amount_min", value = "1 000 000" }, new { field = "source", value = "выставка" } },
            actions = new object[]
            {
                new { kind = "notify", to = "boss", text = "Крупная сделка" },
                new { kind = "set_field", field = "need", value = "уточнить объём" },
                new { kind = "webhook", url = hook.Url },
            },
        });
        Assert.Equal([RuleCondition.AmountMin, RuleCondition.Source], rule.Conditions.Select(c => c.Field));

        var big = await sellerClient.NewDealAsync(pipeline, "Большая " + dep.Tag, amount: 1_500_000);
        big = await Expect<DealView>(await sellerClient.PatchAsJsonAsync($"/api/v1/deals/{big.Id}", new { source = "Выставка", version = big.Version }),
            HttpStatusCode.OK);
        var small = await sellerClient.NewDealAsync(pipeline, "Малая " + dep.Tag, amount: 900_000);
        await Expect<DealView>(await sellerClient.MoveAsync(big, second.Id), HttpStatusCode.OK);
        await Expect<DealView>(await sellerClient.MoveAsync(small, second.Id), HttpStatusCode.OK);

        var body = await hook.NextAsync();
        Assert.Equal(big.Id, body.GetProperty("dealId").GetInt64());
        Assert.Equal(rule.Id, body.GetProperty("rule").GetProperty("id").GetInt64());
        await SettledAsync(small.Id);
        await SettledAsync(big.Id);

        var firings = await FiringsAsync(rule.Id);
        Assert.Equal([(long?)big.Id], firings.Select(f => f.DealId));
        Assert.Equal(AutomationFiring.Done, firings[0].Status);
        var after = await sellerClient.GetJson<DealView>($"/api/v1/deals/{big.Id}");
        Assert.Equal("уточнить объём", after.Fields["need"]);
        Assert.Equal(second.Id, after.StageId);
        await using var db = app.OpenDb();
        var told = await db.Notifications.AsNoTracking().Where(n => n.Kind == "automation" && n.UserId == dep.HeadId).ToListAsync();
        Assert.Equal($"Крупная сделка: Большая {dep.Tag}", Assert.Single(told).Text);
        // The field was set through the deal's own change: in its history, by the rule's author, over the automation channel.
        Assert.True(await db.Audit.AnyAsync(a => a.Entity == "deal" && a.EntityId == big.Id && a.Channel == "automation" && a.UserId == dep.HeadId));
        await Eventually.Until(async () =>
        {
            await using var check = app.OpenDb();
            return await check.Set<AutomationWebhook>().AnyAsync(w => w.FiringId == firings[0].Id && w.SentAt != null) ? "" : null;
        }, "the webhook to be marked sent");
        Assert.Equal(1, hook.Calls);
    }

    [Fact]
    public async Task A_webhook_that_times_out_is_tried_again_after_a_pause_and_never_holds_up_the_move()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var pipeline = await head.NewPipelineAsync("simple");
        await using var hook = new WebhookReceiver { Slow = true };
        var rule = await NewRuleAsync(head, new
        {
            name = "Во внешнюю систему", pipelineId = pipeline.Id, trigger = "deal_left", stageId = pipeline.Stages[0].Id,
            actions = new[] { new { kind = "webhook", url = hook.Url } },
        });
        var deal = await head.NewDealAsync(pipeline, "Вебхук " + dep.Tag);
        var started = System.Diagnostics.Stopwatch.StartNew();
        await Expect<DealView>(await head.MoveAsync(deal, pipeline.Stages[1].Id), HttpStatusCode.OK);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(3), "the move waited for the webhook");

        async Task<AutomationWebhook?> Call(Func<AutomationWebhook, bool> done)
        {
            await using var db = app.OpenDb();
            var firing = await db.Set<AutomationFiring>().AsNoTracking().FirstOrDefaultAsync(f => f.RuleId == rule.Id);
            var call = firing is null ? null : await db.Set<AutomationWebhook>().AsNoTracking().FirstOrDefaultAsync(w => w.FiringId == firing.Id);
            return call is not null && done(call) ? call : null;
        }
        // The engine's pass, the send and its timeout: under a full test run's load this has taken over 30 s.
        var failed = await Eventually.Until(() => Call(w => w.Attempts == 1), "the first attempt to time out", seconds: 120);
        Assert.Null(failed.SentAt);
        Assert.Contains("timeout", failed.LastError);
        var pause = failed.NextAttemptAt - app.Clock.GetUtcNow().UtcDateTime;
        Assert.InRange(pause, TimeSpan.FromSeconds(40), TimeSpan.FromMinutes(1));

        // The minute passes (moved in the row, not on the clock Quartz schedules by); the receiver answers in time now.
        hook.Slow = false;
        await using (var db = app.OpenDb())
            await db.Set<AutomationWebhook>().Where(w => w.Id == failed.Id)
                .ExecuteUpdateAsync(u => u.SetProperty(w => w.NextAttemptAt, app.Clock.GetUtcNow().UtcDateTime));
        var sent = await Eventually.Until(() => Call(w => w.SentAt != null), "the second attempt to go through", seconds: 120);
        Assert.Equal(2, sent.Attempts);
        Assert.Equal(deal.Id, (await hook.NextAsync()).GetProperty("dealId").GetInt64());
        var line = Assert.Single(await head.GetJson<List<FiringView>>($"/api/v1/automation/log?dealId={deal.Id}"), f => f.RuleId == rule.Id);
        Assert.Equal("done", line.Status);
        Assert.Contains("webhook sent (attempt 2)", line.Result);
    }

    [Fact]
    public async Task A_rule_loop_is_stopped_after_a_bounded_chain_with_an_error_in_the_log()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var pipeline = await head.NewPipelineAsync("simple");
        var a = pipeline.Stage("Выявление потребности");
        var b = pipeline.Stage("КП отправлено");
        var forth = await NewRuleAsync(head, new
        {
            name = "Вперёд", pipelineId = pipeline.Id, trigger = "deal_entered", stageId = a.Id, actions = new[] { new { kind = "move", stageId = b.Id } },
        });
        var back = await NewRuleAsync(head, new
        {
            name = "Назад", pipelineId = pipeline.Id, trigger = "deal_entered", stageId = b.Id, actions = new[] { new { kind = "move", stageId = a.Id } },
        });

        var deal = await head.NewDealAsync(pipeline, "Петля " + dep.Tag, amount: 10_000);
        await Expect<DealView>(await head.MoveAsync(deal, a.Id), HttpStatusCode.OK);

        var stopped = await Eventually.Until(async () => (await FiringsAsync(forth.Id)).Concat(await FiringsAsync(back.Id))
            .FirstOrDefault(f => f.Status == AutomationFiring.Stopped), "the loop to be stopped");
        await SettledAsync(deal.Id);
        var all = (await FiringsAsync(forth.Id)).Concat(await FiringsAsync(back.Id)).OrderBy(f => f.Depth).ToList();
        Assert.Equal(Enumerable.Range(0, AutomationEngine.MaxDepth + 1), all.Select(f => f.Depth));
        Assert.Equal(AutomationEngine.MaxDepth, all.Count(f => f.Status == AutomationFiring.Done));
        Assert.Equal(AutomationEngine.MaxDepth, stopped.Depth);

        var line = (await head.GetJson<List<FiringView>>($"/api/v1/automation/log?dealId={deal.Id}")).Single(f => f.Status == "stopped");
        Assert.Contains("зацикл", line.Result);
        // Every move went through the real use case: one open stage visit, the deal where the last done firing put it.
        await using var db = app.OpenDb();
        var visits = await db.StageVisits.AsNoTracking().Where(v => v.DealId == deal.Id).ToListAsync();
        Assert.Single(visits, v => v.ExitedAt == null);
        Assert.Equal(2 + AutomationEngine.MaxDepth, visits.Count);
        var now = await head.GetJson<DealView>($"/api/v1/deals/{deal.Id}");
        Assert.Equal(visits.Single(v => v.ExitedAt == null).StageId, now.StageId);
    }

    [Fact]
    public async Task A_rule_whose_stage_is_removed_is_switched_off_with_the_reason()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var pipeline = await head.NewPipelineAsync("simple");
        var extra = await Expect<StageView>(await head.PostAsJsonAsync($"/api/v1/pipelines/{pipeline.Id}/stages", new { name = "Пауза " + dep.Tag }),
            HttpStatusCode.Created);
        var rule = await NewRuleAsync(head, new
        {
            name = "В паузу", pipelineId = pipeline.Id, trigger = "deal_left", stageId = pipeline.Stages[0].Id,
            actions = new[] { new { kind = "move", stageId = extra.Id } },
        });
        await Expect<JsonElement>(await head.DeleteAsync($"/api/v1/pipelines/{pipeline.Id}/stages/{extra.Id}"), HttpStatusCode.OK);

        var read = await head.GetJson<RuleView>($"/api/v1/automation/rules/{rule.Id}");
        Assert.Equal(rule.Id, read.Id);
        var off = await Eventually.Until(async () =>
            (await head.GetJson<List<RuleView>>($"/api/v1/automation/rules?pipelineId={pipeline.Id}")).SingleOrDefault(r => r.Id == rule.Id && !r.Enabled),
            "the rule to be switched off");
        Assert.Equal("Выключено: этапа, на который нужно перевести, больше нет.", off.DisabledReason);
        var deal = await head.NewDealAsync(pipeline, "Не в паузу " + dep.Tag);
        await Expect<DealView>(await head.MoveAsync(deal, pipeline.Stages[1].Id), HttpStatusCode.OK);
        await SettledAsync(deal.Id);
        Assert.Empty(await FiringsAsync(rule.Id));

        // Changed through the API: pointed at a stage that is gone it is refused by that field; made whole, it is on again.
        var put = await head.PutAsJsonAsync($"/api/v1/automation/rules/{rule.Id}", new
        {
            name = "В паузу", pipelineId = pipeline.Id, trigger = "deal_left", stageId = pipeline.Stages[0].Id, enabled = true, version = off.Version,
            actions = new[] { new { kind = "move", stageId = extra.Id } },
        });
        Assert.Equal("actions[0].stageId", Assert.Single((await Problem(put, HttpStatusCode.BadRequest)).ErrorFields()));
        var fixedRule = await Expect<RuleView>(await head.PutAsJsonAsync($"/api/v1/automation/rules/{rule.Id}", new
        {
            name = "Ушла с первого этапа", pipelineId = pipeline.Id, trigger = "deal_left", stageId = pipeline.Stages[0].Id, enabled = true,
            version = off.Version, actions = new[] { new { kind = "notify" } },
        }), HttpStatusCode.OK);
        Assert.True(fixedRule.Enabled);
        Assert.Null(fixedRule.DisabledReason);
        await Problem(await head.PutAsJsonAsync($"/api/v1/automation/rules/{rule.Id}", new { name = "x", version = off.Version }), HttpStatusCode.Conflict);
        await Problem(await app.Client((await dep.AddPersonAsync("closer")).Token).PutAsJsonAsync($"/api/v1/automation/rules/{rule.Id}",
            new { name = "x", version = fixedRule.Version }), HttpStatusCode.Forbidden);
        var next = await head.NewDealAsync(pipeline, "Дальше " + dep.Tag);
        await Expect<DealView>(await head.MoveAsync(next, pipeline.Stages[1].Id), HttpStatusCode.OK);
        await SettledAsync(next.Id);
        Assert.Equal([(long?)next.Id], (await FiringsAsync(rule.Id)).Select(f => f.DealId));
    }

    /// <summary>
    /// Quartz schedules by the app's clock, so this test never moves it: the occasions are made in the past instead — a
    /// stage entered, a deal created and a task due days ago, rules switched on before that.
    /// </summary>
    [Fact]
    public async Task Time_triggers_fire_once_per_occasion_stage_time_no_activity_and_overdue_task()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var seller = await dep.AddPersonAsync("closer");
        var sellerClient = app.Client(seller.Token);
        var pipeline = await head.NewPipelineAsync("simple");
        var first = pipeline.Stages[0];
        var quietDeal = await sellerClient.NewDealAsync(pipeline, "Тихая " + dep.Tag);
        var busyDeal = await sellerClient.NewDealAsync(pipeline, "Живая " + dep.Tag);
        var now = app.Clock.GetUtcNow().UtcDateTime;
        await Expect<JsonElement>(await sellerClient.PostAsJsonAsync("/api/v1/activities",
            new { kind = "call", direction = "out", result = "connected", dealId = busyDeal.Id, at = now.AddDays(-1).ToString("o") }), HttpStatusCode.Created);
        await Expect<Otdel.Features.Tasks.TaskView>(await sellerClient.PostAsJsonAsync("/api/v1/tasks",
            new { title = "Позвонить " + dep.Tag, dueAt = now.AddDays(-2).ToString("o"), dealId = quietDeal.Id }), HttpStatusCode.Created);
        await using (var db = app.OpenDb())
        {
            var ids = new[] { quietDeal.Id, busyDeal.Id };
            await db.Deals.Where(d => ids.Contains(d.Id))
                .ExecuteUpdateAsync(u => u.SetProperty(d => d.CreatedAt, now.AddDays(-10)).SetProperty(d => d.StageEnteredAt, now.AddDays(-10)));
        }

        var stay = await NewRuleAsync(head, new
        {
            name = "Долго на этапе", pipelineId = pipeline.Id, trigger = "stage_time", stageId = first.Id, hours = 4, enabled = false,
            actions = new[] { new { kind = "task", to = "boss", hours = 2, text = "Проверить сделку" } },
        });
        var quiet = await NewRuleAsync(head, new
        {
            name = "Тишина", pipelineId = pipeline.Id, trigger = "no_activity", days = 3, enabled = false,
            actions = new[] { new { kind = "notify", to = "owner", text = "Нет активности" } },
        });
        var late = await NewRuleAsync(head, new
        {
            name = "Просрочка задачи", trigger = "task_overdue", enabled = false, actions = new[] { new { kind = "notify", to = "boss" } },
        });
        await using (var db = app.OpenDb())
        {
            var ids = new[] { stay.Id, quiet.Id, late.Id };
            await db.Set<AutomationRule>().Where(r => ids.Contains(r.Id))
                .ExecuteUpdateAsync(u => u.SetProperty(r => r.EnabledAt, now.AddDays(-30)).SetProperty(r => r.IsEnabled, true));
        }

        await Eventually.Until(async () => (await FiringsAsync(stay.Id)).Count == 2 && (await FiringsAsync(quiet.Id)).Count == 1
            && (await FiringsAsync(late.Id)).Count == 1 ? "" : null, "each time rule to fire");
        await Eventually.PassesAsync(app.App, 3);
        Assert.Equal(new[] { busyDeal.Id, quietDeal.Id }.Order(), (await FiringsAsync(stay.Id)).Select(f => f.DealId!.Value).Order());
        Assert.Equal([(long?)quietDeal.Id], (await FiringsAsync(quiet.Id)).Select(f => f.DealId));
        Assert.Equal([(long?)quietDeal.Id], (await FiringsAsync(late.Id)).Select(f => f.DealId));
        await using (var db = app.OpenDb())
        {
            var forBoss = await db.Tasks.AsNoTracking().Where(t => t.AssigneeId == dep.HeadId && t.Title.StartsWith("Проверить сделку")).ToListAsync();
            Assert.Equal(2, forBoss.Count);
            Assert.All(forBoss, t => Assert.Equal(Otdel.Features.Tasks.TaskPriority.High, t.Priority));
            var notes = db.Notifications.AsNoTracking();
            Assert.Single(await notes.Where(n => n.UserId == seller.Id && n.Text == "Нет активности: Тихая " + dep.Tag).ToListAsync());
            Assert.Single(await notes.Where(n => n.UserId == dep.HeadId && n.Text == "Просрочка задачи: Позвонить " + dep.Tag).ToListAsync());
        }
    }

    [Fact]
    public async Task A_lead_from_the_channel_gets_its_owner_a_first_contact_task_once()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var seller = await dep.AddPersonAsync("inbound");
        var expo = await Expect<Otdel.Features.Leads.ChannelView>(await head.PostAsJsonAsync("/api/v1/channels",
            new { name = "Выставка " + dep.Tag, kind = "exhibition", ownerId = seller.Id }), HttpStatusCode.Created);
        var other = await Expect<Otdel.Features.Leads.ChannelView>(await head.PostAsJsonAsync("/api/v1/channels",
            new { name = "Сайт " + dep.Tag, kind = "web_form", ownerId = seller.Id }), HttpStatusCode.Created);
        var rule = await NewRuleAsync(head, new
        {
            name = "Лид с выставки", trigger = "lead_created", channelId = expo.Id,
            actions = new[] { new { kind = "task", to = "owner", hours = 1, text = "Связаться с лидом" } },
        });
        var sellerClient = app.Client(seller.Token);
        var fromExpo = await Expect<JsonElement>(await sellerClient.PostAsJsonAsync("/api/v1/leads",
            new { name = "Пётр " + dep.Tag, email = $"p-{dep.Tag}@lead.test", channelId = expo.Id, allowDuplicate = true }), HttpStatusCode.Created);
        var fromSite = await Expect<JsonElement>(await sellerClient.PostAsJsonAsync("/api/v1/leads",
            new { name = "Анна " + dep.Tag, email = $"a-{dep.Tag}@lead.test", channelId = other.Id, allowDuplicate = true }), HttpStatusCode.Created);
        var leadId = fromExpo.GetProperty("id").GetInt64();

        var firing = await Eventually.Until(async () => (await FiringsAsync(rule.Id)).FirstOrDefault(), "the lead rule to fire");
        await Eventually.PassesAsync(app.App, 3);
        Assert.Equal((long?)leadId, Assert.Single(await FiringsAsync(rule.Id)).LeadId);
        Assert.Equal(AutomationFiring.Done, firing.Status);
        await using var db = app.OpenDb();
        var task = await db.Tasks.AsNoTracking().SingleAsync(t => t.LeadId == leadId);
        Assert.Equal(seller.Id, task.AssigneeId);
        Assert.Equal($"Связаться с лидом: Пётр {dep.Tag}", task.Title);
        Assert.False(await db.Tasks.AnyAsync(t => t.LeadId == fromSite.GetProperty("id").GetInt64()));
    }

    [Fact]
    public async Task Bad_rules_are_refused_naming_each_field_in_the_callers_language_and_sellers_cannot_write()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var pipeline = await head.NewPipelineAsync("simple");
        var other = await head.NewPipelineAsync("simple");
        var problem = await Problem(await head.PostAsJsonAsync("/api/v1/automation/rules", new
        {
            name = "", pipelineId = pipeline.Id, trigger = "deal_entered", stageId = other.Stages[0].Id,
            conditions = new[] { new { field = "amount_min", value = "много" }, new { field = "colour", value = "red" } },
            actions = new object[]
            {
                new { kind = "explode" }, new { kind = "webhook", url = "ftp://example.org" }, new { kind = "move", stageId = other.Stages[1].Id },
            },
        }), HttpStatusCode.BadRequest);
        Assert.Equal(["actions[0].kind", "actions[1].url", "actions[2].stageId", "conditions[0].value", "conditions[1].field", "name", "stageId"],
            problem.ErrorFields().Order());
        Assert.Contains("Этот этап не из выбранной воронки", problem.GetProperty("errors").GetProperty("stageId")[0].GetString());

        var english = app.Client(dep.HeadToken, "en");
        const string Rules = "/api/v1/automation/rules";
        problem = await Problem(await english.PostAsJsonAsync(Rules, new { name = "x", trigger = "stage_time", actions = Array.Empty<object>() }),
            HttpStatusCode.BadRequest);
        Assert.Equal(["actions", "hours", "pipelineId", "stageId"], problem.ErrorFields().Order());
        Assert.Equal("Add at least one action.", problem.GetProperty("errors").GetProperty("actions")[0].GetString());
        problem = await Problem(await english.PostAsJsonAsync(Rules, new { name = "x", trigger = "soon", actions = new[] { new { kind = "notify" } } }),
            HttpStatusCode.BadRequest);
        Assert.Contains("deal_entered", problem.GetProperty("errors").GetProperty("trigger")[0].GetString());
        await Problem(await english.PostAsync(Rules, new StringContent("{\"hours\":\"many\"}", System.Text.Encoding.UTF8, "application/json")),
            HttpStatusCode.BadRequest);

        var seller = await dep.AddPersonAsync("closer");
        await Problem(await app.Client(seller.Token).PostAsJsonAsync("/api/v1/automation/rules", new
        {
            name = "Моё правило", pipelineId = pipeline.Id, trigger = "deal_entered", stageId = pipeline.Stages[1].Id,
            actions = new[] { new { kind = "notify" } },
        }), HttpStatusCode.Forbidden);
        // Reading is everyone's in the department (the head's rules are the department's process).
        await NewRuleAsync(head, new
        {
            name = "Видно всем", pipelineId = pipeline.Id, trigger = "deal_left", stageId = pipeline.Stages[1].Id, actions = new[] { new { kind = "notify" } },
        });
        Assert.Contains(await app.Client(seller.Token).GetJson<List<RuleView>>("/api/v1/automation/rules"), r => r.PipelineId == pipeline.Id);
    }
}

[Collection("automation-sqlite")]
public sealed class AutomationApiTests_Sqlite(AutomationSqliteApp app) : AutomationApiTests(app);

[Collection("automation-postgres")]
public sealed class AutomationApiTests_Postgres(AutomationPostgresApp app) : AutomationApiTests(app);
