using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Features.Deals;
using Otdel.Platform;

namespace Otdel.Features.Plans;

/// <summary>
/// What was achieved, per seller and day (in the department's zone), in plan units (kopecks; hundredths for counts):
/// revenue won = the amounts of deals won that day (their close date); deals won = their number; new clients = clients
/// a seller created that day; calls, meetings and proposals = the activities of that kind the seller recorded that day
/// (Features/Activities: their author and moment); money received = the payments on the seller's deals (the deal's owner
/// now, as for revenue won) received that day, cancelled ones left out (Features/Payments: the day is the bank's, already a
/// calendar day). Read through the visibility rule.
/// </summary>
public static class PlanFacts
{
    /// <summary>Whether Otdel records the metric's facts; every metric has them since payments are recorded.</summary>
    public static bool IsRecorded(PlanMetric metric) => Enum.IsDefined(metric);

    static Activities.ActivityKind? ActivityOf(PlanMetric metric) => metric switch
    {
        PlanMetric.Calls => Activities.ActivityKind.Call,
        PlanMetric.Meetings => Activities.ActivityKind.Meeting,
        PlanMetric.Proposals => Activities.ActivityKind.Proposal,
        _ => null,
    };

    public static bool IsMoney(PlanMetric metric) => metric is PlanMetric.RevenueWon or PlanMetric.MoneyReceived;

    public static async Task<Dictionary<(long User, DateOnly Day), long>?> DailyAsync(OtdelDb db, Access access, PlanMetric metric,
        IReadOnlyCollection<long> sellers, DateOnly from, DateOnly to, TimeZoneInfo zone, CancellationToken ct)
    {
        if (!IsRecorded(metric)) return null;
        var ids = sellers.ToList();
        var fromUtc = TimeZoneInfo.ConvertTimeToUtc(from.ToDateTime(TimeOnly.MinValue), zone);
        var toUtc = TimeZoneInfo.ConvertTimeToUtc(to.AddDays(1).ToDateTime(TimeOnly.MinValue), zone);
        List<(long User, DateTime At, long Units)> rows;
        if (ActivityOf(metric) is { } kind)
        {
            var done = await db.Activities.VisibleTo(access).AsNoTracking()
                .Where(a => a.Kind == kind && ids.Contains(a.AuthorId) && a.At >= fromUtc && a.At < toUtc)
                .Select(a => new { a.AuthorId, a.At }).ToListAsync(ct);
            rows = done.Select(a => (a.AuthorId, a.At, 100L)).ToList();
        }
        else if (metric == PlanMetric.MoneyReceived)
        {
            var deals = db.Deals.VisibleTo(access);
            var paid = await db.Set<Payments.Payment>().AsNoTracking()
                .Where(p => p.CancelledAt == null && p.ReceivedOn >= from && p.ReceivedOn <= to)
                .Join(deals, p => p.DealId, d => d.Id, (p, d) => new { d.OwnerId, p.ReceivedOn, p.Amount })
                .Where(x => ids.Contains(x.OwnerId)).ToListAsync(ct);
            // Already calendar days: no zone to convert through.
            var byDay = new Dictionary<(long, DateOnly), long>();
            foreach (var p in paid) byDay[(p.OwnerId, p.ReceivedOn)] = byDay.GetValueOrDefault((p.OwnerId, p.ReceivedOn)) + (long)(p.Amount * 100m);
            return byDay;
        }
        else if (metric == PlanMetric.NewClients)
        {
            var clients = await db.Clients.VisibleTo(access).AsNoTracking()
                .Where(c => c.OwnerId != null && ids.Contains(c.OwnerId.Value) && c.CreatedAt >= fromUtc && c.CreatedAt < toUtc)
                .Select(c => new { User = c.OwnerId!.Value, c.CreatedAt }).ToListAsync(ct);
            rows = clients.Select(c => (c.User, c.CreatedAt, 100L)).ToList();
        }
        else
        {
            var won = await db.Deals.VisibleTo(access).AsNoTracking()
                .Where(d => d.Status == DealStatus.Won && d.ClosedAt >= fromUtc && d.ClosedAt < toUtc && ids.Contains(d.OwnerId))
                .Select(d => new { d.OwnerId, d.ClosedAt, d.Amount }).ToListAsync(ct);
            rows = won.Select(d => (d.OwnerId, d.ClosedAt!.Value, metric == PlanMetric.RevenueWon ? (long)(d.Amount * 100m) : 100L)).ToList();
        }
        var result = new Dictionary<(long, DateOnly), long>();
        foreach (var (user, at, units) in rows)
        {
            var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(at, DateTimeKind.Utc), zone));
            result[(user, day)] = result.GetValueOrDefault((user, day)) + units;
        }
        return result;
    }
}
