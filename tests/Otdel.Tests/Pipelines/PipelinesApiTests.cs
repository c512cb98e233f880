using System.Net;
using System.Net.Http.Json;
using Otdel.Features.Pipelines;
using Otdel.Tests.Infrastructure;
using static Otdel.Tests.Deals.DealsTestKit;

namespace Otdel.Tests.Pipelines;

/// <summary>Pipelines, stages and refusal reasons through /api/v1, on both engines.</summary>
public abstract class PipelinesApiTests(TestApp app)
{
    [Fact]
    public async Task The_b2b_template_has_six_stages_eight_steps_in_lead_conversion_and_exit_conditions()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var created = await head.NewPipelineAsync("b2b", "B2B");
        var p = await head.GetJson<PipelineView>($"/api/v1/pipelines/{created.Id}");

        Assert.Equal(["Генерация лидов", "Развитие лидов", "Конверсия лидов", "Исполнение обязательств", "Работа с клиентом", "Ключевые клиенты"],
            p.Stages.Select(s => s.Group).Distinct());
        Assert.Equal(["Квалификация", "Оценка потребности", "Презентация", "Подготовка КП", "Согласование КП", "Договор", "Счёт", "Деньги"],
            p.Stages.Where(s => s.Group == "Конверсия лидов").Select(s => s.Name));
        Assert.Equal(Enumerable.Range(0, 13), p.Stages.Select(s => s.Order));
        Assert.Equal(3, p.Stages.Count(s => s.Kind == StageKind.PostSale));
        Assert.All(p.Stages, s => Assert.False(string.IsNullOrEmpty(s.ExitCriteria)));
        Assert.All(p.Stages, s => Assert.NotNull(s.ResponsiblePosition));
        Assert.Equal("closer", p.Stage("Договор").ResponsiblePosition);
        Assert.True(p.Stages.Zip(p.Stages.Skip(1)).All(x => x.First.Probability <= x.Second.Probability));

        Assert.Contains(p.Stage("Генерация лидов").ExitConditions, c => c is { Kind: ConditionKind.Field, Field: "icp_match", Value: "да" });
        Assert.Equal(["need", "decision_maker"], p.Stage("Развитие лидов").ExitConditions.Select(c => c.Field));
        Assert.Contains(p.Stage("Подготовка КП").ExitConditions, c => c is { Kind: ConditionKind.Document, DocumentKind: "proposal" });
        Assert.Contains(p.Stage("Договор").ExitConditions, c => c is { Kind: ConditionKind.Document, DocumentKind: "signed_contract" });
        Assert.Contains(p.Stage("Счёт").ExitConditions, c => c is { Kind: ConditionKind.Field, Field: "invoice_number" });
        Assert.Contains(p.Stage("Деньги").ExitConditions, c => c is { Kind: ConditionKind.Field, Field: "paid_amount" });
        Assert.Contains(p.Fields, f => f.Key == "decision_maker" && f.Label == "ЛПР");
        Assert.Single(p.LossReasons, r => r.IsOther);
        Assert.Equal(HandoffRule.RoundRobin, p.HandoffRule);

