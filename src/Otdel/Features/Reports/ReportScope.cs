using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Features.Deals;
using Otdel.Platform;

namespace Otdel.Features.Reports;

/// <summary>
/// What a report may count: only deals whose owner the caller sees (a seller gets their own figures).
/// Stage visits carry no owner, so filtering them means a semi-join to deals; when the caller sees every owner
/// the pipeline's deals have (the head of the department, usually) that join is a no-op and is left out, which
/// keeps the funnel an index-only scan at a million deals.
/// </summary>
public sealed class ReportScope(OtdelDb db, Access access)
{
    public IQueryable<Deal> Deals(long pipelineId) =>
        db.Deals.VisibleTo(access).AsNoTracking().Where(d => d.PipelineId == pipelineId);

    public async Task<IQueryable<StageVisit>> VisitsAsync(long pipelineId, CancellationToken ct)
    {
        var visits = db.StageVisits.AsNoTracking().Where(v => v.PipelineId == pipelineId);
        if (await SeesEveryOwnerOfAsync(pipelineId, ct)) return visits;
        var visible = db.Deals.VisibleTo(access).AsNoTracking();
        return visits.Where(v => visible.Any(d => d.Id == v.DealId));
    }

    /// <summary>Whether the caller sees every owner of the pipeline's deals, so an owner filter would drop nothing.</summary>
    public Task<bool> SeesEveryOwnerOfAsync(long pipelineId, CancellationToken ct = default) =>
        DealOwners.AllVisibleAsync(db, access, pipelineId, ct);
}

/// <summary>Reports-only index: lets <see cref="ReportScope"/> list a pipeline's owners and sellers' reports find their deals.</summary>
sealed class DealReportIndexes : Microsoft.EntityFrameworkCore.IEntityTypeConfiguration<Deal>
{
    public void Configure(Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<Deal> b) =>
        b.HasIndex(x => new { x.PipelineId, x.OwnerId });
}

/// <summary>Reports-only index: the funnel counts each stage's first entries in a period as one covering index range.</summary>
sealed class StageVisitReportIndexes : Microsoft.EntityFrameworkCore.IEntityTypeConfiguration<StageVisit>
{
    public void Configure(Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<StageVisit> b) =>
        b.HasIndex(x => new { x.PipelineId, x.IsFirstEntry, x.StageId, x.EnteredAt, x.Advanced });
}
