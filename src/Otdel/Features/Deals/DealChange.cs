using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Otdel.Data;
using Otdel.Features.Pipelines;
using Otdel.Platform;
using Otdel.Resources;

namespace Otdel.Features.Deals;

/// <summary>
/// The one core every change of an existing deal goes through — moving, winning, losing, reopening, editing:
/// <list type="number">
/// <item><see cref="LoadAsync"/>: the deal the caller sees (404 otherwise), checked against the version they read.</item>
/// <item><see cref="PassAsync"/>: the conditions of the stages crossed; unmet ones are named (422) unless a head
/// overrides them with a reason (<see cref="StageOverride"/>), which is recorded.</item>
/// <item><see cref="WinAsync"/>: the one way a deal is won, from a move into a post-sale stage or from "won".</item>
/// <item><see cref="SaveAsync"/>: one save — which also bumps the version, writes the audit rows and keeps the board's
/// stage totals in the same transaction (<see cref="OtdelDb.SaveChangesAsync(bool, CancellationToken)"/>) — or 409
/// with the deal as it is now and the stage it is in.</item>
/// </list>
/// </summary>
public sealed class DealChange(OtdelDb db, Access access, Problems problems, DealJourney journey, IStringLocalizer<Text> t,
    IEnumerable<IDealEvents> listeners)
{
    /// <summary>The deal the caller sees, tracked; a stale <paramref name="version"/> is 409 with the current state.</summary>
    public async Task<Outcome<Deal>> LoadAsync(long id, int? version, bool versionRequired, CancellationToken ct)
    {
        var deal = await db.Deals.VisibleTo(access).FirstOrDefaultAsync(d => d.Id == id, ct);
        if (deal is null) return problems.NotFound();
        if (version is null) return versionRequired ? problems.Bad("version", "Error.VersionRequired") : deal;
        if (version != deal.Version) return Stale(deal);
        db.Entry(deal).Property(d => d.Version).OriginalValue = version.Value;
        return deal;
    }

    /// <summary>
    /// Checks <paramref name="conditions"/> (exit conditions of the stages left behind, entry conditions of the one
    /// entered). All met: null. Unmet: 422 naming them, unless the caller may override and gave a reason — then the
    /// override is added to the deal's history in this unit of work and its reason is returned.
    /// </summary>
    public async Task<Outcome<string?>> PassAsync(Deal deal, IEnumerable<Condition> conditions, string? overrideReason, Stage from, string to)
    {
        var missing = await DealRequirements.Check(db, deal, conditions, t);
        if (missing.Count == 0) return (string?)null;
        var allowed = StageOverride.Check(access, problems, t, overrideReason, missing);
        if (!allowed.Ok) return allowed.Failure!;
        StageOverride.Record(db, deal, from, to, allowed.Value!, missing);
        return allowed.Value;
    }

    /// <summary>
    /// Wins an open deal: the remaining sales stages' exit conditions and the post-sale stage's entry conditions must be
    /// met (or overridden); the sale ends in its current stage and goes on into <paramref name="postSale"/> (the first
    /// post-sale stage by default), handed over by the rule.
    /// </summary>
    public async Task<Failure?> WinAsync(Deal deal, IReadOnlyList<Stage> stages, Stage? postSale, string? overrideReason, CancellationToken ct)
    {
        if (deal.Status != DealStatus.Open) return problems.Bad("status", "Deals.NotOpen");
        var from = stages.First(s => s.Id == deal.StageId);
        postSale ??= stages.Where(s => s.Kind == StageKind.PostSale).OrderBy(s => s.Order).ThenBy(s => s.Id).FirstOrDefault();
        var conditions = stages.Where(s => s.Kind == StageKind.Sales && s.Order >= from.Order).SelectMany(s => s.ExitConditions)
            .Concat(postSale?.EntryConditions ?? []);
        var passed = await PassAsync(deal, conditions, overrideReason, from, postSale?.Name ?? t["DealPage.Status.won"]);
        if (!passed.Ok) return passed.Failure;
        var visits = await journey.VisitsAsync(deal.Id, ct);
        await journey.WinAsync(deal, visits, stages, postSale, db.UtcNow, passed.Value, ct);
        return null;
    }

    /// <summary>Saves the change, or answers 409 with the deal as another person left it.</summary>
    public async Task<Outcome<DealView>> SaveAsync(Deal deal, CancellationToken ct)
    {
        var stage = db.Entry(deal).Property(d => d.StageId);
        if (stage.OriginalValue != deal.StageId)
            foreach (var l in listeners) l.StageChanged(deal, stage.OriginalValue);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Stale(await db.Deals.AsNoTracking().FirstAsync(d => d.Id == deal.Id, ct));
        }
        return DealView.Of(deal, db.UtcNow);
    }

    /// <summary>409 naming the current state and stage, so the board can put the card back in the right column.</summary>
    Failure Stale(Deal current)
    {
        var f = problems.Stale(DealView.Of(current, db.UtcNow));
        f.Extensions!["currentStageId"] = current.StageId;
        return f;
    }
}
