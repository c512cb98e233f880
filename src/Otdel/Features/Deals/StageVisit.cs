using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Otdel.Features.Organisation;
using Otdel.Features.Pipelines;

namespace Otdel.Features.Deals;

/// <summary>
/// A deal's stay in a stage with one executor: entered, exited, how it left. Re-entering a stage opens a new visit;
/// <see cref="IsFirstEntry"/> marks the first one so the funnel counts each deal once per stage.
/// </summary>
public sealed class StageVisit
{
    public long Id { get; set; }
    public long DealId { get; set; }
    /// <summary>Lets a new deal and its first visit be saved together (one SaveChanges).</summary>
    public Deal? Deal { get; set; }
    public long PipelineId { get; set; }
    public long StageId { get; set; }
    public long ExecutorId { get; set; }
    public DateTime EnteredAt { get; set; }
    public DateTime? ExitedAt { get; set; }
    /// <summary>Elapsed hours of the visit, written at exit so reports need no date arithmetic in SQL.</summary>
    public double? Hours { get; set; }
    /// <summary>"forward", "back", "won", "lost" or "handoff" (owner changed, deal stayed); null while in the stage.</summary>
    public VisitOutcome? Outcome { get; set; }
    public bool IsFirstEntry { get; set; }
    /// <summary>On the first entry: whether the deal ever went on from this stage (forward or won).</summary>
    public bool Advanced { get; set; }
    /// <summary>Why a head let the deal skip this stage's checks, when they did.</summary>
    public string? OverrideReason { get; set; }
    public long? MovedById { get; set; }
}

sealed class StageVisitConfiguration : IEntityTypeConfiguration<StageVisit>
{
    public void Configure(EntityTypeBuilder<StageVisit> b)
    {
        b.ToTable("stage_visits");
        b.Property(x => x.OverrideReason).HasMaxLength(1000);
        b.HasIndex(x => new { x.DealId, x.Id });
        // Time in stage reads a period's exits one stage at a time; the key also serves the stage's foreign key (a stage's
        // history when it is removed). The funnel's index of first entries is declared with the reports.
        b.HasIndex(x => new { x.StageId, x.ExitedAt });
        b.HasOne(x => x.Deal).WithMany().HasForeignKey(x => x.DealId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Stage>().WithMany().HasForeignKey(x => x.StageId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<User>().WithMany().HasForeignKey(x => x.ExecutorId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>How a stage visit ended; stored as the snake_case word (forward, back, won, lost, handoff).</summary>
public enum VisitOutcome { Forward, Back, Won, Lost, Handoff }
