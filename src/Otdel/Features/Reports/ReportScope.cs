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

    /// <summary>
    /// The visits of the pipeline's stages that the caller may count. Chosen by stage, not by the visits' own pipeline
    /// column (a stage belongs to one pipeline): the reports' indexes lead with the stage, so a report reads one index
    /// range per stage and the funnel's count never touches the table.
    /// </summary>
    public async Task<IQueryable<StageVisit>> VisitsAsync(long pipelineId, CancellationToken ct)
    {
        var stageIds = await db.Stages.AsNoTracking().Where(s => s.PipelineId == pipelineId).Select(s => s.Id).ToListAsync(ct);
        var visits = db.StageVisits.AsNoTracking().Where(v => stageIds.Contains(v.StageId));
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

/// <summary>
/// Reports-only index: the funnel counts each stage's first entries in a period as one covering index range. Only first
/// entries are in it, and the stage leads (the pipeline follows from it): a narrower key than (pipeline, first entry,
/// stage, entered, advanced), whose three leading columns had a handful of values — every comparison of its build after
/// a big import ran to the timestamp (issue 10).
/// </summary>
sealed class StageVisitReportIndexes : Microsoft.EntityFrameworkCore.IEntityTypeConfiguration<StageVisit>
{
    public void Configure(Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<StageVisit> b) =>
        b.HasIndex(x => new { x.StageId, x.EnteredAt, x.Advanced }).HasFilter("is_first_entry");
}
