using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Otdel.Data;

namespace Otdel.Features.Pipelines;

/// <summary>
/// A pipeline's stages as moves and creates read them, kept in memory for a few seconds: every deal move needs the
/// whole stage table (conditions, limits, positions) and it changes rarely. This instance forgets a pipeline as soon
/// as a save touches its stages; other instances sharing the database see an edit within <see cref="Ttl"/>.
/// The stages handed out are shared: read them, never change them (the round-robin cursor is read from the database).
/// </summary>
public sealed class StageCatalog(TimeProvider clock)
{
    public static readonly TimeSpan Ttl = TimeSpan.FromSeconds(15);
    readonly ConcurrentDictionary<long, (DateTime At, IReadOnlyList<Stage> Stages)> cache = new();

    public async Task<IReadOnlyList<Stage>> OfAsync(OtdelDb db, long pipelineId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (cache.TryGetValue(pipelineId, out var hit) && now - hit.At < Ttl) return hit.Stages;
        var stages = await db.Stages.AsNoTracking().Where(s => s.PipelineId == pipelineId).OrderBy(s => s.Order).ThenBy(s => s.Id).ToListAsync(ct);
        cache[pipelineId] = (now, stages);
        return stages;
    }

    public void Forget(IEnumerable<long> pipelineIds)
    {
        foreach (var id in pipelineIds) cache.TryRemove(id, out _);
    }
}
