using Otdel.Data;
using Otdel.Features.Deals;

namespace Otdel.Features.Automation;

/// <summary>How deep in a chain of firings the current scope acts (0: a person's own change).</summary>
public sealed class AutomationScope
{
    public int Depth { get; set; }
}

/// <summary>
/// Records a deal's stage change as two outbox events (left the old stage, entered the new one), and a payment on a deal
/// as one, in the unit of work of the change itself — they commit with it, so a change that happened always has its
/// events and a refused one never.
/// </summary>
public sealed class AutomationOutbox(OtdelDb db, AutomationScope scope) : IDealEvents, Payments.IPaymentEvents
{
    /// <summary>A payment on a deal: one event in the payment's own save, in the stage the deal is in.</summary>
    public void Received(Deal deal, Payments.Payment payment) => db.Set<AutomationEvent>().Add(new()
    {
        Kind = Triggers.PaymentReceived, DealId = deal.Id, PipelineId = deal.PipelineId, StageId = deal.StageId, At = db.UtcNow, Depth = scope.Depth,
    });

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
