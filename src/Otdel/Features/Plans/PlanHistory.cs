using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Features.Deals;
using Otdel.Platform;

namespace Otdel.Features.Plans;

/// <summary>
/// The closed deals a conversion is read from: deals of the given sellers that the caller sees, won or lost in the
/// <see cref="Days"/> days before now, each with the stages it passed (its stage visits) and its cycle in days
/// (the close date less the creation date, UTC) and from its first touch (the arrival of the lead it was converted from, when
/// earlier than the deal). Optionally of one pipeline.
/// </summary>
public static class PlanHistory
{
    public const int Days = 365;

    public static async Task<List<(ClosedDeal Deal, long PipelineId)>> LoadAsync(OtdelDb db, Access access, IReadOnlyCollection<long> sellers,
        long? pipelineId, CancellationToken ct)
    {
        var ids = sellers.ToList();
        var since = db.UtcNow.AddDays(-Days);
        var closed = db.Deals.VisibleTo(access).AsNoTracking()
            .Where(d => d.Status != DealStatus.Open && d.ClosedAt >= since && ids.Contains(d.OwnerId));
        if (pipelineId is { } p) closed = closed.Where(d => d.PipelineId == p);
        var deals = await closed.Select(d => new { d.Id, d.OwnerId, d.Status, d.Amount, d.PipelineId, d.CreatedAt, d.ClosedAt }).ToListAsync(ct);
        var visits = await db.StageVisits.AsNoTracking().Where(v => closed.Any(d => d.Id == v.DealId))
            .Select(v => new { v.DealId, v.StageId }).Distinct().ToListAsync(ct);
        var stages = visits.GroupBy(v => v.DealId).ToDictionary(g => g.Key, g => (IReadOnlyCollection<long>)g.Select(v => v.StageId).ToList());
        // The lead a deal was converted from (the earliest, should several point at it): the deal's first touch.
        var arrivals = (await db.Leads.AsNoTracking().Where(l => l.DealId != null && closed.Any(d => d.Id == l.DealId))
                .Select(l => new { DealId = l.DealId!.Value, l.ArrivedAt }).ToListAsync(ct))
            .GroupBy(l => l.DealId).ToDictionary(g => g.Key, g => g.Min(l => l.ArrivedAt));
        return deals.Select(d =>
        {
            var closedDay = DateOnly.FromDateTime(d.ClosedAt!.Value).DayNumber;
            var created = DateOnly.FromDateTime(d.CreatedAt).DayNumber;
            var touched = arrivals.TryGetValue(d.Id, out var a) ? Math.Min(created, DateOnly.FromDateTime(a).DayNumber) : created;
            return (new ClosedDeal(d.OwnerId, d.Status == DealStatus.Won, (long)(d.Amount * 100m), stages.GetValueOrDefault(d.Id) ?? [],
                closedDay - created, closedDay - touched), d.PipelineId);
        }).ToList();
    }
}
