using Otdel.Platform;

namespace Otdel.Features.Automation;

/// <summary>
/// /api/v1/automation: the rules (list, read, create, change, delete one that never fired) and the log of their firings
/// (newest first; by deal).
/// </summary>
public static class AutomationApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var g = api.MapGroup("/automation").WithTags("Automation");

        g.MapGet("/rules", async (long? pipelineId, SaveRule rules, References refs, Errors errors, CancellationToken ct) =>
        {
            if (pipelineId is { } p && await refs.PipelineAsync(p, "pipelineId", ct) is null) return errors.ToFailure().ToResult();
            return Results.Ok(await rules.ListAsync(pipelineId, ct));
        }).Produces<List<RuleView>>();

        g.MapPost("/rules", async (RuleInput input, SaveRule save, CancellationToken ct) =>
            (await save.CreateAsync(input, ct)).ToResult(r => Results.Created($"/api/v1/automation/rules/{r.Id}", r)))
            .Produces<RuleView>(StatusCodes.Status201Created);

        g.MapGet("/rules/{id:long}", async (long id, SaveRule rules, Problems problems, CancellationToken ct) =>
            await rules.GetAsync(id, ct) is { } r ? Results.Ok(r) : problems.NotFound().ToResult()).Produces<RuleView>();

        // A change sends the whole rule with the version it read; "enabled" switches it on or off.
        g.MapPut("/rules/{id:long}", async (long id, RuleInput input, SaveRule save, CancellationToken ct) =>
            (await save.UpdateAsync(id, input, ct)).ToResult(Results.Ok)).Produces<RuleView>();

        // Only a rule that never fired goes; one with a log is switched off instead (409 says so).
        g.MapDelete("/rules/{id:long}", async (long id, SaveRule save, CancellationToken ct) =>
            await save.DeleteAsync(id, ct) is { } failure ? failure.ToResult() : Results.NoContent())
            .Produces(StatusCodes.Status204NoContent);

        g.MapGet("/log", async (long? dealId, int? limit, AutomationLog log, References refs, Errors errors, CancellationToken ct) =>
        {
            if (dealId is { } d && await refs.DealAsync(d, "dealId", ct) is null) return errors.ToFailure().ToResult();
            return Results.Ok(await log.ReadAsync(null, dealId, limit ?? 100, ct));
        }).Produces<List<FiringView>>();
    }
}
