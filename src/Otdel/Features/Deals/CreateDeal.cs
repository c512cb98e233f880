using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Features.Clients;
using Otdel.Features.Pipelines;
using Otdel.Platform;

namespace Otdel.Features.Deals;

/// <summary>
/// Opens a deal in a pipeline (at its first stage unless told otherwise), owned by the caller or by someone they see.
/// Starting past the first stage passes the earlier stages' exit checks, except for a head bringing in a running deal.
/// </summary>
public sealed class CreateDeal(OtdelDb db, Access access, Errors errors, Problems problems, References refs, DealChange change, DealJourney journey)
{
    public async Task<Outcome<DealView>> Run(DealInput input, CancellationToken ct = default)
    {
        var now = db.UtcNow;
        var deal = new Deal { Title = "", CreatedAt = now, OwnerId = input.OwnerId ?? access.UserId };
        var fieldsOk = DealRules.Apply(deal, input, DealRules.All, errors);
        if (input.PipelineId is null) errors.Add("pipelineId", "Error.Required");
        if (!fieldsOk || errors.Any) return errors.ToFailure();

        var pipeline = await refs.PipelineAsync(input.PipelineId!.Value, "pipelineId", ct);
        if (pipeline is null) return errors.ToFailure();
        var stages = await db.StagesOfAsync(pipeline.Id, ct);
        var sales = stages.Where(s => s.Kind == StageKind.Sales).ToList();
        var stage = input.StageId is { } sid ? stages.FirstOrDefault(s => s.Id == sid) : sales.FirstOrDefault();
        if (stage is null) return problems.Bad("stageId", input.StageId is null ? "Deals.NoStages" : "Deals.StageOtherPipeline");
        if (stage.Kind != StageKind.Sales) return problems.Bad("stageId", "Deals.StartInSales");
        deal.PipelineId = pipeline.Id;

        if (deal.OwnerId != access.UserId && await refs.OwnerAsync(deal.OwnerId, "ownerId", ct) is null) return errors.ToFailure();
        Client? client = null;
        if (input.ClientId is { } clientId && (client = await refs.ClientAsync(clientId, "clientId", ct)) is null) return errors.ToFailure();
        var fieldErrors = await DealRules.CheckFields(db, access, deal, deal.Fields.Keys.ToList(), errors, ct);
        if (fieldErrors) return errors.ToFailure();

        var conditions = stage.EntryConditions.AsEnumerable();
        if (!access.RunsDepartment)
            conditions = conditions.Concat(sales.Where(s => s.Order < stage.Order).SelectMany(s => s.ExitConditions));
        // The same condition check as every change of a deal; a new deal has no override (a head skips the earlier exits).
        var passed = await change.PassAsync(deal, conditions, overrideReason: null, stage, stage.Name);
        if (!passed.Ok) return passed.Failure!;

        if (client is not null)
        {
            deal.ClientId = client.Id;
            deal.ClientName ??= client.Name;
        }
        else if (!string.IsNullOrWhiteSpace(deal.ClientName))
        {
            deal.Client = await FindOrCreateClient.RunAsync(db, access, deal.ClientName, deal.OwnerId, now, ct);
            deal.ClientName = deal.Client.Name;
        }
        DealRules.Index(deal);
        db.Deals.Add(deal);
        journey.Begin(deal, stage, now);
        return await change.SaveAsync(deal, ct);
    }
}
