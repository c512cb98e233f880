using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Otdel.Data;
using Otdel.Platform;
using Otdel.Resources;

namespace Otdel.Features.Reports;

/// <summary>One group of the sales report: <c>key</c> is the group's id (owner, boss, team, department), the product,
/// the source or the month (yyyy-MM); <c>label</c> is what a person reads.</summary>
public sealed record SalesRow(string? Key, string Label, long Won, long Lost, double? WinRate, decimal RevenueWon,
    decimal? AvgWonDeal, double? MedianCycleDays);

public sealed record SalesResult(string GroupBy, DateOnly From, DateOnly To, IReadOnlyList<SalesRow> Rows, SalesRow Total);

/// <summary>
/// Won and lost deals by owner, the owner's boss, team, department, product, source or month of closing: deals count in
/// the period of their close date ([from 00:00 UTC, the day after to), like every report); win rate = won ÷ (won + lost);
/// the cycle is the close date minus the created date in days, over closed deals (the median of an even count is the
/// mean of the middle two). Only deals whose owner the caller sees.
/// </summary>
public sealed class SalesReport(OtdelDb db, Access access, IStringLocalizer<Text> t)
{
    public static readonly string[] GroupBys = ["owner", "manager", "team", "department", "product", "source", "month"];

    sealed record Closed(long OwnerId, bool Won, decimal Amount, DateTime CreatedAt, DateTime ClosedAt, string? Products, string? Source);

    public Task<SalesResult> Run(string groupBy, DateOnly from, DateOnly to, CancellationToken ct = default) => Run(groupBy, from, to, null, ct);

    /// <summary>The same, over the deals of some owners only (a plan's sellers: the plan/fact page's figures per month).</summary>
    public async Task<SalesResult> Run(string groupBy, DateOnly from, DateOnly to, IReadOnlyCollection<long>? onlyOwners, CancellationToken ct = default)
    {
        var fromUtc = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var toUtc = to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var scope = db.Deals.VisibleTo(access).AsNoTracking();
        if (onlyOwners is not null)
        {
            var ids = onlyOwners.ToList();
            scope = scope.Where(d => ids.Contains(d.OwnerId));
        }
        var deals = await scope
            .Where(d => (d.Status == Deals.DealStatus.Won || d.Status == Deals.DealStatus.Lost) && d.ClosedAt >= fromUtc && d.ClosedAt < toUtc)
            .Select(d => new Closed(d.OwnerId, d.Status == Deals.DealStatus.Won, d.Amount, d.CreatedAt, d.ClosedAt!.Value, d.Products, d.Source))
            .ToListAsync(ct);
        var ownerIds = deals.Select(d => d.OwnerId).Distinct().ToList();
        var owners = await db.Users.AsNoTracking().Where(u => ownerIds.Contains(u.Id))
            .Select(u => new { u.Id, u.FullName, u.ManagerId, u.TeamId, u.DepartmentId }).ToDictionaryAsync(u => u.Id, ct);
        var bossIds = owners.Values.Where(o => o.ManagerId != null).Select(o => o.ManagerId!.Value).Distinct().ToList();
        var teamIds = owners.Values.Where(o => o.TeamId != null).Select(o => o.TeamId!.Value).Distinct().ToList();
        var depIds = owners.Values.Where(o => o.DepartmentId != null).Select(o => o.DepartmentId!.Value).Distinct().ToList();
        var bosses = await db.Users.AsNoTracking().Where(u => bossIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.FullName, ct);
        var teams = await db.Teams.AsNoTracking().Where(x => teamIds.Contains(x.Id)).ToDictionaryAsync(x => x.Id, x => x.Name, ct);
        var deps = await db.Departments.AsNoTracking().Where(x => depIds.Contains(x.Id)).ToDictionaryAsync(x => x.Id, x => x.Name, ct);

        string none = t["Reports.Sales.None"];
        (string? Key, string Label) KeyOf(Closed d)
        {
            var o = owners.GetValueOrDefault(d.OwnerId);
            return groupBy switch
            {
                "manager" => o?.ManagerId is { } m ? (Id(m), bosses.GetValueOrDefault(m) ?? none) : (null, none),
                "team" => o?.TeamId is { } tm ? (Id(tm), teams.GetValueOrDefault(tm) ?? none) : (null, none),
                "department" => o?.DepartmentId is { } dp ? (Id(dp), deps.GetValueOrDefault(dp) ?? none) : (null, none),
                "product" => string.IsNullOrWhiteSpace(d.Products) ? (null, none) : (d.Products.Trim(), d.Products.Trim()),
                "source" => string.IsNullOrWhiteSpace(d.Source) ? (null, none) : (d.Source.Trim(), d.Source.Trim()),
                "month" => (d.ClosedAt.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture),
                    d.ClosedAt.ToString("MMMM yyyy", System.Globalization.CultureInfo.CurrentCulture)),
                _ => (Id(d.OwnerId), o?.FullName ?? none),
            };
        }
        var rows = deals.GroupBy(KeyOf).Select(g => Row(g.Key.Key, g.Key.Label, g.ToList()))
            .OrderByDescending(r => r.RevenueWon).ThenBy(r => r.Key, StringComparer.Ordinal).ToList();
        if (groupBy == "month") rows = rows.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
        return new SalesResult(groupBy, from, to, rows, Row(null, t["Reports.Sales.Total"], deals));
    }

    static string Id(long id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    static SalesRow Row(string? key, string label, IReadOnlyList<Closed> deals)
    {
        long won = deals.Count(d => d.Won), lost = deals.Count - won;
        var revenue = deals.Where(d => d.Won).Sum(d => d.Amount);
        var cycles = deals.Select(d => (double)(DateOnly.FromDateTime(d.ClosedAt).DayNumber - DateOnly.FromDateTime(d.CreatedAt).DayNumber)).Order().ToList();
        return new SalesRow(key, label, won, lost, won + lost == 0 ? null : Math.Round((double)won / (won + lost), 4),
            revenue, won == 0 ? null : decimal.Round(revenue / won, 2, MidpointRounding.AwayFromZero), ReportMath.Median(cycles));
    }

    public byte[] Csv(SalesResult r) => ReportCsv.Write(
        [t["Reports.Sales.Group"], t["Reports.Sales.Won"], t["Reports.Sales.Lost"], t["Reports.Sales.WinRate"], t["Reports.Sales.Revenue"],
            t["Reports.Sales.AvgDeal"], t["Reports.Sales.MedianCycle"]],
        r.Rows.Append(r.Total).Select(x => new object?[] { x.Label, x.Won, x.Lost, x.WinRate, x.RevenueWon, x.AvgWonDeal, x.MedianCycleDays }).ToList());
}
