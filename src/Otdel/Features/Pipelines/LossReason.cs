using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Otdel.Platform;

namespace Otdel.Features.Pipelines;

/// <summary>A refusal reason from the managed list of a pipeline; "other" requires a comment.</summary>
public sealed class LossReason : Entity, IAudited
{
    public static string AuditName => "loss_reason";
    public long PipelineId { get; set; }
    public required string Name { get; set; }
    public bool IsOther { get; set; }
    public int Order { get; set; }
    public bool IsArchived { get; set; }
}

sealed class LossReasonConfiguration : IEntityTypeConfiguration<LossReason>
{
    public void Configure(EntityTypeBuilder<LossReason> b)
    {
        b.ToTable("loss_reasons");
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.PipelineId, x.Order });
        b.HasOne<Pipeline>().WithMany().HasForeignKey(x => x.PipelineId).OnDelete(DeleteBehavior.Cascade);
    }
}
