using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Platform;

namespace Otdel.Features.Tasks;

/// <summary>
/// Sets a task (for oneself, or for someone whose records one manages — a head for their sellers) and changes one the
/// caller sees (PATCH: only the fields sent, with the version read). A task on a deal takes the deal's client unless
/// one is named. A due moment in the past is accepted: the task is simply overdue. Completing a repeating task sets its
/// next occurrence in the same save (<see cref="TaskRepeat.Next"/>, by the assignee's department's calendar and zone).
/// </summary>
public sealed class SaveTask(OtdelDb db, Access access, Errors errors, Problems problems, References refs, LocalTime local,
    IEnumerable<ITaskCompletion> completions, Plans.Calendars calendars)
{
    public async Task<Outcome<TaskView>> CreateAsync(TaskInput input, CancellationToken ct = default)
    {
        var t = new WorkTask { Title = "", AuthorId = access.UserId, AssigneeId = access.UserId, CreatedAt = db.UtcNow };
        var present = new HashSet<string>(input.Sent, StringComparer.OrdinalIgnoreCase) { "title", "dueAt" };
        TaskRules.Apply(t, input, present, local.Zone, errors);
        if (!await LinksAsync(t, input, present, ct) || errors.Any) return errors.ToFailure();
        db.Tasks.Add(t);
        await db.SaveChangesAsync(ct);
        return TaskView.Of(t, db.UtcNow);
    }

    public async Task<Outcome<TaskView>> UpdateAsync(long id, TaskInput input, IReadOnlySet<string> present, CancellationToken ct = default)
    {
        var t = await db.Tasks.VisibleTo(access).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (t is null) return problems.NotFound();
        if (input.Version is null) return errors.Add("version", "Error.Required").ToFailure();
        if (input.Version != t.Version) return problems.Stale(TaskView.Of(t, db.UtcNow));
        TaskRules.Apply(t, input, present, local.Zone, errors);
        if (!await LinksAsync(t, input, present, ct) || errors.Any) return errors.ToFailure();
        return await SaveAsync(t, ct);
    }

    /// <summary>Completes a task the caller sees, with what came of it; a task already done is refused (409).</summary>
    public async Task<Outcome<TaskView>> CompleteAsync(long id, CompleteInput input, CancellationToken ct = default)
    {
        var t = await db.Tasks.VisibleTo(access).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (t is null) return problems.NotFound();
        if (input.Version is { } v && v != t.Version) return problems.Stale(TaskView.Of(t, db.UtcNow));
        if (t.DoneAt is not null) return problems.Conflict("id", "Tasks.AlreadyDone");
        var result = string.IsNullOrWhiteSpace(input.Result) ? null : input.Result.Trim();
        if (errors.MaxLength("result", result, TaskRules.MaxResult).Any) return errors.ToFailure();
        t.DoneAt = db.UtcNow;
        t.Result = result;
        foreach (var c in completions) await c.CompletedAsync(t, input.CallResult, ct);
        if (errors.Any) return errors.ToFailure();
        if (TaskRepeat.Read(t.Repeat) is { } repeat) db.Tasks.Add(await NextAsync(t, repeat, ct));
        return await SaveAsync(t, ct);
    }

    /// <summary>Ticks a step of the checklist of a task the caller sees, or unticks a ticked one.</summary>
    public async Task<Outcome<TaskView>> TickAsync(long id, int step, CancellationToken ct = default)
    {
        var t = await db.Tasks.VisibleTo(access).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (t is null) return problems.NotFound();
        var items = ChecklistItem.Read(t.Checklist).ToList();
        if (step < 0 || step >= items.Count) return errors.Add("step", "Error.BadValue").ToFailure();
        items[step] = items[step] with { Done = !items[step].Done };
        t.Checklist = ChecklistItem.Write(items);
        return await SaveAsync(t, ct);
    }

    /// <summary>The next occurrence: the same task with its steps unticked, due on the rule's next day at the same time.</summary>
    async Task<WorkTask> NextAsync(WorkTask t, TaskRepeat repeat, CancellationToken ct)
    {
        var department = await db.Users.AsNoTracking().Where(u => u.Id == t.AssigneeId).Select(u => u.DepartmentId).FirstOrDefaultAsync(ct);
        var (calendar, zone) = await calendars.ForDepartmentAsync(department, ct);
        var steps = ChecklistItem.Read(t.Checklist).Select(i => i with { Done = false }).ToList();
        return new WorkTask
        {
            Title = t.Title, Kind = t.Kind, Priority = t.Priority, AssigneeId = t.AssigneeId, AuthorId = t.AuthorId, DealId = t.DealId,
            ClientId = t.ClientId, LeadId = t.LeadId, Checklist = ChecklistItem.Write(steps), Repeat = t.Repeat, CreatedAt = db.UtcNow,
            DueAt = repeat.Next(t.DueAt, zone, calendar.IsWorkingDay, db.UtcNow),
        };
    }

    async Task<bool> LinksAsync(WorkTask t, TaskInput input, IReadOnlySet<string> present, CancellationToken ct)
    {
        if (present.Contains("assigneeId") && input.AssigneeId is { } who && who != t.AssigneeId)
        {
            if (who != access.UserId && await refs.OwnerAsync(who, "assigneeId", ct) is null) return false;
            t.AssigneeId = who;
        }
        if (present.Contains("dealId"))
        {
            if (input.DealId is { } dealId)
            {
                if (await refs.DealAsync(dealId, "dealId", ct) is not { } deal) return false;
                t.DealId = deal.Id;
                if (!present.Contains("clientId")) t.ClientId = deal.ClientId;
            }
            else t.DealId = null;
        }
        if (present.Contains("leadId"))
        {
            if (input.LeadId is { } leadId)
            {
                if (await refs.LeadAsync(leadId, "leadId", ct) is null) return false;
                t.LeadId = leadId;
            }
            else t.LeadId = null;
        }
        if (present.Contains("clientId"))
        {
            if (input.ClientId is { } clientId)
            {
                if (await refs.ClientAsync(clientId, "clientId", ct) is null) return false;
                t.ClientId = clientId;
            }
            else t.ClientId = null;
        }
        return true;
    }

    async Task<Outcome<TaskView>> SaveAsync(WorkTask t, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            var now = await db.Tasks.AsNoTracking().FirstOrDefaultAsync(x => x.Id == t.Id, ct);
            return now is null ? problems.NotFound() : problems.Stale(TaskView.Of(now, db.UtcNow));
        }
        return TaskView.Of(t, db.UtcNow);
    }
}
