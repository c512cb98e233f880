namespace Otdel.Features.Deals.Board;

/// <summary>A deal's next step — its earliest open task — as a card shows it; <c>kind</c> is the task's kind word.</summary>
public sealed record NextStep(long TaskId, string Title, string Kind, DateTime DueAt, bool Urgent, bool Overdue);

/// <summary>
/// The next open task of each of a page of deals, among the tasks the caller sees, in one query (told by Tasks, which
/// depends on Deals; the board asks this instead, so deals without a next step stand out).
/// </summary>
public interface INextSteps
{
    Task<IReadOnlyDictionary<long, NextStep>> OfDealsAsync(IReadOnlyCollection<long> dealIds, CancellationToken ct);
}
