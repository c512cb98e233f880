using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Otdel.Features.Organisation.Pages;
using Otdel.Platform;

namespace Otdel.Features.Tasks.Pages;

/// <summary>
/// The task cards' own address: GET gives a card again (a deal's with <c>dealId</c>, else today's); Add sets a task on a
/// deal for oneself from the short form (due typed дд.мм.гггг чч:мм on the reader's clock); Complete ticks one off
/// with an optional result. htmx swaps the card; a plain post goes back to the page it came from.
/// </summary>
public sealed class CardModel(TaskCards cards, SaveTask save, LocalTime local, Errors errors) : PageModel
{
    public async Task<IActionResult> OnGetAsync(long? dealId, CancellationToken ct) => await CardAsync(dealId, null, ct);

    /// <summary>
    /// A task from a short form: a deal's (for oneself) or My day's (<paramref name="dealId"/> empty: for oneself or one of
    /// the people one manages, with a priority).
    /// </summary>
    public async Task<IActionResult> OnPostAddAsync(long? dealId, string? title, string? kind, string? due, string? repeat, bool workingDays,
        string? priority, long? assigneeId, CancellationToken ct)
    {
        DateTime? at = null;
        if (string.IsNullOrWhiteSpace(due)) errors.Add("dueAt", "Error.Required");
        else if (RuInput.TryParseMoment(due, out var wall)) at = TaskRules.Due(wall, local.Zone, "dueAt", errors);
        else errors.Add("dueAt", "Tasks.BadDue");
        if (string.IsNullOrWhiteSpace(title)) errors.Add("title", "Error.Required");
        Failure? failure = errors.Any ? errors.ToFailure() : null;
        if (failure is null)
        {
            // The short form repeats on the due day's weekday or day of the month (the API's defaults).
            var input = new TaskInput
            {
                Title = title, Kind = string.IsNullOrWhiteSpace(kind) ? null : kind, DueAt = at, DealId = dealId,
                Repeat = string.IsNullOrWhiteSpace(repeat) || repeat == "none" ? null : new TaskRepeat(repeat, WorkingDaysOnly: workingDays),
                Priority = string.IsNullOrWhiteSpace(priority) ? null : priority, AssigneeId = assigneeId,
            };
            var outcome = await save.CreateAsync(input, ct);
            failure = outcome.Failure;
        }
        if (failure is null && !Request.IsHtmx()) return Redirect(dealId is { } back ? $"/deals/{back}#tasks" : "/#tasks");
        if (failure is not null && failure.Status == 404) return NotFound();
        if (failure is not null) Response.RefusedWith(Request, failure);
        return await CardAsync(dealId, card => failure is null
            ? card with { Done = "Tasks.Added" }
            : card with
            {
                Failure = failure,
                Title = title,
                Kind = kind,
                Due = due,
                Repeat = repeat,
                WorkingDaysOnly = workingDays,
                Priority = priority,
                AssigneeId = assigneeId,
            }, ct);
    }

    public async Task<IActionResult> OnPostCompleteAsync(long taskId, long? dealId, string? result, string? callResult, CancellationToken ct)
    {
        var outcome = await save.CompleteAsync(taskId, new CompleteInput(result, CallResult: string.IsNullOrWhiteSpace(callResult) ? null : callResult), ct);
        if (outcome.Failure is { Status: 404 }) return NotFound();
        if (outcome.Ok && !Request.IsHtmx()) return Redirect(dealId is { } d ? $"/deals/{d}#tasks" : "/#tasks");
        if (outcome.Failure is { } f) Response.RefusedWith(Request, f);
        return await CardAsync(dealId, card => outcome.Failure is { } f2 ? card with { Failure = f2 } : card with { Done = "Tasks.Completed" }, ct);
    }

    /// <summary>Ticks (or unticks) one checklist step of a task on a deal's card.</summary>
    public async Task<IActionResult> OnPostStepAsync(long taskId, int step, long? dealId, CancellationToken ct)
    {
        var outcome = await save.TickAsync(taskId, step, ct);
        if (outcome.Failure is { Status: 404 }) return NotFound();
        if (outcome.Ok && !Request.IsHtmx()) return Redirect(dealId is { } d ? $"/deals/{d}#tasks" : "/#tasks");
        if (outcome.Failure is { } f) Response.RefusedWith(Request, f);
        return await CardAsync(dealId, card => outcome.Failure is { } f2 ? card with { Failure = f2 } : card with { Opened = taskId }, ct);
    }

    async Task<IActionResult> CardAsync(long? dealId, Func<TasksCard, TasksCard>? change, CancellationToken ct)
    {
        TasksCard? card = dealId is { } id ? await cards.OfDealAsync(id, ct) : await cards.TodayAsync(ct);
        if (card is null) return NotFound();
        if (change is not null) card = change(card);
        return Partial(dealId is null ? TaskCardViewComponent.TodayView : TaskCardViewComponent.DealView, card);
    }
}
