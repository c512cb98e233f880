using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Otdel.Features.Organisation;
using Otdel.Platform;

namespace Otdel.Features.Pipelines;

/// <summary>A sales process: ordered stages (board columns) that deals move through.</summary>
public sealed class Pipeline : Entity, IAudited
{
    public static string AuditName => "pipeline";
    public required string Name { get; set; }
    public long? DepartmentId { get; set; }
    /// <summary>How a deal entering a stage with a responsible position finds its new owner.</summary>
    public HandoffRule HandoffRule { get; set; } = HandoffRule.RoundRobin;
    /// <summary>The template it was created from ("b2b", "simple") or null.</summary>
    public string? Template { get; set; }
    public bool IsArchived { get; set; }
    public DateTime CreatedAt { get; set; }
    public List<Stage> Stages { get; set; } = [];
}

public enum HandoffRule { KeepOwner, RoundRobin, LeastLoaded, Segment, NamedPerson }

sealed class PipelineConfiguration : IEntityTypeConfiguration<Pipeline>
{
    public void Configure(EntityTypeBuilder<Pipeline> b)
    {
        b.ToTable("pipelines");
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.Template).HasMaxLength(20);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasOne<Department>().WithMany().HasForeignKey(x => x.DepartmentId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(x => x.Stages).WithOne().HasForeignKey(x => x.PipelineId).OnDelete(DeleteBehavior.Cascade);
    }
}
