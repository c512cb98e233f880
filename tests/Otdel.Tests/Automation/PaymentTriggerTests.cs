using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Otdel.Features.Automation;
using Otdel.Features.Payments;
using Otdel.Tests.Infrastructure;
using static Otdel.Tests.Deals.DealsTestKit;

namespace Otdel.Tests.Automation;

/// <summary>
/// The "payment received" trigger with the engine running, on SQLite and PostgreSQL: every payment is one occasion; a rule
/// with the condition "paid in full" waits for the payment that covers the deal; a rule of a stage hears only payments on
/// deals in that stage; a refused payment (over the amount) raises nothing; a condition value other than true/false is
/// refused by field.
/// </summary>
public abstract class PaymentTriggerTests(TestApp app)
{
    const string Rules = "/api/v1/automation/rules";

    async Task SettledAsync(params long[] dealIds)
    {
        await Eventually.Until(async () =>
        {
            await using var db = app.OpenDb();
            return await db.Set<AutomationEvent>().AnyAsync(e => dealIds.Contains(e.DealId) && e.DoneAt == null) ? null : "";
        }, "the deals' events to be taken");
        await Eventually.PassesAsync(app.App);
    }

    static Task<HttpResponseMessage> PayAsync(HttpClient c, long dealId, decimal amount) =>
        c.PostAsJsonAsync($"/api/v1/deals/{dealId}/payments", new { amount });

    [Fact]
    public async Task Each_payment_fires_once_and_paid_in_full_waits_for_the_last_one()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var seller = await dep.AddPersonAsync("closer");
        var sellerClient = app.Client(seller.Token);
        var pipeline = await head.NewPipelineAsync("simple");
        var second = pipeline.Stages[1];

        var every = await Expect<RuleView>(await head.PostAsJsonAsync(Rules, new
        {
            name = "Спасибо за оплату", pipelineId = pipeline.Id, trigger = "payment_received",
            actions = new[] { new { kind = "notify", to = "owner", text = "Пришли деньги" } },
        }), HttpStatusCode.Created);
        var full = await Expect<RuleView>(await head.PostAsJsonAsync(Rules, new
        {
            name = "Оплачено — в отгрузку", pipelineId = pipeline.Id, trigger = "payment_received",
            conditions = new[] { new { field = "paid_in_full", value = "true" } },
            actions = new[] { new { kind = "task", to = "owner", hours = 4, text = "Согласовать отгрузку" } },
        }), HttpStatusCode.Created);
        var ofStage = await Expect<RuleView>(await head.PostAsJsonAsync(Rules, new
        {
            name = "Оплата на втором этапе", pipelineId = pipeline.Id, trigger = "payment_received", stageId = second.Id,
            actions = new[] { new { kind = "notify", to = "owner" } },
        }), HttpStatusCode.Created);

        var deal = await sellerClient.NewDealAsync(pipeline, "Оплата частями " + dep.Tag, amount: 1_000m);
        await Expect<PaymentView>(await PayAsync(sellerClient, deal.Id, 400m), HttpStatusCode.Created);
        await Problem(await PayAsync(sellerClient, deal.Id, 700m), HttpStatusCode.BadRequest); // over what is left: no event
        await SettledAsync(deal.Id);
        await using (var db = app.OpenDb())
        {
            Assert.Equal(1, await db.Set<AutomationFiring>().CountAsync(f => f.RuleId == every.Id));
            Assert.Equal(0, await db.Set<AutomationFiring>().CountAsync(f => f.RuleId == full.Id));
            Assert.Equal(0, await db.Set<AutomationFiring>().CountAsync(f => f.RuleId == ofStage.Id));
            Assert.Equal(1, await db.Set<AutomationEvent>().CountAsync(e => e.DealId == deal.Id && e.Kind == Triggers.PaymentReceived));
        }

