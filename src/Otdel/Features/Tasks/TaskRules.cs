using Otdel.Platform;

namespace Otdel.Features.Tasks;

/// <summary>The words the API takes for a task's kind, priority and status, and the due moment as typed.</summary>
public static class TaskRules
{
    /// <summary>What may come of a call task, as the completion form offers it: Activities' CallResult words, which it checks.</summary>
    public static readonly string[] CallResults = ["connected", "no_answer", "busy", "voicemail", "wrong_number"];

    public const int MaxTitle = 300;
    public const int MaxResult = 2000;
    public const int MaxChecklist = 50;
    public const int MaxChecklistText = 300;
    /// <summary>Room for the largest checklist allowed, as JSON.</summary>
    public const int MaxChecklistJson = 20000;

    public static TaskKind? KindOf(string? word) => Word<TaskKind>(word);
    public static TaskPriority? PriorityOf(string? word) => Word<TaskPriority>(word);

    static T? Word<T>(string? word) where T : struct, Enum =>
        Enum.GetValues<T>().Cast<T?>().FirstOrDefault(v => string.Equals(SnakeCase.Of(v!.Value.ToString()), word?.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// A due moment as UTC: one given with an offset (or Z) as it is; one without, on the reader's wall clock. Null (and
    /// the field refused) for a moment outside the sane range or one the zone skips.
    /// </summary>
    public static DateTime? Due(DateTime value, TimeZoneInfo zone, string field, Errors errors) =>
        LocalTime.ToUtc(value, zone, field, errors, "Tasks.BadDue");

    /// <summary>Applies the plain fields sent (title, kind, due, priority); references are the use case's.</summary>
    public static bool Apply(WorkTask t, TaskInput input, IReadOnlySet<string> present, TimeZoneInfo zone, Errors errors)
    {
        bool Has(string f) => present.Contains(f);
        if (Has("title"))
        {
            var title = string.IsNullOrWhiteSpace(input.Title) ? null : input.Title.Trim();
            errors.Required("title", title).MaxLength("title", title, MaxTitle);
            if (title is not null && !errors.Any) t.Title = title;
        }
        if (Has("kind"))
        {
            if (input.Kind is null) t.Kind = TaskKind.Task;
            else if (KindOf(input.Kind) is { } k) t.Kind = k;
            else errors.Add("kind", "Tasks.BadKind");
        }
        if (Has("priority"))
        {
            if (input.Priority is null) t.Priority = TaskPriority.Normal;
            else if (PriorityOf(input.Priority) is { } p) t.Priority = p;
            else errors.Add("priority", "Tasks.BadPriority");
        }
        if (Has("checklist"))
        {
            // A step sent as null (or without its text) is an empty step, refused like one.
            var items = (input.Checklist ?? []).Select(i => new ChecklistItem((i?.Text as string)?.Trim() ?? "", i?.Done ?? false)).ToList();
            if (items.Count > MaxChecklist) errors.Add("checklist", "Tasks.ChecklistTooLong", MaxChecklist);
            else if (items.Any(i => i.Text.Length == 0)) errors.Add("checklist", "Tasks.ChecklistEmptyItem");
            else if (items.FirstOrDefault(i => i.Text.Length > MaxChecklistText || Inputs.HasControlCharacters(i.Text)) is not null)
                errors.Add("checklist", "Tasks.ChecklistItemTooLong", MaxChecklistText);
            else t.Checklist = ChecklistItem.Write(items);
        }
        if (Has("dueAt"))
        {
            if (input.DueAt is not { } due) errors.Add("dueAt", "Error.Required");
            else if (Due(due, zone, "dueAt", errors) is { } utc) t.DueAt = utc;
        }
        if (Has("repeat") && !errors.Any)
        {
            var dueDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(t.DueAt, zone));
            if (input.Repeat is null) t.Repeat = null;
            else if (TaskRepeat.Checked(input.Repeat, dueDay, errors) is { } r) t.Repeat = TaskRepeat.Write(r);
        }
        return !errors.Any;
    }
}
