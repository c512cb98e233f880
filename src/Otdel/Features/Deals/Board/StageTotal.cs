using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Otdel.Features.Organisation;
using Otdel.Features.Pipelines;

namespace Otdel.Features.Deals.Board;

/// <summary>
/// How many deals, and for how much, one owner has in one stage with one status. Kept in step with the deals by
/// <see cref="StageTotals"/> inside every save, so the board's column counts and sums read a few hundred rows
/// instead of aggregating 100,000 deals.
/// </summary>
public sealed class StageTotal
{
    public long StageId { get; set; }
    public long OwnerId { get; set; }
    public DealStatus Status { get; set; }
    public long PipelineId { get; set; }
    public long Deals { get; set; }
    public decimal Amount { get; set; }
}

sealed class StageTotalConfiguration : IEntityTypeConfiguration<StageTotal>
{
    public void Configure(EntityTypeBuilder<StageTotal> b)
    {
        b.ToTable("stage_totals");
        b.HasKey(x => new { x.StageId, x.OwnerId, x.Status });
        b.Property(x => x.Amount).HasPrecision(18, 2);
        b.HasIndex(x => new { x.PipelineId, x.Status, x.StageId });
        b.HasOne<Stage>().WithMany().HasForeignKey(x => x.StageId).OnDelete(DeleteBehavior.Cascade);
    }
}
