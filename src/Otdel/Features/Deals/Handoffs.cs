using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Otdel.Data;
using Otdel.Features.Notifications;
using Otdel.Features.Pipelines;
using Otdel.Resources;

namespace Otdel.Features.Deals;

/// <summary>Who a deal entering a stage goes to and by which rule, and that person's language when already read.</summary>
public sealed record HandoffPlan(long UserId, HandoffBy Rule, string? Language);

/// <summary>
/// Hands a deal entering a stage to a person of the stage's responsible position (hunter → closer → farmer → KAM),
/// records the handoff and tells the new owner. Nothing happens when the owner already holds that position.
/// </summary>
public sealed class Handoffs(OtdelDb db, Notifier notifier, IStringLocalizer<Text> t)
{
    public async Task ApplyAsync(Deal deal, Stage stage, IReadOnlyList<StageVisit> visits, DateTime now, CancellationToken ct)
    {
        var plan = await PlanAsync(deal, stage, visits.LastOrDefault(v => v.StageId == stage.Id)?.ExecutorId, ct);
        if (plan is null) return;
        Record(deal, stage.Id, plan.UserId, plan.Rule, now);
        var language = plan.Language ?? await LanguageOf(plan.UserId, ct);
        Notify(plan.UserId, language == "" ? null : language, deal, stage.Name);
    }

    /// <summary>
    /// Who would get the deal if it entered the stage now, and by which rule — said before a move that hands it over
    /// (the deal page, the board). Changes nothing; a concurrent move into the stage may take the next person in turn.
    /// </summary>
    public async Task<HandoffPlan?> PreviewAsync(Deal deal, Stage stage, CancellationToken ct)
    {
        if (stage.ResponsiblePosition is null) return null;
        var previous = await db.StageVisits.Where(v => v.DealId == deal.Id && v.StageId == stage.Id)
            .OrderByDescending(v => v.Id).Select(v => (long?)v.ExecutorId).FirstOrDefaultAsync(ct);
        return await PlanAsync(deal, stage, previous, ct);
    }

    async Task<HandoffPlan?> PlanAsync(Deal deal, Stage stage, long? previousExecutor, CancellationToken ct)
    {
        if (stage.ResponsiblePosition is not { } position) return null;
        // One round trip for the owner's position and the pipeline's rule: moves are on the hot path.
        var context = await db.Users.AsNoTracking().Where(u => u.Id == deal.OwnerId)
            .Select(u => new
            {
                u.Position, u.DepartmentId,
                Rule = db.Pipelines.Where(p => p.Id == deal.PipelineId).Select(p => p.HandoffRule).First(),
                PipelineDepartmentId = db.Pipelines.Where(p => p.Id == deal.PipelineId).Select(p => p.DepartmentId).First(),
                // The round-robin cursor: whom the last deal handed over in turn in this stage went to. Read from the
                // handoffs (written with each move) rather than kept on the stage, which cost every such move a commit
                // of its own; concurrent moves may still pick the same person, as before.
                Cursor = db.Handoffs.Where(h => h.StageId == stage.Id && (h.Rule == HandoffBy.RoundRobin || h.Rule == HandoffBy.Segment))
                    .OrderByDescending(h => h.Id).Select(h => (long?)h.ToUserId).FirstOrDefault(),
            }).FirstAsync(ct);
        if (context.Position == position) return null;
        var rule = stage.HandoffRule ?? context.Rule;
        if (rule == HandoffRule.KeepOwner) return null;

        long? named = null;
        if (rule == HandoffRule.NamedPerson && stage.HandoffUserId is { } hid && await db.Users.AnyAsync(u => u.Id == hid && u.IsActive, ct))
            named = hid;
        var department = context.PipelineDepartmentId ?? context.DepartmentId;
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
        var choice = HandoffChoice.Choose(rule, candidates, context.Cursor, deal.Segment, named, previousExecutor);
        if (choice is not { } chosen || chosen.UserId == deal.OwnerId) return null;
        // "" = a candidate without a language of their own (no second query for it); null = not among the candidates.
        return new HandoffPlan(chosen.UserId, chosen.Rule, people.FirstOrDefault(p => p.Id == chosen.UserId) is { } who ? who.Language ?? "" : null);
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
