using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Features.Pipelines;
using Otdel.Platform;

namespace Otdel.Features.Deals;

/// <summary>
/// The stage-visit bookkeeping every deal change goes through (reports and the benchmark rely on it):
/// one open visit per deal; leaving closes it with hours and outcome; a forward exit marks the stage's
/// first-entry visit as advanced; entering opens a visit for the (possibly new) owner.
/// </summary>
public sealed class DealJourney(OtdelDb db, WorkCalendar calendar, Handoffs handoffs)
{
    public Task<List<StageVisit>> VisitsAsync(long dealId, CancellationToken ct) =>
        db.StageVisits.Where(v => v.DealId == dealId).OrderBy(v => v.Id).ToListAsync(ct);

    /// <summary>The first visit of a new deal, saved with it.</summary>
    public void Begin(Deal deal, Stage stage, DateTime now)
    {
        Place(deal, stage, now);
        db.StageVisits.Add(new StageVisit
        {
            Deal = deal, PipelineId = deal.PipelineId, StageId = stage.Id, ExecutorId = deal.OwnerId,
            EnteredAt = now, IsFirstEntry = true, MovedById = db.Actor.UserId,
        });
    }

    /// <summary>Closes the open visit; forward and won mark the first entry of <paramref name="fromStageId"/> as advanced.</summary>
    public static void Leave(IReadOnlyList<StageVisit> visits, long fromStageId, VisitOutcome outcome, DateTime now, string? overrideReason = null)
    {
        foreach (var open in visits.Where(v => v.ExitedAt is null))
        {
            open.ExitedAt = now;
            open.Hours = Math.Max(0, (now - open.EnteredAt).TotalHours);
            open.Outcome = outcome;
            if (overrideReason is not null) open.OverrideReason = overrideReason;
        }
        if (outcome is VisitOutcome.Forward or VisitOutcome.Won && visits.FirstOrDefault(v => v.StageId == fromStageId && v.IsFirstEntry) is { } first)
            first.Advanced = true;
    }

    public static VisitOutcome Direction(Stage from, Stage to) => to.Order > from.Order ? VisitOutcome.Forward : VisitOutcome.Back;

    /// <summary>Puts the deal into a stage: hands it over by the rule when the stage has a responsible position, opens a visit.</summary>
    public async Task EnterAsync(Deal deal, Stage stage, IReadOnlyList<StageVisit> visits, DateTime now, CancellationToken ct)
    {
        await handoffs.ApplyAsync(deal, stage, visits, now, ct);
        Place(deal, stage, now);
        Open(deal, stage.Id, visits, now);
    }

    /// <summary>A new visit in the same stage for a new owner (manual reassignment); the stage clock keeps running.</summary>
    public void Reassign(Deal deal, long toUserId, IReadOnlyList<StageVisit> visits, DateTime now)
    {
        Leave(visits, deal.StageId, VisitOutcome.Handoff, now);
        handoffs.Record(deal, deal.StageId, toUserId, HandoffBy.Manual, now);
        if (deal.Status != DealStatus.Lost) Open(deal, deal.StageId, visits, now);
    }

    void Open(Deal deal, long stageId, IReadOnlyList<StageVisit> visits, DateTime now) =>
        db.StageVisits.Add(new StageVisit
        {
            DealId = deal.Id, PipelineId = deal.PipelineId, StageId = stageId, ExecutorId = deal.OwnerId, EnteredAt = now,
            IsFirstEntry = !visits.Any(v => v.StageId == stageId), MovedById = db.Actor.UserId,
        });

    void Place(Deal deal, Stage stage, DateTime now)
    {
        deal.StageId = stage.Id;
        deal.StageEnteredAt = now;
        deal.StageDueAt = stage.TimeLimitHours is { } h and > 0 ? calendar.AddWorkingHours(now, h) : null;
        deal.OverdueNotifiedAt = null;
    }

    /// <summary>
    /// Wins the deal from its current stage: the sale ends there; with post-sale stages it goes on into
    /// <paramref name="postSale"/> (the first one by default), handed to a farmer by the rule.
    /// </summary>
    public async Task WinAsync(Deal deal, IReadOnlyList<StageVisit> visits, IReadOnlyList<Stage> stages, Stage? postSale, DateTime now, string? overrideReason, CancellationToken ct)
    {
        Leave(visits, deal.StageId, VisitOutcome.Won, now, overrideReason);
        deal.Status = DealStatus.Won;
        deal.ClosedAt = now;
        postSale ??= stages.Where(s => s.Kind == StageKind.PostSale).OrderBy(s => s.Order).ThenBy(s => s.Id).FirstOrDefault();
        if (postSale is null) StopClock(deal);
        else await EnterAsync(deal, postSale, visits, now, ct);
    }

    /// <summary>A closed deal has no running stage clock.</summary>
    public static void StopClock(Deal deal) => deal.StageDueAt = null;
}
