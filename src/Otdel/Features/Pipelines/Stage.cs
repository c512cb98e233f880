using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Otdel.Features.Organisation;
using Otdel.Platform;

namespace Otdel.Features.Pipelines;

/// <summary>
/// A board column: a step of the process. <see cref="Group"/> is the seed-level stage (стадия) it belongs to;
/// the descriptive fields are the seed's stage table, the conditions are what the system checks.
/// </summary>
public sealed class Stage : Entity, IAudited
{
    public static string AuditName => "stage";
    public long PipelineId { get; set; }
    public required string Name { get; set; }
    public string? Group { get; set; }
    public int Order { get; set; }
    /// <summary>Sales stages hold open deals; post-sale stages hold won deals being serviced (fulfilment, farming, KAM).</summary>
    public StageKind Kind { get; set; } = StageKind.Sales;
    /// <summary>Win probability in percent, for weighted forecasts.</summary>
    public int Probability { get; set; }
    /// <summary>Time limit in working hours; null means no limit.</summary>
    public int? TimeLimitHours { get; set; }
    /// <summary>Expected share (percent) of deals that go on from this stage; the funnel's bottleneck is measured against it.</summary>
    public int? NormConversion { get; set; }
    public Position? ResponsiblePosition { get; set; }
    /// <summary>Overrides the pipeline's handoff rule for this stage.</summary>
    public HandoffRule? HandoffRule { get; set; }
    /// <summary>The person deals are handed to under the "named person" rule.</summary>
    public long? HandoffUserId { get; set; }
    public List<Condition> EntryConditions { get; set; } = [];
    public List<Condition> ExitConditions { get; set; } = [];
    public string? EntryCriteria { get; set; }
    public string? ExitCriteria { get; set; }
    public string? Tasks { get; set; }
    public string? Actions { get; set; }
    public string? KeySuccessFactor { get; set; }
    /// <summary>Human description of the CRM requirements; the checkable part is in the conditions.</summary>
    public string? CrmRequirements { get; set; }
}

public enum StageKind { Sales, PostSale }

sealed class StageConfiguration : IEntityTypeConfiguration<Stage>
{
    public void Configure(EntityTypeBuilder<Stage> b)
    {
        b.ToTable("stages");
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.Group).HasMaxLength(200);
        b.Property(x => x.EntryConditions).HasConversion(Condition.ListConverter, Condition.ListComparer).HasMaxLength(4000);
        b.Property(x => x.ExitConditions).HasConversion(Condition.ListConverter, Condition.ListComparer).HasMaxLength(4000);
        foreach (var text in new[] { nameof(Stage.EntryCriteria), nameof(Stage.ExitCriteria), nameof(Stage.Tasks), nameof(Stage.Actions), nameof(Stage.KeySuccessFactor), nameof(Stage.CrmRequirements) })
            b.Property(text).HasMaxLength(2000);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.PipelineId, x.Order });
        b.HasOne<User>().WithMany().HasForeignKey(x => x.HandoffUserId).OnDelete(DeleteBehavior.SetNull);
    }
}
