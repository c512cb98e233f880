using Otdel.Platform;

namespace Otdel.Features.Automation;

/// <summary>/api/v1/automation: the rules (list, create) and the log of their firings.</summary>
public static class AutomationApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var g = api.MapGroup("/automation").WithTags("Automation");

        g.MapGet("/rules", async (long? pipelineId, SaveRule rules, CancellationToken ct) => Results.Ok(await rules.ListAsync(pipelineId, ct)))
            .Produces<List<RuleView>>();

        g.MapPost("/rules", async (RuleInput input, SaveRule save, CancellationToken ct) =>
            (await save.CreateAsync(input, ct)).ToResult(r => Results.Created($"/api/v1/automation/rules/{r.Id}", r)))
            .Produces<RuleView>(StatusCodes.Status201Created);

        g.MapGet("/log", async (long? ruleId, long? dealId, int? limit, AutomationLog log, CancellationToken ct) =>
            Results.Ok(await log.ReadAsync(ruleId, dealId, limit ?? 100, ct))).Produces<List<FiringView>>();
    }
}
