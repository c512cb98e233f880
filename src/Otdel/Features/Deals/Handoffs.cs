using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Otdel.Data;
using Otdel.Features.Notifications;
using Otdel.Features.Pipelines;
using Otdel.Resources;

namespace Otdel.Features.Deals;

/// <summary>
/// Hands a deal entering a stage to a person of the stage's responsible position (hunter → closer → farmer → KAM),
/// records the handoff and tells the new owner. Nothing happens when the owner already holds that position.
/// </summary>
public sealed class Handoffs(OtdelDb db, Notifier notifier, IStringLocalizer<Text> t)
{
    public async Task ApplyAsync(Deal deal, Stage stage, IReadOnlyList<StageVisit> visits, DateTime now, CancellationToken ct)
    {
        if (stage.ResponsiblePosition is not { } position) return;
        // One round trip for the owner's position and the pipeline's rule: moves are on the hot path.
        var context = await db.Users.AsNoTracking().Where(u => u.Id == deal.OwnerId)
            .Select(u => new
            {
                u.Position, u.DepartmentId,
                Rule = db.Pipelines.Where(p => p.Id == deal.PipelineId).Select(p => p.HandoffRule).First(),
                PipelineDepartmentId = db.Pipelines.Where(p => p.Id == deal.PipelineId).Select(p => p.DepartmentId).First(),
                // The round-robin cursor, fresh: the stage itself may come from the shared StageCatalog.
                Cursor = db.Stages.Where(s => s.Id == stage.Id).Select(s => s.LastAssigneeId).First(),
            }).FirstAsync(ct);
        var owner = context;
        if (owner.Position == position) return;
        var rule = stage.HandoffRule ?? context.Rule;
        if (rule == HandoffRule.KeepOwner) return;

        long? named = null;
        if (rule == HandoffRule.NamedPerson && stage.HandoffUserId is { } hid && await db.Users.AnyAsync(u => u.Id == hid && u.IsActive, ct))
            named = hid;
        var department = context.PipelineDepartmentId ?? owner.DepartmentId;
        var people = await db.Users.AsNoTracking()
            .Where(u => u.IsActive && u.Position == position && u.DepartmentId == department && u.Id != deal.OwnerId)
            .OrderBy(u => u.Id).Select(u => new { u.Id, u.Segment, u.Language }).ToListAsync(ct);
        var loads = new Dictionary<long, int>();
        if (rule == HandoffRule.LeastLoaded && people.Count > 0)
        {
            var ids = people.Select(p => p.Id).ToList();
            loads = await db.Deals.Where(d => ids.Contains(d.OwnerId) && d.Status == DealStatus.Open)
                .GroupBy(d => d.OwnerId).Select(g => new { g.Key, N = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.N, ct);
        }
        var candidates = people.Select(p => new HandoffCandidate(p.Id, p.Segment, loads.GetValueOrDefault(p.Id))).ToList();
        var previous = visits.LastOrDefault(v => v.StageId == stage.Id)?.ExecutorId;
        var choice = HandoffChoice.Choose(rule, candidates, context.Cursor, deal.Segment, named, previous);
        if (choice is not { } chosen || chosen.UserId == deal.OwnerId) return;

        if (chosen.Rule is HandoffBy.RoundRobin or HandoffBy.Segment)
        {
            // The cursor is advisory; writing it apart from the deal keeps concurrent moves into one stage from colliding on the stage's version.
            await db.Stages.Where(s => s.Id == stage.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.LastAssigneeId, chosen.UserId), ct);
        }
        Record(deal, stage.Id, chosen.UserId, chosen.Rule, now);
        var language = people.FirstOrDefault(p => p.Id == chosen.UserId) is { } p ? p.Language : await LanguageOf(chosen.UserId, ct);
        Notify(chosen.UserId, language, deal, stage.Name);
    }

    /// <summary>Writes the handoff row and changes the owner (the caller saves).</summary>
    public void Record(Deal deal, long stageId, long toUserId, HandoffBy rule, DateTime now)
    {
        db.Handoffs.Add(new Handoff { DealId = deal.Id, StageId = stageId, FromUserId = deal.OwnerId, ToUserId = toUserId, Rule = rule, At = now, ById = db.Actor.UserId });
        deal.OwnerId = toUserId;
    }

    public async Task NotifyAsync(long userId, Deal deal, string stageName, CancellationToken ct) =>
        Notify(userId, await LanguageOf(userId, ct), deal, stageName);

    Task<string?> LanguageOf(long userId, CancellationToken ct) =>
        db.Users.Where(u => u.Id == userId).Select(u => u.Language).FirstOrDefaultAsync(ct);

    void Notify(long userId, string? language, Deal deal, string stageName) =>
        notifier.Notify(userId, "handoff", DealTexts.In(t, language, "Deals.Notify.Handoff", deal.Title, stageName), $"/deals/{deal.Id}");
}
