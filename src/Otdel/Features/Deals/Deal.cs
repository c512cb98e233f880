using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Otdel.Features.Clients;
using Otdel.Features.Organisation;
using Otdel.Features.Pipelines;
using Otdel.Platform;

namespace Otdel.Features.Deals;

public sealed class Deal : Entity, IAudited
{
    public static string AuditName => "deal";
    public required string Title { get; set; }
    /// <summary>Lower-cased title and client name for the board's quick search.</summary>
    public string SearchKey { get; set; } = "";
    public long? ClientId { get; set; }
    /// <summary>Set when a deal brings a new client, so both are saved together.</summary>
    public Client? Client { get; set; }
    public string? ClientName { get; set; }
    public decimal Amount { get; set; }
    public string Currency { get; set; } = "RUB";
    public long PipelineId { get; set; }
    public long StageId { get; set; }
    public long OwnerId { get; set; }
    public DealStatus Status { get; set; } = DealStatus.Open;
    public DateOnly? ExpectedCloseDate { get; set; }
    public string? Source { get; set; }
    public string? Segment { get; set; }
    /// <summary>Free-text product lines until the catalogue exists.</summary>
    public string? Products { get; set; }
    public int? LeadScore { get; set; }
    /// <summary>Custom field values by key (JSON object of strings).</summary>
    public Dictionary<string, string> Fields { get; set; } = [];
    public DateTime CreatedAt { get; set; }
    public DateTime StageEnteredAt { get; set; }
    /// <summary>When the current stage's working-time limit runs out; null when the stage has none.</summary>
    public DateTime? StageDueAt { get; set; }
    /// <summary>Set when the owner and their boss have been told the deal is overdue in its current stage.</summary>
    public DateTime? OverdueNotifiedAt { get; set; }
    public DateTime? ClosedAt { get; set; }
    public long? LossReasonId { get; set; }
    public string? LossComment { get; set; }
    public long? LostAtStageId { get; set; }
    /// <summary>The deal's id in the system it was imported from.</summary>
    public string? ExternalId { get; set; }
    /// <summary>The import that created it (Import/ImportUndo): undone as a whole while nothing else has changed it.</summary>
    public long? ImportRunId { get; set; }
}

public enum DealStatus { Open, Won, Lost }

sealed class DealConfiguration : IEntityTypeConfiguration<Deal>
{
    public void Configure(EntityTypeBuilder<Deal> b)
    {
        b.ToTable("deals");
        b.Property(x => x.Title).HasMaxLength(300);
        b.Property(x => x.SearchKey).HasMaxLength(700);
        b.Property(x => x.ClientName).HasMaxLength(300);
        b.Property(x => x.Amount).HasPrecision(18, 2);
        b.Property(x => x.Currency).HasMaxLength(3);
        b.Property(x => x.Source).HasMaxLength(100);
        b.Property(x => x.Segment).HasMaxLength(100);
        b.Property(x => x.Products).HasMaxLength(4000);
        b.Property(x => x.LossComment).HasMaxLength(2000);
        b.Property(x => x.ExternalId).HasMaxLength(100);
        b.Property(x => x.Fields).HasConversion(DealFields.Converter, DealFields.Comparer).HasMaxLength(8000);
        b.Property(x => x.Version).IsConcurrencyToken();
        // The board reads a column's first page by (stage, status) in entry order, and sums columns by stage.
        b.HasIndex(x => new { x.StageId, x.Status, x.StageEnteredAt, x.Id });
        // A stage's deals page by id (GET /api/v1/deals?stageId=…): read in order, not sorted from the whole stage.
        b.HasIndex(x => new { x.StageId, x.Id });
        b.HasIndex(x => new { x.OwnerId, x.Status });
        // Overdue deals (a due time before now): only deals with a clock running are in it.
        b.HasIndex(x => new { x.Status, x.StageDueAt }).HasFilter("stage_due_at IS NOT NULL");
        b.HasIndex(x => new { x.PipelineId, x.Status, x.ClosedAt });
        b.HasIndex(x => x.ExternalId);
        b.HasOne(x => x.Client).WithMany().HasForeignKey(x => x.ClientId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<Pipeline>().WithMany().HasForeignKey(x => x.PipelineId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Stage>().WithMany().HasForeignKey(x => x.StageId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<User>().WithMany().HasForeignKey(x => x.OwnerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<LossReason>().WithMany().HasForeignKey(x => x.LossReasonId).OnDelete(DeleteBehavior.Restrict);
    }
}
