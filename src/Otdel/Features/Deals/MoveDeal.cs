using Otdel.Data;
using Otdel.Features.Pipelines;
using Otdel.Platform;

namespace Otdel.Features.Deals;

/// <summary>
/// Moves a deal to another stage of its pipeline. Forward moves pass the exit conditions of every stage left
/// behind and the entry conditions of the target (a head may override with a reason); backward moves are free
/// and recorded. An open deal moved into a post-sale stage is won (the same path as "won"); a won deal moves only
/// among post-sale stages. Load, conditions, override and save are <see cref="DealChange"/>'s.
/// </summary>
public sealed class MoveDeal(OtdelDb db, DealChange change, Problems problems, DealJourney journey)
{
    public async Task<Outcome<DealView>> Run(long dealId, MoveInput input, CancellationToken ct = default)
    {
        var loaded = await change.LoadAsync(dealId, input.Version, versionRequired: false, ct);
        if (!loaded.Ok) return loaded.Failure!;
        var deal = loaded.Value!;
        if (input.StageId is not { } targetId) return problems.Bad("stageId", "Error.Required");

        var stages = await db.StagesOfAsync(deal.PipelineId, ct);
        var target = stages.FirstOrDefault(s => s.Id == targetId);
        if (target is null) return problems.Bad("stageId", "Deals.StageOtherPipeline");
        var from = stages.First(s => s.Id == deal.StageId);
        if (target.Id == from.Id) return DealView.Of(deal, db.UtcNow);
        switch (deal.Status)
        {
            case DealStatus.Lost: return problems.Bad("stageId", "Deals.ReopenFirst");
            case DealStatus.Won when target.Kind != StageKind.PostSale: return problems.Bad("stageId", "Deals.WonStaysPostSale");
            case DealStatus.Open when target.Kind == StageKind.PostSale:
                if (await change.WinAsync(deal, stages, target, input.OverrideReason, ct) is { } refused) return refused;
                return await change.SaveAsync(deal, ct);
        }

        var direction = DealJourney.Direction(from, target);
        string? overrideReason = null;
        if (direction == VisitOutcome.Forward)
        {
            var passed = stages.Where(s => s.Order >= from.Order && s.Order < target.Order && s.Kind == from.Kind);
            var pass = await change.PassAsync(deal, passed.SelectMany(s => s.ExitConditions).Concat(target.EntryConditions), input.OverrideReason, from, target.Name);
            if (!pass.Ok) return pass.Failure!;
            overrideReason = pass.Value;
        }
        var now = db.UtcNow;
        var visits = await journey.VisitsAsync(deal.Id, ct);
        DealJourney.Leave(visits, from.Id, direction, now, overrideReason);
        await journey.EnterAsync(deal, target, visits, now, ct);
        return await change.SaveAsync(deal, ct);
    }
}
