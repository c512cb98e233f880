using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Otdel.Data;
using Otdel.Features.Pipelines;
using Otdel.Platform;
using Otdel.Resources;

namespace Otdel.Features.Deals;

/// <summary>
/// Moves a deal to another stage of its pipeline. Forward moves pass the exit conditions of every stage left
/// behind and the entry conditions of the target (a head may override with a reason); backward moves are free
/// and recorded. An open deal moved into a post-sale stage is won; a won deal moves only among post-sale stages.
/// </summary>
public sealed class MoveDeal(OtdelDb db, Access access, Problems problems, DealJourney journey, IStringLocalizer<Text> t)
{
    public async Task<Outcome<DealView>> Run(long dealId, MoveInput input, CancellationToken ct = default)
    {
        var deal = await db.Deals.VisibleTo(access).FirstOrDefaultAsync(d => d.Id == dealId, ct);
        if (deal is null) return problems.NotFound();
        if (input.StageId is not { } targetId) return problems.Bad("stageId", "Error.Required");
        var now = db.UtcNow;
        if (input.Version is { } version)
        {
            if (version != deal.Version) return Stale(deal, now);
            db.Entry(deal).Property(d => d.Version).OriginalValue = version;
        }

        var stages = await db.StagesOfAsync(deal.PipelineId, ct);
        var target = stages.FirstOrDefault(s => s.Id == targetId);
        if (target is null) return problems.Bad("stageId", "Deals.StageOtherPipeline");
        var from = stages.First(s => s.Id == deal.StageId);
        if (target.Id == from.Id) return DealView.Of(deal, now);
        switch (deal.Status)
        {
            case DealStatus.Lost: return problems.Bad("stageId", "Deals.ReopenFirst");
            case DealStatus.Won when target.Kind != StageKind.PostSale: return problems.Bad("stageId", "Deals.WonStaysPostSale");
        }

        var direction = DealJourney.Direction(from, target);
        var wins = deal.Status == DealStatus.Open && target.Kind == StageKind.PostSale;
        string? overrideReason = null;
        if (direction == "forward")
        {
            var passed = stages.Where(s => s.Order >= from.Order && s.Order < target.Order && s.Kind == from.Kind);
            var missing = await DealRequirements.Check(db, deal, passed.SelectMany(s => s.ExitConditions).Concat(target.EntryConditions), t);
            if (missing.Count > 0)
            {
                var allowed = StageOverride.Check(access, problems, t, input.OverrideReason, missing);
                if (!allowed.Ok) return allowed.Failure!;
                overrideReason = allowed.Value!;
                StageOverride.Record(db, deal, from, target.Name, overrideReason, missing);
            }
        }

        var visits = await journey.VisitsAsync(deal.Id, ct);
        if (wins)
            await journey.WinAsync(deal, visits, stages, target, now, overrideReason, ct);
        else
        {
            DealJourney.Leave(visits, from.Id, direction, now, overrideReason);
            await journey.EnterAsync(deal, target, visits, now, ct);
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            var current = await db.Deals.AsNoTracking().FirstAsync(d => d.Id == dealId, ct);
            return Stale(current, now);
        }
        return DealView.Of(deal, now);
    }

    /// <summary>409 naming where the deal is now, so the board can put the card back in the right column.</summary>
    Failure Stale(Deal current, DateTime now)
    {
        var f = problems.Stale(DealView.Of(current, now));
        f.Extensions!["currentStageId"] = current.StageId;
        return f;
    }
}
