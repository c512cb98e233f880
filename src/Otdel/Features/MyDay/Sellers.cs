using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Features.Deals;
using Otdel.Platform;

namespace Otdel.Features.MyDay;

/// <summary>One seller's line on the head's My day: what they hold, what is late, what they won this month.</summary>
public sealed record SellerRow(long Id, string Name, int Open, decimal OpenSum, int Overdue, int WonThisMonth, decimal WonSum, DateTime? LastMove);

/// <summary>
/// The head's table of sellers: every person whose deals the caller sees and who owns any, with open deals and their
/// sum, overdue deals (<see cref="Overdue"/>), deals won since the first of this month (in the department's zone),
/// and when a deal of theirs last entered a stage.
/// </summary>
public static class Sellers
{
    public static async Task<List<SellerRow>> OfAsync(OtdelDb db, Access access, WorkCalendar calendar, CancellationToken ct)
    {
        var now = db.UtcNow;
        var local = TimeZoneInfo.ConvertTimeFromUtc(now, calendar.Zone);
        var monthStart = TimeZoneInfo.ConvertTimeToUtc(new DateTime(local.Year, local.Month, 1, 0, 0, 0, DateTimeKind.Unspecified), calendar.Zone);
        var deals = db.Deals.VisibleTo(access).AsNoTracking();

        var open = await deals.Where(d => d.Status == DealStatus.Open).GroupBy(d => d.OwnerId)
            .Select(g => new { g.Key, Count = g.Count(), Sum = g.Sum(d => d.Amount), Last = g.Max(d => d.StageEnteredAt) }).ToListAsync(ct);
        var late = await deals.OverdueAt(now).GroupBy(d => d.OwnerId).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var won = await deals.Where(d => d.Status == DealStatus.Won && d.ClosedAt >= monthStart).GroupBy(d => d.OwnerId)
            .Select(g => new { g.Key, Count = g.Count(), Sum = g.Sum(d => d.Amount) }).ToListAsync(ct);

        var ids = open.Select(x => x.Key).Concat(late.Select(x => x.Key)).Concat(won.Select(x => x.Key)).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.FullName, ct);
        return ids.Select(id =>
            {
                var o = open.FirstOrDefault(x => x.Key == id);
                var w = won.FirstOrDefault(x => x.Key == id);
                return new SellerRow(id, names.GetValueOrDefault(id, "?"), o?.Count ?? 0, o?.Sum ?? 0,
                    late.FirstOrDefault(x => x.Key == id)?.Count ?? 0, w?.Count ?? 0, w?.Sum ?? 0, o?.Last);
            })
            .OrderByDescending(r => r.OpenSum).ThenBy(r => r.Name, StringComparer.Create(new System.Globalization.CultureInfo("ru-RU"), true)).ToList();
    }
}
