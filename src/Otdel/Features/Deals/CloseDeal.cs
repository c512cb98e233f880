using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Otdel.Data;
using Otdel.Features.Pipelines;
using Otdel.Platform;
using Otdel.Resources;

namespace Otdel.Features.Deals;

/// <summary>
/// Ends a sale: won (after the remaining sales stages' exit checks, then into post-sale if the pipeline has it),
/// lost (with a reason from the pipeline's list; "other" needs a comment), or reopens a lost deal where it was lost.
/// </summary>
public sealed class CloseDeal(OtdelDb db, Access access, Errors errors, Problems problems, DealJourney journey, IStringLocalizer<Text> t)
{
    public async Task<Outcome<DealView>> Win(long id, int? version, string? overrideReason = null, CancellationToken ct = default)
    {
        var (deal, failure) = await Load(id, version, ct);
        if (deal is null) return failure!;
        if (deal.Status != DealStatus.Open) return problems.Bad("status", "Deals.NotOpen");
        var stages = await db.StagesOfAsync(deal.PipelineId, ct);
        var from = stages.First(s => s.Id == deal.StageId);
        var left = stages.Where(s => s.Kind == StageKind.Sales && s.Order >= from.Order).SelectMany(s => s.ExitConditions);
        var missing = await DealRequirements.Check(db, deal, left, t);
        string? reason = null;
        if (missing.Count > 0)
        {
            var allowed = StageOverride.Check(access, problems, t, overrideReason, missing);
            if (!allowed.Ok) return allowed.Failure!;
            reason = allowed.Value!;
            StageOverride.Record(db, deal, from, t["DealPage.Status.won"], reason, missing);
        }
        var now = db.UtcNow;
        var visits = await journey.VisitsAsync(deal.Id, ct);
        await journey.WinAsync(deal, visits, stages, null, now, reason, ct);
        return await Save(deal, now, ct);
    }

    public async Task<Outcome<DealView>> Lose(long id, LoseInput input, CancellationToken ct = default)
    {
        var (deal, failure) = await Load(id, input.Version, ct);
        if (deal is null) return failure!;
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
        DealJourney.Leave(visits, deal.StageId, "lost", now);
        deal.Status = DealStatus.Lost;
        deal.ClosedAt = now;
        deal.LostAtStageId = deal.StageId;
        deal.LossReasonId = reason.Id;
        deal.LossComment = comment;
        DealJourney.StopClock(deal);
        return await Save(deal, now, ct);
    }

    /// <summary>A lost deal comes back, open, to the stage it was lost at, with a new visit.</summary>
    public async Task<Outcome<DealView>> Reopen(long id, int? version, CancellationToken ct = default)
    {
        var (deal, failure) = await Load(id, version, ct);
        if (deal is null) return failure!;
        if (deal.Status != DealStatus.Lost) return problems.Bad("status", "Deals.NotLost");
        var stage = await db.Stages.AsNoTracking().FirstAsync(s => s.Id == (deal.LostAtStageId ?? deal.StageId), ct);
        var now = db.UtcNow;
        var visits = await journey.VisitsAsync(deal.Id, ct);
        deal.Status = DealStatus.Open;
        deal.ClosedAt = null;
        deal.LossReasonId = null;
        deal.LossComment = null;
        deal.LostAtStageId = null;
        await journey.EnterAsync(deal, stage, visits, now, ct);
        return await Save(deal, now, ct);
    }

    async Task<(Deal?, Failure?)> Load(long id, int? version, CancellationToken ct)
    {
        var deal = await db.Deals.VisibleTo(access).FirstOrDefaultAsync(d => d.Id == id, ct);
        if (deal is null) return (null, problems.NotFound());
        if (version is { } v)
        {
            if (v != deal.Version) return (null, problems.Stale(DealView.Of(deal, db.UtcNow)));
            db.Entry(deal).Property(d => d.Version).OriginalValue = v;
        }
        return (deal, null);
    }

    async Task<Outcome<DealView>> Save(Deal deal, DateTime now, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return problems.Stale(DealView.Of(await db.Deals.AsNoTracking().FirstAsync(d => d.Id == deal.Id, ct), now));
        }
        return DealView.Of(deal, now);
    }
}
