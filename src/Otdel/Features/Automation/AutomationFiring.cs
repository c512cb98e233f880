using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Otdel.Features.Automation;

/// <summary>
/// One firing of a rule on one record, and its result — the log. (<see cref="RuleId"/>, <see cref="Key"/>) is unique:
/// the key names the occasion (an outbox event, a stage entry, a lead, a task's due moment), so however many instances
/// look at the same occasion, the firing is recorded — and its actions committed — once.
/// </summary>
public sealed class AutomationFiring
{
    public long Id { get; set; }
    public long RuleId { get; set; }
    public required string Key { get; set; }
    public long? DealId { get; set; }
    public long? LeadId { get; set; }
    public long? TaskId { get; set; }
    public DateTime At { get; set; }
    /// <summary>"done", "failed" (an action refused; the reason in <see cref="Result"/>) or "stopped" (a loop).</summary>
    public required string Status { get; set; }
    public string? Result { get; set; }
    public int Depth { get; set; }
    /// <summary>Whom an "assign" action made the owner: the next round-robin turn of the rule starts after them.</summary>
    public long? AssignedToId { get; set; }

    public const string Done = "done";
    public const string Failed = "failed";
    public const string Stopped = "stopped";
}

sealed class AutomationFiringConfiguration : IEntityTypeConfiguration<AutomationFiring>
{
    public void Configure(EntityTypeBuilder<AutomationFiring> b)
    {
        b.ToTable("automation_firings");
        b.Property(x => x.Key).HasMaxLength(100);
        b.Property(x => x.Status).HasMaxLength(10);
        b.Property(x => x.Result).HasMaxLength(2000);
        b.HasIndex(x => new { x.RuleId, x.Key }).IsUnique();
        b.HasIndex(x => new { x.DealId, x.At });
        b.HasIndex(x => x.At);
        b.HasIndex(x => new { x.RuleId, x.Id });
        b.HasOne<AutomationRule>().WithMany().HasForeignKey(x => x.RuleId).OnDelete(DeleteBehavior.Cascade);
    }
}
