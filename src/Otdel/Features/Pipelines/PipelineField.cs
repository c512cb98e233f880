using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Otdel.Platform;

namespace Otdel.Features.Pipelines;

/// <summary>A custom field of a pipeline's deals: text, number, money, date, choice or user.</summary>
public sealed class PipelineField : Entity, IAudited
{
    public static string AuditName => "pipeline_field";
    public long PipelineId { get; set; }
    /// <summary>Stable key used in deal data and conditions, e.g. "decision_maker".</summary>
    public required string Key { get; set; }
    public required string Label { get; set; }
    public required string Type { get; set; }
    /// <summary>Choices of a "choice" field, separated by '|'.</summary>
    public string? Options { get; set; }
    public int Order { get; set; }

    public static readonly string[] Types = ["text", "number", "money", "date", "choice", "user"];
}

sealed class PipelineFieldConfiguration : IEntityTypeConfiguration<PipelineField>
{
    public void Configure(EntityTypeBuilder<PipelineField> b)
    {
        b.ToTable("pipeline_fields");
        b.Property(x => x.Key).HasMaxLength(60);
        b.Property(x => x.Label).HasMaxLength(200);
        b.Property(x => x.Type).HasMaxLength(10);
        b.Property(x => x.Options).HasMaxLength(2000);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.PipelineId, x.Key }).IsUnique();
        b.HasOne<Pipeline>().WithMany().HasForeignKey(x => x.PipelineId).OnDelete(DeleteBehavior.Cascade);
    }
}
