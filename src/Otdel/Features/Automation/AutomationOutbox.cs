using Otdel.Data;
using Otdel.Features.Deals;

namespace Otdel.Features.Automation;

/// <summary>How deep in a chain of firings the current scope acts (0: a person's own change).</summary>
public sealed class AutomationScope
{
    public int Depth { get; set; }
}

/// <summary>
/// Records a deal's stage change as two outbox events (left the old stage, entered the new one) in the unit of work
/// of the change itself — they commit with it, so a change that happened always has its events and a refused one never.
/// </summary>
public sealed class AutomationOutbox(OtdelDb db, AutomationScope scope) : IDealEvents
{
    public void StageChanged(Deal deal, long fromStageId)
    {
        var now = db.UtcNow;
        var set = db.Set<AutomationEvent>();
        AutomationEvent Event(string kind, long stageId) =>
            new() { Kind = kind, DealId = deal.Id, PipelineId = deal.PipelineId, StageId = stageId, At = now, Depth = scope.Depth };
        set.Add(Event(Triggers.DealLeft, fromStageId));
        set.Add(Event(Triggers.DealEntered, deal.StageId));
    }
}
