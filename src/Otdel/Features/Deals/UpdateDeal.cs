using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Features.Clients;
using Otdel.Platform;

namespace Otdel.Features.Deals;

/// <summary>
/// Changes a deal's details (PATCH-like: only the fields named in <c>present</c>); custom field values are merged.
/// A new owner is a manual handoff: recorded, notified, and a new stage visit for them. Stages change only through moves.
/// </summary>
public sealed class UpdateDeal(OtdelDb db, Access access, DealChange change, Errors errors, Problems problems, References refs, DealJourney journey, Handoffs handoffs)
{
    public async Task<Outcome<DealView>> Run(long id, DealInput input, IReadOnlySet<string> present, CancellationToken ct = default)
    {
        var loaded = await change.LoadAsync(id, input.Version, versionRequired: true, ct);
        if (!loaded.Ok) return loaded.Failure!;
        var deal = loaded.Value!;
        var now = db.UtcNow;
        if (present.Contains("pipelineId")) return problems.Bad("pipelineId", "Deals.UseMove");
        if (present.Contains("stageId")) return problems.Bad("stageId", "Deals.UseMove");

        var before = new Dictionary<string, string>(deal.Fields);
        var clientBefore = deal.ClientName;
        if (!DealRules.Apply(deal, input, present.Where(DealRules.All.Contains).ToHashSet(StringComparer.OrdinalIgnoreCase), errors))
            return errors.ToFailure();
        var changedFields = deal.Fields.Where(kv => !before.TryGetValue(kv.Key, out var old) || old != kv.Value).Select(kv => kv.Key).ToList();
        if (await DealRules.CheckFields(db, access, deal, changedFields, errors, ct)) return errors.ToFailure();

        if (present.Contains("clientId") && input.ClientId is { } clientId)
        {
            var client = await refs.ClientAsync(clientId, "clientId", ct);
            if (client is null) return errors.ToFailure();
            deal.ClientId = client.Id;
            deal.ClientName = client.Name;
        }
        else if (deal.ClientName != clientBefore)
        {
            if (deal.ClientName is null) deal.ClientId = null;
            else deal.Client = await FindOrCreateClient.RunAsync(db, access, deal.ClientName, deal.OwnerId, now, ct);
        }
        DealRules.Index(deal);

        if (present.Contains("ownerId") && input.OwnerId is { } ownerId && ownerId != deal.OwnerId)
        {
            if (await refs.OwnerAsync(ownerId, "ownerId", ct) is null) return errors.ToFailure();
            var visits = await journey.VisitsAsync(deal.Id, ct);
            journey.Reassign(deal, ownerId, visits, now);
            var stageName = await db.Stages.Where(s => s.Id == deal.StageId).Select(s => s.Name).FirstAsync(ct);
            if (ownerId != access.UserId) await handoffs.NotifyAsync(ownerId, deal, stageName, ct);
        }
        return await change.SaveAsync(deal, ct);
    }
}
