using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Otdel.Features.Automation;

/// <summary>
/// The outbox of deal events: a deal entered or left a stage. Written in the same transaction as the change itself (by
/// <see cref="AutomationOutbox"/> from DealChange's save), so an event exists exactly when the change committed; the
/// engine takes them in order, a batch at a time, and marks the batch done once every matching rule has fired for its events.
/// </summary>
public sealed class AutomationEvent
{
    public long Id { get; set; }
    /// <summary><see cref="Triggers.DealEntered"/> or <see cref="Triggers.DealLeft"/>.</summary>
    public required string Kind { get; set; }
    public long DealId { get; set; }
    public long PipelineId { get; set; }
    public long StageId { get; set; }
    public DateTime At { get; set; }
    /// <summary>How many rule firings led to this event (0: a person's change); bounds loops.</summary>
    public int Depth { get; set; }
    public DateTime? DoneAt { get; set; }
}

sealed class AutomationEventConfiguration : IEntityTypeConfiguration<AutomationEvent>
{
    public void Configure(EntityTypeBuilder<AutomationEvent> b)
    {
        b.ToTable("automation_events");
        b.Property(x => x.Kind).HasMaxLength(20);
        b.HasIndex(x => new { x.DoneAt, x.Id });
        // No foreign key to the deal: the event outlives nothing it needs, and a removed deal's events are simply skipped.
    }
}
