using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Features.Deals.Board;
using Otdel.Platform;

namespace Otdel.Features.Tasks;

/// <summary>open (not done), done, or overdue (open and past due).</summary>
public enum TaskState { Open, Done, Overdue }

/// <summary>
/// The tasks the caller sees, filtered, by due moment (then id), a page at a time: the cursor is the last row's due
/// moment and id, so a page never repeats or skips a row when tasks are added meanwhile.
/// </summary>
public sealed class TaskList(OtdelDb db, Access access) : INextSteps
{
    public sealed record Filter(long? AssigneeId, long? DealId, long? ClientId, TaskState? Status)
    {
        public long? LeadId { get; init; }
    }

    public async Task<TaskPage> PageAsync(Filter f, (DateTime Due, long Id)? after, int take, CancellationToken ct)
    {
        var now = db.UtcNow;
        var q = Query(f, now);
        if (after is { } c) q = q.Where(t => t.DueAt > c.Due || (t.DueAt == c.Due && t.Id > c.Id));
        var rows = await q.OrderBy(t => t.DueAt).ThenBy(t => t.Id).Take(take + 1).ToListAsync(ct);
        var items = rows.Take(take).Select(t => TaskView.Of(t, now)).ToList();
        return new TaskPage(items, rows.Count > take ? CursorOf(items[^1]) : null);
    }

    public IQueryable<WorkTask> Query(Filter f, DateTime now)
    {
        var q = db.Tasks.VisibleTo(access).AsNoTracking();
        if (f.AssigneeId is { } a) q = q.Where(t => t.AssigneeId == a);
        if (f.DealId is { } d) q = q.Where(t => t.DealId == d);
        if (f.ClientId is { } c) q = q.Where(t => t.ClientId == c);
        if (f.LeadId is { } l) q = q.Where(t => t.LeadId == l);
        q = f.Status switch
        {
            TaskState.Open => q.Where(t => t.DoneAt == null),
            TaskState.Done => q.Where(t => t.DoneAt != null),
            TaskState.Overdue => q.Where(t => t.DoneAt == null && t.DueAt < now),
            _ => q,
        };
        return q;
    }

    public static string CursorOf(TaskView t) => t.DueAt.Ticks.ToString(CultureInfo.InvariantCulture) + "_" + t.Id.ToString(CultureInfo.InvariantCulture);

    public static (DateTime Due, long Id)? ParseCursor(string? text)
    {
        var parts = (text ?? "").Split('_');
        return parts.Length == 2
            && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) && ticks <= DateTime.MaxValue.Ticks
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? (new DateTime(ticks, DateTimeKind.Utc), id) : null;
    }

    /// <summary>
    /// The next open task of each of the given deals (the earliest due) among the tasks the caller sees — one query
    /// for a whole page of cards.
    /// </summary>
    public async Task<IReadOnlyDictionary<long, NextStep>> OfDealsAsync(IReadOnlyCollection<long> dealIds, CancellationToken ct)
    {
        if (dealIds.Count == 0) return new Dictionary<long, NextStep>();
        var ids = dealIds.Distinct().ToList();
        var rows = await db.Tasks.VisibleTo(access).AsNoTracking()
            .Where(t => t.DealId != null && ids.Contains(t.DealId.Value) && t.DoneAt == null)
            .Select(t => new { DealId = t.DealId!.Value, t.Id, t.Title, t.Kind, t.DueAt, t.Priority })
            .ToListAsync(ct);
        var now = db.UtcNow;
        return rows.GroupBy(r => r.DealId).ToDictionary(g => g.Key, g =>
        {
            var r = g.OrderBy(x => x.DueAt).ThenBy(x => x.Id).First();
            return new NextStep(r.Id, r.Title, SnakeCase.Of(r.Kind.ToString()), r.DueAt, r.Priority == TaskPriority.Urgent, r.DueAt < now);
        });
    }
}
