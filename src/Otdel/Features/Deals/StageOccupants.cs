using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Features.Pipelines;

namespace Otdel.Features.Deals;

/// <summary>The deals side of removing a stage: counts, and moving everything that lives in it to another stage.</summary>
public sealed class StageOccupants(OtdelDb db) : IStageOccupants
{
    public async Task<Dictionary<long, int>> DealCountsAsync(IReadOnlyCollection<long> stageIds, CancellationToken ct) =>
        await db.Deals.AsNoTracking().Where(d => stageIds.Contains(d.StageId)).GroupBy(d => d.StageId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);

    public Task<bool> HasHistoryAsync(long stageId, CancellationToken ct) => db.StageVisits.AnyAsync(v => v.StageId == stageId, ct);

    public async Task MoveAllAsync(long pipelineId, long fromStageId, long toStageId, CancellationToken ct)
    {
        // A deal that already had a first entry in the target keeps that one as its first.
        await db.StageVisits.Where(v => v.StageId == fromStageId && v.IsFirstEntry && db.StageVisits.Any(w => w.DealId == v.DealId && w.StageId == toStageId && w.IsFirstEntry))
            .ExecuteUpdateAsync(s => s.SetProperty(v => v.IsFirstEntry, false), ct);
        await db.StageVisits.Where(v => v.StageId == fromStageId).ExecuteUpdateAsync(s => s.SetProperty(v => v.StageId, toStageId), ct);
        await db.Handoffs.Where(h => h.StageId == fromStageId).ExecuteUpdateAsync(s => s.SetProperty(h => h.StageId, toStageId), ct);
        await db.Deals.Where(d => d.LostAtStageId == fromStageId).ExecuteUpdateAsync(s => s.SetProperty(d => d.LostAtStageId, toStageId), ct);
        var moved = await db.Deals.Where(d => d.StageId == fromStageId)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.StageId, toStageId).SetProperty(d => d.Version, d => d.Version + 1), ct);
        // The deals moved by bulk SQL: recount the board's totals of this pipeline.
        if (moved > 0) await Board.StageTotals.RebuildAsync(db, pipelineId, ct);
    }
}
