using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Platform;

namespace Otdel.Features.Pipelines;

/// <summary>Reads pipelines the caller may use, with stages, refusal reasons and custom fields.</summary>
public sealed class FindPipelines(OtdelDb db, Access access)
{
    public async Task<List<PipelineView>> ListAsync(bool includeArchived = false, CancellationToken ct = default)
    {
        var q = PipelineAccess.Usable(access, db.Pipelines.AsNoTracking().Include(p => p.Stages));
        if (!includeArchived) q = q.Where(p => !p.IsArchived);
        var pipelines = await q.OrderBy(p => p.Name).ThenBy(p => p.Id).ToListAsync(ct);
        var ids = pipelines.Select(p => p.Id).ToList();
        var reasons = (await db.LossReasons.AsNoTracking().Where(r => ids.Contains(r.PipelineId)).ToListAsync(ct)).ToLookup(r => r.PipelineId);
        var fields = (await db.PipelineFields.AsNoTracking().Where(f => ids.Contains(f.PipelineId)).ToListAsync(ct)).ToLookup(f => f.PipelineId);
        return pipelines.Select(p => PipelineView.Of(p, reasons[p.Id], fields[p.Id])).ToList();
    }

    public async Task<PipelineView?> GetAsync(long id, CancellationToken ct = default)
    {
        var p = await db.Pipelines.AsNoTracking().Include(x => x.Stages).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (p is null || !PipelineAccess.CanUse(access, p)) return null;
        var reasons = await db.LossReasons.AsNoTracking().Where(r => r.PipelineId == id).ToListAsync(ct);
        var fields = await db.PipelineFields.AsNoTracking().Where(f => f.PipelineId == id).ToListAsync(ct);
        return PipelineView.Of(p, reasons, fields);
    }
}
