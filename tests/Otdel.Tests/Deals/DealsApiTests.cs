using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Otdel.Features.Deals;
using Otdel.Features.Pipelines;
using Otdel.Tests.Infrastructure;
using static Otdel.Tests.Deals.DealsTestKit;

namespace Otdel.Tests.Deals;

/// <summary>Deals through /api/v1: conditions, moves, handoffs, losses, wins, access and stage history, on both engines.</summary>
public abstract class DealsApiTests(TestApp app)
{
    const string LeadDev = "Развитие лидов";
    const string Qualification = "Квалификация";

    [Fact]
    public async Task A_move_with_an_unmet_exit_condition_is_refused_then_passes_and_hands_the_deal_to_closers_in_turn()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var hunter = await dep.AddPersonAsync("hunter");
        var closer1 = await dep.AddPersonAsync("closer");
        var closer2 = await dep.AddPersonAsync("closer");
        var p = await head.NewPipelineAsync("b2b");
        var seller = app.Client(hunter.Token);

        var deal = await seller.NewDealAsync(p, "Поставка серверов", p.Stage(LeadDev).Id, fields: new { icp_match = "да" });
        Assert.Equal(hunter.Id, deal.OwnerId);

        var refused = await Problem(await seller.MoveAsync(deal, p.Stage(Qualification).Id), (HttpStatusCode)422);
        var missing = refused.GetProperty("missing").EnumerateArray().ToList();
        Assert.Equal(["need", "decision_maker"], missing.Select(m => m.GetProperty("field").GetString()));
        Assert.Contains(missing, m => m.GetProperty("message").GetString() == "Заполните поле «ЛПР»");
        Assert.Equal(LeadDev, await StageNameOf(deal.Id));

        deal = await seller.PatchFieldsAsync(deal, new { need = "Замена парка серверов", decision_maker = "Иванов И. И., ИТ-директор" });
        var moved = await Expect<DealView>(await seller.MoveAsync(deal, p.Stage(Qualification).Id), HttpStatusCode.OK);
        Assert.Equal(p.Stage(Qualification).Id, moved.StageId);
        Assert.Equal(closer1.Id, moved.OwnerId);

        var second = await seller.NewDealAsync(p, "Поставка СХД", p.Stage(LeadDev).Id, fields: new { icp_match = "да", need = "Хранилище", decision_maker = "Петров" });
        var movedSecond = await Expect<DealView>(await seller.MoveAsync(second, p.Stage(Qualification).Id), HttpStatusCode.OK);
        Assert.Equal(closer2.Id, movedSecond.OwnerId);

