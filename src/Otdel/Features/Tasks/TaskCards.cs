using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Platform;

namespace Otdel.Features.Tasks;

/// <summary>A task line of a card: the due moment already in the reader's zone.</summary>
public sealed record TaskLine(
    long Id, string Title, TaskKind Kind, TaskPriority Priority, string Due, bool Overdue, long? DealId, string? DealTitle, int Version)
{
    public IReadOnlyList<ChecklistItem> Checklist { get; init; } = [];
    public TaskRepeat? Repeat { get; init; }
    /// <summary>Whose task it is, on the list of tasks one set for others.</summary>
    public string? AssigneeName { get; init; }
}

/// <summary>The «Задачи» card of a deal page, or «Задачи на сегодня» of My day; what was typed and refused, if anything.</summary>
public sealed record TasksCard(long? DealId, IReadOnlyList<TaskLine> Tasks, bool CanAdd)
{
    public Failure? Failure { get; init; }
    public string? Title { get; init; }
    public string? Kind { get; init; }
    public string? Due { get; init; }
    public string? Repeat { get; init; }
    public bool WorkingDaysOnly { get; init; }
    /// <summary>The task whose checklist was just ticked: shown open.</summary>
    public long? Opened { get; init; }
    public string? Done { get; init; }
    public string? Priority { get; init; }
    public long? AssigneeId { get; init; }
    /// <summary>My day's form: who the caller may set a task for — themself first, then the people they manage.</summary>
    public IReadOnlyList<(long Id, string Name)> Assignees { get; init; } = [];
    /// <summary>My day: open tasks the caller set for others, earliest due first (a boss's «поручено мной»).</summary>
    public IReadOnlyList<TaskLine> SetForOthers { get; init; } = [];
}

/// <summary>Reads the task cards the pages show, through the tasks' visibility rule, times in the reader's zone.</summary>
public sealed class TaskCards(OtdelDb db, Access access, LocalTime local)
{
    public const int MaxLines = 50;

    /// <summary>A deal's open tasks by due moment; null when the caller does not see the deal.</summary>
    public async Task<TasksCard?> OfDealAsync(long dealId, CancellationToken ct = default)
    {
        var deal = await db.Deals.ReadableBy(access).AsNoTracking().Where(d => d.Id == dealId).Select(d => new { d.Id }).FirstOrDefaultAsync(ct);
        if (deal is null) return null;
        var canAdd = await db.Deals.VisibleTo(access).AnyAsync(d => d.Id == dealId, ct);
        var now = db.UtcNow;
        var rows = await db.Tasks.VisibleTo(access).AsNoTracking().Where(t => t.DealId == dealId && t.DoneAt == null)
            .OrderBy(t => t.DueAt).ThenBy(t => t.Id).Take(MaxLines).ToListAsync(ct);
        return new TasksCard(dealId, rows.Select(t => Line(t, now, null)).ToList(), canAdd);
    }

    /// <summary>The caller's own open tasks due by the end of their today (overdue ones first, as they are earliest).</summary>
    public async Task<TasksCard> TodayAsync(CancellationToken ct = default)
    {
        var now = db.UtcNow;
        var me = access.UserId;
        var end = EndOfToday(now);
        var rows = await db.Tasks.AsNoTracking().Where(t => t.AssigneeId == me && t.DoneAt == null && t.DueAt < end)
            .OrderBy(t => t.DueAt).ThenBy(t => t.Id).Take(MaxLines).ToListAsync(ct);
        var dealIds = rows.Where(t => t.DealId != null).Select(t => t.DealId!.Value).Distinct().ToList();
        var titles = await db.Deals.ReadableBy(access).AsNoTracking().Where(d => dealIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.Title, ct);
        var given = await db.Tasks.AsNoTracking().Where(t => t.AuthorId == me && t.AssigneeId != me && t.DoneAt == null)
            .OrderBy(t => t.DueAt).ThenBy(t => t.Id).Take(MaxLines)
            .Join(db.Users, t => t.AssigneeId, u => u.Id, (t, u) => new { Task = t, u.FullName }).ToListAsync(ct);
        return new TasksCard(null, rows.Select(t => Line(t, now, t.DealId is { } d ? titles.GetValueOrDefault(d) : null)).ToList(), true)
        {
            Assignees = await AssigneesAsync(ct),
            SetForOthers = given.Select(g => Line(g.Task, now, null) with { AssigneeName = g.FullName }).ToList(),
        };
    }

    /// <summary>The caller, then the active people whose records they manage (a director: their department's), by name.</summary>
    async Task<IReadOnlyList<(long Id, string Name)>> AssigneesAsync(CancellationToken ct)
    {
        var me = access.UserId;
        var q = db.Users.AsNoTracking().Where(u => u.IsActive && u.Id != me);
        if (access.VisibleUserIds is { } ids)
        {
            var list = ids.ToList();
            q = q.Where(u => EF.Parameter(list).Contains(u.Id));
        }
        else q = q.Where(u => u.DepartmentId == access.User!.DepartmentId);
        var others = await q.OrderBy(u => u.FullName).Take(300).Select(u => new { u.Id, u.FullName }).ToListAsync(ct);
        var self = await db.Users.Where(u => u.Id == me).Select(u => u.FullName).FirstAsync(ct);
        return others.Select(u => (u.Id, u.FullName)).Prepend((me, self)).ToList();
    }

    /// <summary>The first moment after the reader's today, UTC.</summary>
    public DateTime EndOfToday(DateTime utcNow)
    {
        var wall = TimeZoneInfo.ConvertTimeFromUtc(utcNow, local.Zone);
        return TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(wall.Date.AddDays(1), DateTimeKind.Unspecified), local.Zone);
    }

    TaskLine Line(WorkTask t, DateTime now, string? dealTitle) =>
        new(t.Id, t.Title, t.Kind, t.Priority, local.Show(t.DueAt), t.IsOverdue(now), t.DealId, dealTitle, t.Version)
        {
            Checklist = ChecklistItem.Read(t.Checklist), Repeat = TaskRepeat.Read(t.Repeat),
        };
}
