using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Platform;

namespace Otdel.Features.Tasks;

/// <summary>/api/v1/tasks: list (by assignee, deal, client, status; keyset pages), read, set, change, complete.</summary>
public static class TasksApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var tasks = api.MapGroup("/tasks").WithTags("Tasks");

        tasks.MapGet("/", async (long? assigneeId, long? dealId, long? clientId, long? leadId, string? status, string? cursor, int? limit,
            TaskList list, References refs, Errors errors, CancellationToken ct) =>
        {
            TaskState? wanted = null;
            if (status is not null)
            {
                wanted = Enum.GetValues<TaskState>().Cast<TaskState?>()
                    .FirstOrDefault(s => string.Equals(SnakeCase.Of(s!.Value.ToString()), status.Trim(), StringComparison.OrdinalIgnoreCase));
                if (wanted is null) errors.Add("status", "Tasks.BadStatus");
            }
            var after = TaskList.ParseCursor(cursor);
            if (cursor is not null && after is null) errors.Add("cursor", "Error.BadValue");
            if (assigneeId is { } a) refs.Owner(a, "assigneeId");
            if (dealId is { } d) await refs.DealAsync(d, "dealId", ct);
            if (clientId is { } c) await refs.ClientAsync(c, "clientId", ct);
            if (leadId is { } l) await refs.LeadAsync(l, "leadId", ct);
            if (errors.Any) return errors.ToFailure().ToResult();
            var page = await list.PageAsync(new(assigneeId, dealId, clientId, wanted) { LeadId = leadId }, after, Math.Clamp(limit ?? 50, 1, 500), ct);
            return Results.Ok(page);
        }).Produces<TaskPage>();

        tasks.MapGet("/{id:long}", async (long id, OtdelDb db, Access access, Problems problems, CancellationToken ct) =>
            await db.Tasks.VisibleTo(access).AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct) is { } t
                ? Results.Ok(TaskView.Of(t, db.UtcNow))
                : problems.NotFound().ToResult()).Produces<TaskView>();

        tasks.MapPost("/", async (TaskInput input, SaveTask save, CancellationToken ct) =>
            (await save.CreateAsync(input, ct)).ToResult(t => Results.Created($"/api/v1/tasks/{t.Id}", t))).Produces<TaskView>(StatusCodes.Status201Created);

        tasks.MapPatch("/{id:long}", async (long id, TaskInput input, SaveTask save, CancellationToken ct) =>
            (await save.UpdateAsync(id, input, input.Sent, ct)).ToResult(Results.Ok)).Produces<TaskView>();

        tasks.MapPost("/{id:long}/complete", async (long id, CompleteInput input, SaveTask save, CancellationToken ct) =>
            (await save.CompleteAsync(id, input, ct)).ToResult(Results.Ok)).Produces<TaskView>();
    }
}
