namespace Otdel.Features.Deals;

/// <summary>
/// Told by <see cref="DealChange"/> of a deal's stage change just before it is saved, so a listener (automation's
/// outbox) adds its rows to the same unit of work: they commit with the change or not at all.
/// </summary>
public interface IDealEvents
{
    void StageChanged(Deal deal, long fromStageId);
}