        var list = await head.GetJson<List<PipelineView>>("/api/v1/pipelines");
        Assert.Contains(list, x => x.Id == p.Id && x.Stages.Count == 13);
    }

    [Fact]
    public async Task The_simple_template_and_an_empty_pipeline()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var simple = await head.NewPipelineAsync("simple");
        Assert.Equal(5, simple.Stages.Count);
        Assert.All(simple.Stages, s => Assert.Equal(StageKind.Sales, s.Kind));
        Assert.Equal(HandoffRule.KeepOwner, simple.HandoffRule);
        var empty = await Expect<PipelineView>(await head.PostAsJsonAsync("/api/v1/pipelines", new { name = "Пустая" }), HttpStatusCode.Created);
        Assert.Empty(empty.Stages);
        var bad = await Problem(await head.PostAsJsonAsync("/api/v1/pipelines", new { name = "X", template = "b2c" }), HttpStatusCode.BadRequest);
        Assert.Equal(["template"], bad.ErrorFields());
    }

    [Fact]
    public async Task Only_heads_edit_pipelines_and_other_departments_do_not_see_them()
    {
        var dep = await app.NewDepartmentAsync();
        var seller = await dep.AddPersonAsync("closer");
        Assert.Equal(HttpStatusCode.Forbidden, (await app.Client(seller.Token).PostAsJsonAsync("/api/v1/pipelines", new { name = "Моя", template = "simple" })).StatusCode);
        var p = await app.Client(dep.HeadToken).NewPipelineAsync("simple");
        Assert.Equal(HttpStatusCode.OK, (await app.Client(seller.Token).GetAsync($"/api/v1/pipelines/{p.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.Client(seller.Token).PostAsJsonAsync($"/api/v1/pipelines/{p.Id}/stages", new { name = "Ещё" })).StatusCode);
        var stranger = await app.NewDepartmentAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client(stranger.HeadToken).GetAsync($"/api/v1/pipelines/{p.Id}")).StatusCode);
        Assert.DoesNotContain(await app.Client(stranger.HeadToken).GetJson<List<PipelineView>>("/api/v1/pipelines"), x => x.Id == p.Id);
    }

    [Fact]
    public async Task Stages_are_added_changed_and_reordered()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var p = await head.NewPipelineAsync("simple");
        var added = await Expect<StageView>(await head.PostAsJsonAsync($"/api/v1/pipelines/{p.Id}/stages", new
        {
            name = "Демонстрация", order = 1, probability = 20, timeLimitHours = 16, responsiblePosition = "closer", handoffRule = "least_loaded",
            exitConditions = new object[] { new { kind = "field", field = "need" }, new { kind = "approval", position = "finance" } },
        }), HttpStatusCode.Created);
        Assert.Equal(1, added.Order);
        Assert.Equal(HandoffRule.LeastLoaded, added.HandoffRule);
        var after = await head.GetJson<PipelineView>($"/api/v1/pipelines/{p.Id}");
        Assert.Equal(["Новая заявка", "Демонстрация", "Выявление потребности", "КП отправлено", "Переговоры", "Ожидание оплаты"], after.Stages.Select(s => s.Name));

        var changed = await Expect<StageView>(await head.PutAsJsonAsync($"/api/v1/pipelines/{p.Id}/stages/{added.Id}", new { name = "Демо", order = 5, version = added.Version }), HttpStatusCode.OK);
        Assert.Equal("Демо", changed.Name);
        Assert.Equal(5, changed.Order);
        Assert.Equal(2, changed.ExitConditions.Count);

        var badCondition = await Problem(await head.PutAsJsonAsync($"/api/v1/pipelines/{p.Id}/stages/{added.Id}", new { exitConditions = new object[] { new { kind = "document", documentKind = "selfie" } } }), HttpStatusCode.BadRequest);
        Assert.Equal(["exitConditions[0]"], badCondition.ErrorFields());
        var badPercent = await Problem(await head.PutAsJsonAsync($"/api/v1/pipelines/{p.Id}/stages/{added.Id}", new { probability = 140 }), HttpStatusCode.BadRequest);
        Assert.Equal(["probability"], badPercent.ErrorFields());
        Assert.Equal(HttpStatusCode.Conflict, (await head.PutAsJsonAsync($"/api/v1/pipelines/{p.Id}/stages/{added.Id}", new { name = "Старое", version = added.Version })).StatusCode);
    }

    [Fact]
    public async Task Custom_fields_are_added_typed_and_checked_on_deals()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var p = await head.NewPipelineAsync("simple");
        var field = await Expect<PipelineFieldView>(await head.PostAsJsonAsync($"/api/v1/pipelines/{p.Id}/fields", new { key = "region", label = "Регион", type = "choice", options = "Москва | Урал|Сибирь" }), HttpStatusCode.Created);
        Assert.Equal("Москва|Урал|Сибирь", field.Options);
        Assert.Equal(HttpStatusCode.Conflict, (await head.PostAsJsonAsync($"/api/v1/pipelines/{p.Id}/fields", new { key = "region", label = "Ещё", type = "text" })).StatusCode);
        var bad = await Problem(await head.PostAsJsonAsync($"/api/v1/pipelines/{p.Id}/fields", new { key = "Плохой ключ", label = "", type = "colour" }), HttpStatusCode.BadRequest);
        Assert.Equal(["key", "label", "type"], bad.ErrorFields().Order());
        Assert.Equal(["key"], (await Problem(await head.PutAsJsonAsync($"/api/v1/pipelines/{p.Id}/fields/{field.Id}", new { key = "area" }), HttpStatusCode.BadRequest)).ErrorFields());

        var deal = await head.NewDealAsync(p, "Сделка с регионом", fields: new { region = "Урал" });
        Assert.Equal("Урал", deal.Fields["region"]);
        var wrong = await head.PatchAsJsonAsync($"/api/v1/deals/{deal.Id}", new { fields = new { region = "Марс" }, version = deal.Version });
        Assert.Equal(["fields.region"], (await Problem(wrong, HttpStatusCode.BadRequest)).ErrorFields());
        Assert.Equal(HttpStatusCode.NoContent, (await head.DeleteAsync($"/api/v1/pipelines/{p.Id}/fields/{field.Id}")).StatusCode);
        Assert.DoesNotContain((await head.GetJson<PipelineView>($"/api/v1/pipelines/{p.Id}")).Fields, f => f.Key == "region");
    }

    [Fact]
    public async Task Loss_reasons_are_managed_per_pipeline_and_archived_not_deleted()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var p = await head.NewPipelineAsync("simple");
        var r = await Expect<LossReasonView>(await head.PostAsJsonAsync("/api/v1/loss-reasons", new { pipelineId = p.Id, name = "Ушли к конкуренту по тендеру" }), HttpStatusCode.Created);
        Assert.Equal(p.LossReasons.Count, r.Order);
        var renamed = await Expect<LossReasonView>(await head.PutAsJsonAsync($"/api/v1/loss-reasons/{r.Id}", new { name = "Проиграли тендер" }), HttpStatusCode.OK);
        Assert.Equal("Проиграли тендер", renamed.Name);
        Assert.Equal(["name"], (await Problem(await head.PostAsJsonAsync("/api/v1/loss-reasons", new { pipelineId = p.Id, name = " " }), HttpStatusCode.BadRequest)).ErrorFields());
        Assert.Equal(HttpStatusCode.OK, (await head.DeleteAsync($"/api/v1/loss-reasons/{r.Id}")).StatusCode);
        var list = await head.GetJson<List<LossReasonView>>($"/api/v1/loss-reasons?pipelineId={p.Id}");
        Assert.DoesNotContain(list, x => x.Id == r.Id);
        Assert.Contains(await head.GetJson<List<LossReasonView>>($"/api/v1/loss-reasons?pipelineId={p.Id}&archived=true"), x => x.Id == r.Id && x.IsArchived);
    }
}

[Collection("sqlite")]
public sealed class PipelinesApiTests_Sqlite(SqliteApp app) : PipelinesApiTests(app);

[Collection("postgres")]
public sealed class PipelinesApiTests_Postgres(PostgresApp app) : PipelinesApiTests(app);