        await Expect<PaymentView>(await PayAsync(sellerClient, deal.Id, 600m), HttpStatusCode.Created);
        await SettledAsync(deal.Id);
        await using (var db = app.OpenDb())
        {
            Assert.Equal(2, await db.Set<AutomationFiring>().CountAsync(f => f.RuleId == every.Id));
            Assert.Equal(1, await db.Set<AutomationFiring>().CountAsync(f => f.RuleId == full.Id));
            var task = await db.Tasks.AsNoTracking().SingleAsync(t => t.DealId == deal.Id);
            Assert.Equal((seller.Id, "Согласовать отгрузку: " + deal.Title), (task.AssigneeId, task.Title));
            Assert.Equal(2, await db.Notifications.CountAsync(n => n.UserId == seller.Id && n.Text.Contains("Пришли деньги")));
        }

        // In the rule's stage: heard by it as well.
        var moved = await sellerClient.NewDealAsync(pipeline, "На втором этапе " + dep.Tag, stageId: second.Id, amount: 500m);
        await Expect<PaymentView>(await PayAsync(sellerClient, moved.Id, 100m), HttpStatusCode.Created);
        await SettledAsync(moved.Id);
        await using (var db = app.OpenDb())
        {
            Assert.Equal(1, await db.Set<AutomationFiring>().CountAsync(f => f.RuleId == ofStage.Id && f.DealId == moved.Id));
            Assert.Equal(0, await db.Set<AutomationFiring>().CountAsync(f => f.RuleId == full.Id && f.DealId == moved.Id));
        }

        var bad = await Problem(await head.PostAsJsonAsync(Rules, new
        {
            name = "Плохое условие", pipelineId = pipeline.Id, trigger = "payment_received",
            conditions = new[] { new { field = "paid_in_full", value = "да" } }, actions = new[] { new { kind = "notify" } },
        }), HttpStatusCode.BadRequest);
        Assert.Contains("true", bad.GetProperty("errors").GetProperty("conditions[0].value")[0].GetString());

        // A rule with a log is switched off, not deleted; one that never fired goes; a seller deletes none.
        var kept = await Problem(await head.DeleteAsync($"{Rules}/{every.Id}"), HttpStatusCode.Conflict);
        Assert.Contains("только выключить", kept.GetProperty("errors").GetProperty("id")[0].GetString());
        await Problem(await sellerClient.DeleteAsync($"{Rules}/{ofStage.Id}"), HttpStatusCode.Forbidden);
        var idle = await Expect<RuleView>(await head.PostAsJsonAsync(Rules, new
        {
            name = "Лишнее", pipelineId = pipeline.Id, trigger = "payment_received", actions = new[] { new { kind = "notify" } },
        }), HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.NoContent, (await head.DeleteAsync($"{Rules}/{idle.Id}")).StatusCode);
        await Problem(await head.GetAsync($"{Rules}/{idle.Id}"), HttpStatusCode.NotFound);
        await Problem(await app.Client((await app.NewDepartmentAsync()).HeadToken).DeleteAsync($"{Rules}/{every.Id}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public void Every_trigger_has_its_name_and_its_sentence_in_both_languages()
    {
        var texts = app.App.Services.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<Otdel.Resources.Text>>();
        var before = System.Globalization.CultureInfo.CurrentUICulture;
        try
        {
            Check(texts);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentUICulture = before;
        }
    }

    static void Check(Microsoft.Extensions.Localization.IStringLocalizer texts)
    {
        foreach (var lang in new[] { "ru-RU", "en-US" })
        {
            System.Globalization.CultureInfo.CurrentUICulture = new System.Globalization.CultureInfo(lang);
            foreach (var trigger in Triggers.All)
            {
                Assert.False(texts["Automation.Trigger." + trigger].ResourceNotFound, $"{lang} Automation.Trigger.{trigger}");
                var sentence = trigger == Triggers.DateReached ? "Automation.When.date_reached.on" : "Automation.When." + trigger;
                Assert.False(texts[sentence].ResourceNotFound, $"{lang} {sentence}");
            }
        }
    }
}

[Collection("automation-sqlite")]
public sealed class PaymentTriggerTests_Sqlite(AutomationSqliteApp app) : PaymentTriggerTests(app);

[Collection("automation-postgres")]
public sealed class PaymentTriggerTests_Postgres(AutomationPostgresApp app) : PaymentTriggerTests(app);
