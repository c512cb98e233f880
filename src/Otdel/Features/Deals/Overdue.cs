namespace Otdel.Features.Deals;

/// <summary>
/// What "overdue" means, once: a deal still being worked — open, or won and being serviced in a post-sale stage
/// (fulfilment and account stages have time limits too) — whose stage's working-time limit has passed. A lost deal, or
/// a won one with no post-sale stage, has no running clock (<see cref="DealJourney.StopClock"/>) and is never overdue.
/// The board, the deal page, My day, the API and the overdue watcher all use these two.
/// </summary>
public static class Overdue
{
    public static bool Is(Deal d, DateTime now) => d.Status != DealStatus.Lost && d.StageDueAt is { } due && due < now;

    public static bool Is(DealStatus status, DateTime? stageDueAt, DateTime now) => status != DealStatus.Lost && stageDueAt is { } due && due < now;

    public static IQueryable<Deal> OverdueAt(this IQueryable<Deal> q, DateTime now) =>
        q.Where(d => d.Status != DealStatus.Lost && d.StageDueAt != null && d.StageDueAt < now);
}
