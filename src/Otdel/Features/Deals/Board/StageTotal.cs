using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Otdel.Features.Organisation;
using Otdel.Features.Pipelines;

namespace Otdel.Features.Deals.Board;

/// <summary>
/// A change of how many deals, and for how much, one owner has in one stage with one status. Every save appends its
/// changes as new rows (<see cref="StageTotals"/>) and a background fold sums each key's rows back into one, so the
/// board's column counts and sums read a few hundred rows instead of aggregating 100,000 deals, and concurrent saves
/// in one stage never wait on one row (decision 0008).
/// </summary>
public sealed class StageTotal
{
    public long Id { get; set; }
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
        b.HasKey(x => x.Id);
        b.HasIndex(x => new { x.StageId, x.OwnerId, x.Status });
        b.Property(x => x.Amount).HasPrecision(18, 2);
        b.HasIndex(x => new { x.PipelineId, x.Status, x.StageId });
        b.HasOne<Stage>().WithMany().HasForeignKey(x => x.StageId).OnDelete(DeleteBehavior.Cascade);
    }
}
