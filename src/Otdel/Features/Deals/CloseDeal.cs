using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Platform;

namespace Otdel.Features.Deals;

/// <summary>
/// Ends a sale: won (after the remaining sales stages' exit checks, then into post-sale if the pipeline has it),
/// lost (with a reason from the pipeline's list; "other" needs a comment), or reopens a lost deal where it was lost.
/// </summary>
public sealed class CloseDeal(OtdelDb db, DealChange change, Errors errors, Problems problems, DealJourney journey)
{
    /// <summary>Won from wherever it is: the same path as a move into the first post-sale stage.</summary>
    public async Task<Outcome<DealView>> Win(long id, int? version, string? overrideReason = null, CancellationToken ct = default)
    {
        var loaded = await change.LoadAsync(id, version, versionRequired: false, ct);
        if (!loaded.Ok) return loaded.Failure!;
        var deal = loaded.Value!;
        var stages = await db.StagesOfAsync(deal.PipelineId, ct);
        if (await change.WinAsync(deal, stages, null, overrideReason, ct) is { } refused) return refused;
        return await change.SaveAsync(deal, ct);
    }

    public async Task<Outcome<DealView>> Lose(long id, LoseInput input, CancellationToken ct = default)
    {
        var loaded = await change.LoadAsync(id, input.Version, versionRequired: false, ct);
        if (!loaded.Ok) return loaded.Failure!;
        var deal = loaded.Value!;
        if (deal.Status != DealStatus.Open) return problems.Bad("status", "Deals.NotOpen");
        if (input.ReasonId is not { } reasonId) return problems.Bad("reasonId", "Deals.ReasonRequired");
        var reason = await db.LossReasons.AsNoTracking().FirstOrDefaultAsync(r => r.Id == reasonId && r.PipelineId == deal.PipelineId && !r.IsArchived, ct);
        if (reason is null) return problems.Bad("reasonId", "Deals.NoSuchReason");
        var comment = string.IsNullOrWhiteSpace(input.Comment) ? null : input.Comment.Trim();
        if (reason.IsOther && comment is null) errors.Add("comment", "Deals.CommentRequired");
        errors.MaxLength("comment", comment, 2000);
        if (errors.Any) return errors.ToFailure();

        var now = db.UtcNow;
        var visits = await journey.VisitsAsync(deal.Id, ct);
        DealJourney.Leave(visits, deal.StageId, VisitOutcome.Lost, now);
        deal.Status = DealStatus.Lost;
        deal.ClosedAt = now;
        deal.LostAtStageId = deal.StageId;
        deal.LossReasonId = reason.Id;
        deal.LossComment = comment;
        DealJourney.StopClock(deal);
        return await change.SaveAsync(deal, ct);
    }

    /// <summary>A lost deal comes back, open, to the stage it was lost at, with a new visit.</summary>
    public async Task<Outcome<DealView>> Reopen(long id, int? version, CancellationToken ct = default)
    {
        var loaded = await change.LoadAsync(id, version, versionRequired: false, ct);
        if (!loaded.Ok) return loaded.Failure!;
        var deal = loaded.Value!;
        if (deal.Status != DealStatus.Lost) return problems.Bad("status", "Deals.NotLost");
        var stage = (await db.StagesOfAsync(deal.PipelineId, ct)).First(s => s.Id == (deal.LostAtStageId ?? deal.StageId));
        var now = db.UtcNow;
        var visits = await journey.VisitsAsync(deal.Id, ct);
        deal.Status = DealStatus.Open;
        deal.ClosedAt = null;
        deal.LossReasonId = null;
        deal.LossComment = null;
        deal.LostAtStageId = null;
        await journey.EnterAsync(deal, stage, visits, now, ct);
        return await change.SaveAsync(deal, ct);
    }
}
