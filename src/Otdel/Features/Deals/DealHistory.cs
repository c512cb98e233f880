using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Platform;

namespace Otdel.Features.Deals;

public sealed record VisitView(long Id, long StageId, string StageName, string? Group, long ExecutorId, string ExecutorName,
    DateTime EnteredAt, DateTime? ExitedAt, double? Hours, string? Outcome, bool IsFirstEntry, bool Advanced, string? OverrideReason, long? MovedById);

public sealed record HandoffView(long Id, long StageId, string StageName, long FromUserId, string FromName, long ToUserId, string ToName, string Rule, DateTime At, long? ById);

public sealed record DealHistoryView(long DealId, IReadOnlyList<VisitView> Visits, IReadOnlyList<HandoffView> Handoffs);

/// <summary>The stage path of a deal (every visit with its executor and time) and its handoffs, oldest first.</summary>
public sealed class DealHistory(OtdelDb db, Access access, Problems problems)
{
    public async Task<Outcome<DealHistoryView>> Run(long dealId, CancellationToken ct = default)
    {
        var owner = await db.Deals.ReadableBy(access).AsNoTracking().Where(d => d.Id == dealId).Select(d => (long?)d.OwnerId).FirstOrDefaultAsync(ct);
        if (owner is null) return problems.NotFound();
        var now = db.UtcNow;
        var visits = await (from v in db.StageVisits.AsNoTracking()
                            where v.DealId == dealId
                            join s in db.Stages on v.StageId equals s.Id
                            join u in db.Users on v.ExecutorId equals u.Id
                            orderby v.Id
                            select new VisitView(v.Id, v.StageId, s.Name, s.Group, v.ExecutorId, u.FullName, v.EnteredAt, v.ExitedAt,
                                v.Hours, v.Outcome == null ? null : Platform.SnakeCase.Of(v.Outcome.Value.ToString()), v.IsFirstEntry, v.Advanced, v.OverrideReason, v.MovedById)).ToListAsync(ct);
        var handoffs = await (from h in db.Handoffs.AsNoTracking()
                              where h.DealId == dealId
                              join s in db.Stages on h.StageId equals s.Id
                              join f in db.Users on h.FromUserId equals f.Id
                              join to in db.Users on h.ToUserId equals to.Id
                              orderby h.Id
                              select new HandoffView(h.Id, h.StageId, s.Name, h.FromUserId, f.FullName, h.ToUserId, to.FullName, Platform.SnakeCase.Of(h.Rule.ToString()), h.At, h.ById)).ToListAsync(ct);
        // The open visit's hours so far, so the deal page can show time in the current stage too.
        visits = visits.Select(v => v.ExitedAt is null ? v with { Hours = Math.Max(0, (now - v.EnteredAt).TotalHours) } : v).ToList();
        return new DealHistoryView(dealId, visits, handoffs);
    }
}