        await using var db = app.OpenDb();
        var handoffs = await db.Handoffs.Where(h => h.DealId == deal.Id).ToListAsync();
        Assert.Single(handoffs);
        Assert.Equal((hunter.Id, closer1.Id, HandoffBy.RoundRobin), (handoffs[0].FromUserId, handoffs[0].ToUserId, handoffs[0].Rule));
        var note = await db.Notifications.SingleAsync(n => n.UserId == closer1.Id && n.Kind == "handoff");
        Assert.Contains("Поставка серверов", note.Text);
        Assert.Equal($"/deals/{deal.Id}", note.Link);
        // Once handed over, the hunter still reads the deal they worked on but no longer changes it; the closer does both.
        Assert.Equal(HttpStatusCode.OK, (await seller.GetAsync($"/api/v1/deals/{deal.Id}")).StatusCode);
        var change = await seller.PatchAsJsonAsync($"/api/v1/deals/{deal.Id}", new { title = "Моя", version = moved.Version });
        Assert.Equal(HttpStatusCode.NotFound, change.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Client(closer1.Token).GetAsync($"/api/v1/deals/{deal.Id}")).StatusCode);
    }

    [Fact]
    public async Task Messages_of_unmet_conditions_follow_the_callers_language()
    {
        var dep = await app.NewDepartmentAsync();
        var p = await app.Client(dep.HeadToken).NewPipelineAsync("b2b");
        var hunter = await dep.AddPersonAsync("hunter");
        var en = app.Client(hunter.Token, "en");
        var deal = await en.NewDealAsync(p, "Servers", p.Stage(LeadDev).Id, fields: new { icp_match = "да" });
        var refused = await Problem(await en.MoveAsync(deal, p.Stage(Qualification).Id), (HttpStatusCode)422);
        Assert.Contains(refused.GetProperty("missing").EnumerateArray(), m => m.GetProperty("message").GetString() == "Fill in the field “ЛПР”");
    }

    [Fact]
    public async Task A_stale_move_is_409_with_the_current_stage()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var p = await head.NewPipelineAsync("simple");
        var deal = await head.NewDealAsync(p, "Ремонт офиса");
        var first = await Expect<DealView>(await head.MoveAsync(deal, p.Stages[1].Id), HttpStatusCode.OK);
        var stale = await Problem(await head.MoveAsync(deal, p.Stages[2].Id, deal.Version), HttpStatusCode.Conflict);
        Assert.Equal(p.Stages[1].Id, stale.GetProperty("current").GetProperty("stageId").GetInt64());
        Assert.Equal(p.Stages[1].Id, stale.GetProperty("currentStageId").GetInt64());
        Assert.Equal(first.Version, stale.GetProperty("current").GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Moving_to_another_pipelines_stage_is_400_naming_stageId()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var p = await head.NewPipelineAsync("simple");
        var other = await head.NewPipelineAsync("simple");
        var deal = await head.NewDealAsync(p, "Кондиционеры");
        var problem = await Problem(await head.MoveAsync(deal, other.Stages[1].Id), HttpStatusCode.BadRequest);
        Assert.Equal(["stageId"], problem.ErrorFields());
    }

    [Fact]
    public async Task A_loss_needs_a_reason_other_needs_a_comment_and_a_lost_deal_can_be_reopened()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var p = await head.NewPipelineAsync("b2b");
        var deal = await head.NewDealAsync(p, "Лицензии 1С", p.Stage(Qualification).Id);

        var noReason = await Problem(await head.PostAsJsonAsync($"/api/v1/deals/{deal.Id}/lose", new { comment = "дорого" }), HttpStatusCode.BadRequest);
        Assert.Equal(["reasonId"], noReason.ErrorFields());
        var other = p.LossReasons.Single(r => r.IsOther);
        var noComment = await Problem(await head.PostAsJsonAsync($"/api/v1/deals/{deal.Id}/lose", new { reasonId = other.Id }), HttpStatusCode.BadRequest);
        Assert.Equal(["comment"], noComment.ErrorFields());
        var foreign = (await head.NewPipelineAsync("simple")).LossReasons[0];
        Assert.Equal(["reasonId"], (await Problem(await head.PostAsJsonAsync($"/api/v1/deals/{deal.Id}/lose", new { reasonId = foreign.Id }), HttpStatusCode.BadRequest)).ErrorFields());

        var reasons = await head.GetJson<List<LossReasonView>>($"/api/v1/loss-reasons?pipelineId={p.Id}");
        Assert.Equal(p.LossReasons.Select(r => r.Id), reasons.Select(r => r.Id));
        var lost = await Expect<DealView>(await head.PostAsJsonAsync($"/api/v1/deals/{deal.Id}/lose", new { reasonId = reasons[0].Id, comment = "Выбрали дешевле" }), HttpStatusCode.OK);
        Assert.Equal(DealStatus.Lost, lost.Status);
        Assert.Equal(p.Stage(Qualification).Id, lost.LostAtStageId);
        Assert.Equal(reasons[0].Id, lost.LossReasonId);
        Assert.NotNull(lost.ClosedAt);
        Assert.Equal(HttpStatusCode.BadRequest, (await head.MoveAsync(lost, p.Stages[^4].Id)).StatusCode);

        var reopened = await Expect<DealView>(await head.PostAsJsonAsync($"/api/v1/deals/{deal.Id}/reopen", new { version = lost.Version }), HttpStatusCode.OK);
        Assert.Equal(DealStatus.Open, reopened.Status);
        Assert.Equal(p.Stage(Qualification).Id, reopened.StageId);
        Assert.Null(reopened.ClosedAt);
        Assert.Null(reopened.LossReasonId);
    }

    [Fact]
    public async Task A_win_needs_the_payment_then_goes_to_fulfilment_handed_to_a_farmer()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var farmer = await dep.AddPersonAsync("farmer");
        var p = await head.NewPipelineAsync("b2b");
        var deal = await head.NewDealAsync(p, "Внедрение CRM", p.Stage("Деньги").Id, amount: 1_250_000);

        var refused = await Problem(await head.PostAsJsonAsync($"/api/v1/deals/{deal.Id}/win", new { version = deal.Version }), (HttpStatusCode)422);
        Assert.Equal("paid_amount", refused.GetProperty("missing")[0].GetProperty("field").GetString());
        deal = await head.PatchFieldsAsync(deal, new { paid_amount = "1250000", payment_date = "2026-03-02" });

        var won = await Expect<DealView>(await head.PostAsJsonAsync($"/api/v1/deals/{deal.Id}/win", new { version = deal.Version }), HttpStatusCode.OK);
        Assert.Equal(DealStatus.Won, won.Status);
        Assert.Equal(p.Stage("Исполнение обязательств").Id, won.StageId);
        Assert.Equal(farmer.Id, won.OwnerId);
        Assert.NotNull(won.ClosedAt);
        // Won is terminal for the sale: no way back into sales stages, no loss; on through post-sale stages.
        Assert.Equal(["stageId"], (await Problem(await head.MoveAsync(won, p.Stage("Счёт").Id), HttpStatusCode.BadRequest)).ErrorFields());
        Assert.Equal(HttpStatusCode.BadRequest, (await head.PostAsJsonAsync($"/api/v1/deals/{deal.Id}/lose", new { reasonId = p.LossReasons[0].Id })).StatusCode);
        var managed = await Expect<DealView>(await head.MoveAsync(won, p.Stage("Работа с клиентом").Id), HttpStatusCode.OK);
        Assert.Equal(farmer.Id, managed.OwnerId);

        await using var db = app.OpenDb();
        Assert.Equal(1, await db.Notifications.CountAsync(n => n.UserId == farmer.Id && n.Kind == "handoff"));
        var visits = await db.StageVisits.Where(v => v.DealId == deal.Id).OrderBy(v => v.Id).ToListAsync();
        Assert.Equal([VisitOutcome.Won, VisitOutcome.Forward, null], visits.Select(v => v.Outcome));
        Assert.True(visits[0].Advanced);
        Assert.Equal(farmer.Id, visits[1].ExecutorId);
    }

    [Fact]
    public async Task A_seller_moving_a_deal_they_cannot_see_gets_404()
    {
        var dep = await app.NewDepartmentAsync();
        var p = await app.Client(dep.HeadToken).NewPipelineAsync("simple");
        var a = await dep.AddPersonAsync("closer");
        var b = await dep.AddPersonAsync("closer");
        var deal = await app.Client(a.Token).NewDealAsync(p, "Чужая сделка");
        var intruder = app.Client(b.Token);
        Assert.Equal(HttpStatusCode.NotFound, (await intruder.MoveAsync(deal, p.Stages[1].Id)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await intruder.GetAsync($"/api/v1/deals/{deal.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await intruder.PostAsJsonAsync($"/api/v1/deals/{deal.Id}/lose", new { reasonId = p.LossReasons[0].Id })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await intruder.PatchAsJsonAsync($"/api/v1/deals/{deal.Id}", new { title = "x", version = deal.Version })).StatusCode);
        var page = await intruder.GetJson<DealPage>($"/api/v1/deals?pipelineId={p.Id}");
        Assert.Empty(page.Items);
        Assert.Equal(p.Stages[0].Id, await StageIdOf(deal.Id));
    }

    [Fact]
    public async Task Only_a_head_may_override_conditions_and_the_reason_is_recorded()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var closer = await dep.AddPersonAsync("closer");
        var p = await head.NewPipelineAsync("b2b");
        var deal = await head.NewDealAsync(p, "Срочный тендер", p.Stage(Qualification).Id, ownerId: closer.Id);
        var seller = app.Client(closer.Token);
        Assert.Equal(HttpStatusCode.Forbidden, (await seller.MoveAsync(deal, p.Stage("Оценка потребности").Id, overrideReason: "надо")).StatusCode);
        var moved = await Expect<DealView>(await head.MoveAsync(deal, p.Stage("Оценка потребности").Id, overrideReason: "Тендер, бюджет утверждён приказом"), HttpStatusCode.OK);
        Assert.Equal(p.Stage("Оценка потребности").Id, moved.StageId);

        await using var db = app.OpenDb();
        var left = await db.StageVisits.SingleAsync(v => v.DealId == deal.Id && v.StageId == p.Stage(Qualification).Id);
        Assert.Equal("Тендер, бюджет утверждён приказом", left.OverrideReason);
        Assert.True(await db.Audit.AnyAsync(a => a.Entity == "deal" && a.EntityId == deal.Id && a.Action == "override" && a.NewValue == "Тендер, бюджет утверждён приказом"));
    }

    [Fact]
    public async Task Deleting_a_stage_with_deals_is_refused_with_the_count_unless_they_are_moved()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var p = await head.NewPipelineAsync("simple");
        var gone = p.Stages[1];
        var d1 = await head.NewDealAsync(p, "Раз", gone.Id);
        await head.NewDealAsync(p, "Два", gone.Id);
        var refused = await Problem(await head.DeleteAsync($"/api/v1/pipelines/{p.Id}/stages/{gone.Id}"), HttpStatusCode.Conflict);
        Assert.Contains("2", refused.GetProperty("errors").GetProperty("moveTo")[0].GetString());
        var seller = await dep.AddPersonAsync("closer");
        Assert.Equal(HttpStatusCode.Forbidden, (await app.Client(seller.Token).DeleteAsync($"/api/v1/pipelines/{p.Id}/stages/{gone.Id}?moveTo={p.Stages[0].Id}")).StatusCode);

        var ok = await Expect<JsonElement>(await head.DeleteAsync($"/api/v1/pipelines/{p.Id}/stages/{gone.Id}?moveTo={p.Stages[0].Id}"), HttpStatusCode.OK);
        Assert.Equal(2, ok.GetProperty("movedDeals").GetInt32());
        var after = await head.GetJson<PipelineView>($"/api/v1/pipelines/{p.Id}");
        Assert.DoesNotContain(after.Stages, s => s.Id == gone.Id);
        Assert.Equal(Enumerable.Range(0, after.Stages.Count), after.Stages.Select(s => s.Order));
        var moved = await head.GetJson<DealView>($"/api/v1/deals/{d1.Id}");
        Assert.Equal(p.Stages[0].Id, moved.StageId);
        Assert.True(moved.Version > d1.Version);
        await using var db = app.OpenDb();
        Assert.True(await db.StageVisits.AnyAsync(v => v.DealId == d1.Id && v.StageId == p.Stages[0].Id && v.IsFirstEntry));
    }

    [Fact]
    public async Task The_overdue_watcher_tells_the_owner_and_their_boss_once()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var closer = await dep.AddPersonAsync("closer");
        var p = await head.NewPipelineAsync("b2b");
        var deal = await head.NewDealAsync(p, "Зависшая сделка", p.Stage(Qualification).Id, ownerId: closer.Id);
        Assert.NotNull(deal.StageDueAt);
        Assert.False(deal.IsOverdue);
        var watcher = app.App.Services.GetRequiredService<OverdueWatcher>();
        await watcher.RunOnceAsync();
        await using (var db = app.OpenDb())
            Assert.False(await db.Notifications.AnyAsync(n => n.Kind == "overdue" && n.Link == $"/deals/{deal.Id}"));

        // The app's clock passes the stage's due time; the deal itself is left as the app wrote it.
        app.Clock.Set(new DateTimeOffset(DateTime.SpecifyKind(deal.StageDueAt!.Value, DateTimeKind.Utc)).AddMinutes(1));
        try
        {
            await watcher.RunOnceAsync();
            await watcher.RunOnceAsync();

            await using var check = app.OpenDb();
            var notes = await check.Notifications.Where(n => n.Kind == "overdue" && n.Link == $"/deals/{deal.Id}").ToListAsync();
            Assert.Equal(1, notes.Count(n => n.UserId == closer.Id));
            Assert.Equal(1, notes.Count(n => n.UserId == dep.HeadId));
            Assert.Equal(2, notes.Count);
            Assert.Contains("Зависшая сделка", notes[0].Text);
            Assert.NotNull((await check.Deals.SingleAsync(d => d.Id == deal.Id)).OverdueNotifiedAt);
            Assert.True((await head.GetJson<DealView>($"/api/v1/deals/{deal.Id}")).IsOverdue);
        }
        finally { app.Clock.Reset(); }
        Assert.False((await head.GetJson<DealView>($"/api/v1/deals/{deal.Id}")).IsOverdue);
    }

    [Fact]
    public async Task Stage_visits_follow_the_bookkeeping_rules()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var closer = await dep.AddPersonAsync("closer");
        var p = await head.NewPipelineAsync("simple");
        var s = p.Stages;
        var deal = await head.NewDealAsync(p, "Учёт визитов", amount: 50_000);
        deal = await Expect<DealView>(await head.MoveAsync(deal, s[1].Id), HttpStatusCode.OK);   // forward
        deal = await Expect<DealView>(await head.MoveAsync(deal, s[0].Id), HttpStatusCode.OK);   // back
        deal = await Expect<DealView>(await head.MoveAsync(deal, s[1].Id), HttpStatusCode.OK);   // forward again
        deal = await Expect<DealView>(await head.PatchAsJsonAsync($"/api/v1/deals/{deal.Id}", new { ownerId = closer.Id, version = deal.Version }), HttpStatusCode.OK);
        Assert.Equal(closer.Id, deal.OwnerId);
        deal = await Expect<DealView>(await head.PostAsJsonAsync($"/api/v1/deals/{deal.Id}/lose", new { reasonId = p.LossReasons[0].Id, version = deal.Version }), HttpStatusCode.OK);
        deal = await Expect<DealView>(await head.PostAsync($"/api/v1/deals/{deal.Id}/reopen", null), HttpStatusCode.OK);
        deal = await Expect<DealView>(await head.MoveAsync(deal, s[2].Id), HttpStatusCode.OK);   // forward to "КП отправлено"

        var refused = await Problem(await head.PostAsJsonAsync($"/api/v1/deals/{deal.Id}/win", new { version = deal.Version }), (HttpStatusCode)422);
        Assert.Equal(["proposal", "invoice_number"], refused.GetProperty("missing").EnumerateArray().Select(m => m.GetProperty("field").GetString()));
        var pdf = "%PDF-1.4 КП"u8.ToArray();
        var att = await head.AttachAsync(deal.Id, "proposal", "КП.pdf", pdf);
        Assert.Equal("application/pdf", att.ContentType);
        Assert.Equal(pdf, await head.GetByteArrayAsync($"/api/v1/deals/{deal.Id}/attachments/{att.Id}"));
        deal = await head.PatchFieldsAsync(deal, new { invoice_number = "СЧ-123" });
        deal = await Expect<DealView>(await head.PostAsJsonAsync($"/api/v1/deals/{deal.Id}/win", new { version = deal.Version }), HttpStatusCode.OK);
        Assert.Equal(DealStatus.Won, deal.Status);
        Assert.Null(deal.StageDueAt);

        await using var db = app.OpenDb();
        var v = await db.StageVisits.Where(x => x.DealId == deal.Id).OrderBy(x => x.Id).ToListAsync();
        var h = dep.HeadId;
        var c = closer.Id;
        // (stage, executor, outcome, first entry, advanced)
        var expected = new (long, long, VisitOutcome?, bool, bool)[]
        {
            (s[0].Id, h, VisitOutcome.Forward, true, true),
            (s[1].Id, h, VisitOutcome.Back, true, true),
            (s[0].Id, h, VisitOutcome.Forward, false, false),
            (s[1].Id, h, VisitOutcome.Handoff, false, false),
            (s[1].Id, c, VisitOutcome.Lost, false, false),
            (s[1].Id, c, VisitOutcome.Forward, false, false),
            (s[2].Id, c, VisitOutcome.Won, true, true),
        };
        Assert.Equal(expected, v.Select(x => (x.StageId, x.ExecutorId, x.Outcome, x.IsFirstEntry, x.Advanced)).ToArray());
        Assert.All(v, x => Assert.NotNull(x.ExitedAt));
        Assert.All(v, x => Assert.Equal((x.ExitedAt!.Value - x.EnteredAt).TotalHours, x.Hours!.Value, 6));
        for (var i = 1; i < v.Count; i++)
            if (v[i - 1].Outcome != VisitOutcome.Lost) Assert.Equal(v[i - 1].ExitedAt, v[i].EnteredAt); // a lost deal waits outside any stage until reopened
        Assert.Equal(p.Id, v[0].PipelineId);
        var row = await db.Deals.SingleAsync(x => x.Id == deal.Id);
        Assert.Equal(v[^1].EnteredAt, row.StageEnteredAt);
        var handoff = await db.Handoffs.SingleAsync(x => x.DealId == deal.Id);
        Assert.Equal((h, c, HandoffBy.Manual), (handoff.FromUserId, handoff.ToUserId, handoff.Rule));
        var history = await head.GetJson<DealHistoryView>($"/api/v1/deals/{deal.Id}/history");
        Assert.Equal(7, history.Visits.Count);
        Assert.Single(history.Handoffs);
    }

    [Fact]
    public async Task Deals_are_listed_with_keyset_paging()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var p = await head.NewPipelineAsync("simple");
        var created = new List<long>();
        for (var i = 0; i < 5; i++) created.Add((await head.NewDealAsync(p, $"Сделка {i}")).Id);
        var lost = await Expect<DealView>(await head.PostAsJsonAsync($"/api/v1/deals/{created[4]}/lose", new { reasonId = p.LossReasons[0].Id }), HttpStatusCode.OK);

        var seen = new List<long>();
        long? cursor = null;
        var pages = 0;
        do
        {
            var page = await head.GetJson<DealPage>($"/api/v1/deals?pipelineId={p.Id}&limit=2" + (cursor is null ? "" : $"&cursor={cursor}"));
            Assert.True(page.Items.Count <= 2);
            seen.AddRange(page.Items.Select(d => d.Id));
            cursor = page.NextCursor;
            pages++;
        } while (cursor is not null && pages < 10);
        Assert.Equal(created, seen);
        Assert.Equal(3, pages);
        var open = await head.GetJson<DealPage>($"/api/v1/deals?pipelineId={p.Id}&status=open");
        Assert.Equal(created.Take(4), open.Items.Select(d => d.Id));
        Assert.Null(open.NextCursor);
        Assert.Equal([lost.Id], (await head.GetJson<DealPage>($"/api/v1/deals?pipelineId={p.Id}&status=lost")).Items.Select(d => d.Id));
        Assert.Equal(["status"], (await Problem(await head.GetAsync("/api/v1/deals?status=maybe"), HttpStatusCode.BadRequest)).ErrorFields());
    }

    [Fact]
    public async Task Bad_input_on_create_names_the_fields()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var p = await head.NewPipelineAsync("b2b");
        var res = await head.PostAsJsonAsync("/api/v1/deals", new { title = "", amount = -5, currency = "XXX", pipelineId = p.Id });
        var fields = (await Problem(res, HttpStatusCode.BadRequest)).ErrorFields();
        Assert.Contains("title", fields);
        Assert.Contains("amount", fields);
        Assert.Contains("currency", fields);
        var badField = await head.PostAsJsonAsync("/api/v1/deals", new { title = "X", pipelineId = p.Id, fields = new { no_such = "1", budget = "много" } });
        var errs = (await Problem(badField, HttpStatusCode.BadRequest)).ErrorFields();
        Assert.Contains("fields.no_such", errs);
        Assert.Contains("fields.budget", errs);
        var hunter = await dep.AddPersonAsync("hunter");
        // A seller cannot skip ahead on an empty card by creating a deal in a later stage.
        var skip = await app.Client(hunter.Token).PostAsJsonAsync("/api/v1/deals", new { title = "Пропуск", pipelineId = p.Id, stageId = p.Stage("Договор").Id });
        Assert.Equal((HttpStatusCode)422, skip.StatusCode);
        var badFile = await head.NewDealAsync(p, "Файлы");
        using var form = new MultipartFormDataContent { { new StringContent("proposal"), "kind" }, { new ByteArrayContent([1, 2, 3]), "file", "virus.exe" } };
        Assert.Equal(["file"], (await Problem(await head.PostAsync($"/api/v1/deals/{badFile.Id}/attachments", form), HttpStatusCode.BadRequest)).ErrorFields());
    }

    async Task<long> StageIdOf(long dealId)
    {
        await using var db = app.OpenDb();
        return await db.Deals.Where(d => d.Id == dealId).Select(d => d.StageId).SingleAsync();
    }

    async Task<string> StageNameOf(long dealId)
    {
        await using var db = app.OpenDb();
        return await db.Deals.Where(d => d.Id == dealId).Join(db.Stages, d => d.StageId, s => s.Id, (d, s) => s.Name).SingleAsync();
    }
}

[Collection("sqlite")]
public sealed class DealsApiTests_Sqlite(SqliteApp app) : DealsApiTests(app);

[Collection("postgres")]
public sealed class DealsApiTests_Postgres(PostgresApp app) : DealsApiTests(app);
