using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Otdel.Features.Deals;
using Otdel.Features.Deals.Board;
using Otdel.Features.Pipelines;
using Otdel.Tests.Infrastructure;

namespace Otdel.Tests.Deals;

/// <summary>The board's kept totals must equal what the deals add up to after every kind of change, on both engines.</summary>
public abstract class StageTotalsTests(TestApp app)
{
    [Fact]
    public async Task Totals_follow_creates_moves_amounts_owners_losses_reopens_and_stage_deletion()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var closer = await dep.AddPersonAsync("closer");
        var p = await head.NewPipelineAsync(PipelineTemplates.Simple);
        var stages = p.Stages.OrderBy(s => s.Order).ToList();

        var deals = new List<DealView>();
        for (var i = 0; i < 6; i++)
            deals.Add(await head.NewDealAsync(p, $"Сделка {i}", amount: 1000.50m * (i + 1), ownerId: i % 2 == 0 ? dep.HeadId : closer.Id));
        await Check(p.Id);

        // Back and forth between stages (the head may override the checks of the simple process).
        var moved = await DealsTestKit.Expect<DealView>(await head.MoveAsync(deals[0], stages[1].Id, overrideReason: "тест"), HttpStatusCode.OK);
        moved = await DealsTestKit.Expect<DealView>(await head.MoveAsync(moved, stages[0].Id), HttpStatusCode.OK);
        await DealsTestKit.Expect<DealView>(await head.MoveAsync(deals[1], stages[1].Id, overrideReason: "тест"), HttpStatusCode.OK);
        await Check(p.Id);

        // A new amount and a new owner.
        var d2 = await head.GetJson<DealView>($"/api/v1/deals/{deals[2].Id}");
        await DealsTestKit.Expect<DealView>(await head.PatchAsJsonAsync($"/api/v1/deals/{d2.Id}", new { amount = 77_777.77m, ownerId = closer.Id, version = d2.Version }), HttpStatusCode.OK);
        await Check(p.Id);

        // Lost, then reopened.
        var reasons = await head.GetJson<List<LossReasonView>>($"/api/v1/loss-reasons?pipelineId={p.Id}");
        var d3 = await head.GetJson<DealView>($"/api/v1/deals/{deals[3].Id}");
        var lost = await DealsTestKit.Expect<DealView>(await head.PostAsJsonAsync($"/api/v1/deals/{d3.Id}/lose", new { reasonId = reasons.First(r => !r.IsOther).Id, version = d3.Version }), HttpStatusCode.OK);
        await Check(p.Id);
        await DealsTestKit.Expect<DealView>(await head.PostAsJsonAsync($"/api/v1/deals/{lost.Id}/reopen", new { version = lost.Version }), HttpStatusCode.OK);
        await Check(p.Id);

        // Deleting a stage moves its deals by bulk SQL; the totals are recounted.
        var res = await head.DeleteAsync($"/api/v1/pipelines/{p.Id}/stages/{stages[1].Id}?moveTo={stages[2].Id}");
        Assert.True(res.IsSuccessStatusCode, await res.Content.ReadAsStringAsync());
        await Check(p.Id);
    }

    [Fact]
    public async Task The_board_shows_each_columns_first_page_in_entry_order()
    {
        // Every column's first page comes from one read (a UNION ALL of one keyset page per stage); each column must still
        // hold its own deals, in the order they entered it, and stop at a page.
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var p = await head.NewPipelineAsync(PipelineTemplates.Simple);
        var sales = p.Stages.Where(s => s.Kind == StageKind.Sales).OrderBy(s => s.Order).ToList();
        var first = new List<DealView>();
        for (var i = 0; i < BoardQuery.PageSize + 2; i++) first.Add(await head.NewDealAsync(p, $"Первая {i}"));
        var second = new List<DealView>();
        for (var i = 0; i < 3; i++)
            second.Add(await DealsTestKit.Expect<DealView>(await head.MoveAsync(await head.NewDealAsync(p, $"Вторая {i}"), sales[1].Id, overrideReason: "тест"),
                HttpStatusCode.OK));

        var html = await head.GetStringAsync($"/deals?pipelineId={p.Id}");
        List<long> Cards(long stageId) => System.Text.RegularExpressions.Regex
            .Matches(html, $"data-id=\"(\\d+)\" data-version=\"\\d+\" data-stage-id=\"{stageId}\"")
            .Select(m => long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(first.Take(BoardQuery.PageSize).Select(d => d.Id), Cards(sales[0].Id));
        Assert.Equal(second.Select(d => d.Id), Cards(sales[1].Id));
        Assert.All(sales.Skip(2), s => Assert.Empty(Cards(s.Id)));
    }

    [Fact]
    public async Task Sixteen_sellers_saving_in_one_stage_at_once_leave_exact_totals_and_a_fold_keeps_them()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var p = await head.NewPipelineAsync(PipelineTemplates.Simple);
        // One owner, one stage: before the totals were appended rows, every one of these saves queued on one row's lock.
        var created = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => head.NewDealAsync(p, $"Параллельно {i}", amount: 100m + i)));
        await Task.WhenAll(created.Take(8).Select(d => head.MoveAsync(d, p.Stages.OrderBy(s => s.Order).ElementAt(1).Id, overrideReason: "тест")));
        await Check(p.Id);
    }

    /// <summary>
    /// Compares the kept rows (summed per key, as the board reads them) with a sum over the deals computed here, again
    /// after a fold (which must leave one row per key), and after a rebuild from scratch.
    /// </summary>
    async Task Check(long pipelineId)
    {
        await using var db = app.OpenDb();
        var deals = await db.Deals.AsNoTracking().Where(d => d.PipelineId == pipelineId).ToListAsync();
        var expected = deals.GroupBy(d => (d.StageId, d.OwnerId, d.Status))
            .Select(g => $"{g.Key.StageId}/{g.Key.OwnerId}/{g.Key.Status}: {g.Count()} × {g.Sum(d => d.Amount):0.00}").Order().ToList();
        Assert.Equal(expected, await Rows(db, pipelineId));
        await StageTotals.FoldAsync(db);
        Assert.Equal(expected, await Rows(db, pipelineId));
        var perKey = await db.StageTotals.AsNoTracking().Where(t => t.PipelineId == pipelineId)
            .GroupBy(t => new { t.StageId, t.OwnerId, t.Status }).Select(g => g.Count()).ToListAsync();
        Assert.All(perKey, n => Assert.Equal(1, n));
        await StageTotals.RebuildAsync(db, pipelineId);
        Assert.Equal(expected, await Rows(db, pipelineId));
    }

    static async Task<List<string>> Rows(Otdel.Data.OtdelDb db, long pipelineId) =>
        (await db.StageTotals.AsNoTracking().Where(t => t.PipelineId == pipelineId).ToListAsync())
            .GroupBy(t => (t.StageId, t.OwnerId, t.Status))
            .Select(g => (g.Key, Deals: g.Sum(t => t.Deals), Amount: g.Sum(t => t.Amount))).Where(g => g.Deals != 0)
            .Select(g => $"{g.Key.StageId}/{g.Key.OwnerId}/{g.Key.Status}: {g.Deals} × {g.Amount:0.00}").Order().ToList();
}

[Collection("sqlite")]
public sealed class StageTotalsTests_Sqlite(SqliteApp app) : StageTotalsTests(app);

[Collection("postgres")]
public sealed class StageTotalsTests_Postgres(PostgresApp app) : StageTotalsTests(app);
