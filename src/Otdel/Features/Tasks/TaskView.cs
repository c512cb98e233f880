using System.Text.Json;
using Otdel.Platform;

namespace Otdel.Features.Tasks;

/// <summary>A task as the API shows it; <c>overdue</c> is said at the moment of reading.</summary>
public sealed record TaskView(
    long Id, string Title, TaskKind Kind, DateTime DueAt, TaskPriority Priority, long AssigneeId, long AuthorId, long? DealId, long? ClientId,
    bool Done, DateTime? DoneAt, string? Result, bool Overdue, DateTime CreatedAt, int Version)
{
    public long? LeadId { get; init; }
    /// <summary>The steps of the task, in order, each ticked or not (empty when it has none).</summary>
    public IReadOnlyList<ChecklistItem> Checklist { get; init; } = [];
    /// <summary>How it repeats; null for a one-off.</summary>
    public TaskRepeat? Repeat { get; init; }

    public static TaskView Of(WorkTask t, DateTime now) => new(
        t.Id, t.Title, t.Kind, t.DueAt, t.Priority, t.AssigneeId, t.AuthorId, t.DealId, t.ClientId,
        t.DoneAt is not null, t.DoneAt, t.Result, t.IsOverdue(now), t.CreatedAt, t.Version)
    { LeadId = t.LeadId, Checklist = ChecklistItem.Read(t.Checklist), Repeat = TaskRepeat.Read(t.Repeat) };
}

/// <summary>A step of a task's checklist: what to do and whether it is done.</summary>
public sealed record ChecklistItem(string Text, bool Done = false)
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IReadOnlyList<ChecklistItem> Read(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize<List<ChecklistItem>>(json, Json) ?? [];

    public static string? Write(IReadOnlyList<ChecklistItem> items) => items.Count == 0 ? null : JsonSerializer.Serialize(items, Json);
}

/// <summary>What a caller sends to set a task or change one; on PATCH only the fields sent are applied.</summary>
public sealed record TaskInput : SentFields
{
    public string? Title { get; init { field = value; Mark(); } }
    /// <summary>task (the default), call, meeting or email.</summary>
    public string? Kind { get; init { field = value; Mark(); } }
    /// <summary>The due moment: with an offset or Z as given; without one, on the caller's own clock (their time zone).</summary>
    public DateTime? DueAt { get; init { field = value; Mark(); } }
    /// <summary>normal (the default), high or urgent.</summary>
    public string? Priority { get; init { field = value; Mark(); } }
    /// <summary>Whose task it is: the caller (the default) or someone whose records they manage.</summary>
    public long? AssigneeId { get; init { field = value; Mark(); } }
    public long? DealId { get; init { field = value; Mark(); } }
    /// <summary>The client it is about; a task on a deal takes the deal's client when none is named.</summary>
    public long? ClientId { get; init { field = value; Mark(); } }
    /// <summary>The lead it is about (a call to a new lead; completing it counts as the first contact).</summary>
    public long? LeadId { get; init { field = value; Mark(); } }
    /// <summary>The steps, in order (at most 50, each up to 300 characters); sent, it replaces the list; empty or null clears it.</summary>
    public IReadOnlyList<ChecklistItem>? Checklist { get; init { field = value; Mark(); } }
    /// <summary>How it repeats (<see cref="TaskRepeat"/>); null stops a repeat. Completing an occurrence sets the next one.</summary>
    public TaskRepeat? Repeat { get; init { field = value; Mark(); } }
    public int? Version { get; init; }
}

/// <summary>Completing a task: what came of it (optional), with the version read (optional).</summary>
/// <summary>A task done: its result, and for a call task what came of the call (connected, no_answer, busy, voicemail, wrong_number).</summary>
public sealed record CompleteInput(string? Result = null, int? Version = null, string? CallResult = null);

public sealed record TaskPage(IReadOnlyList<TaskView> Items, string? NextCursor);
