using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Otdel.Data;
using Otdel.Features.Deals;
using Otdel.Features.Reports;
using Otdel.Platform;
using Otdel.Resources;

namespace Otdel.Features.ClientBase;

/// <summary>A client in the ABC analysis: its value in the period (revenue in roubles or won deals), share, running share, class.</summary>
public sealed record AbcRow(int Rank, long ClientId, string Name, bool IsCompany, long? OwnerId, string? OwnerName, bool IsKeyAccount,
    long? KamId, string? KamName, decimal Value, int DealsWon, double Share, double CumulativeShare, string Class);

/// <summary>One class's totals: how many clients, their value and its share of the total.</summary>
public sealed record AbcClassTotal(string Class, int Clients, decimal Value, double Share);

/// <summary>
/// The ABC analysis of a period. <c>clientsWithoutSales</c>: the caller's clients (within the filter) with nothing won in
/// the period — listed apart, not as C. <c>otherCurrencyDeals</c>: won deals in other currencies, left out of a revenue basis.
/// </summary>
public sealed record AbcResult(string By, DateOnly From, DateOnly To, long? OwnerId, long? TeamId, decimal Total,
    IReadOnlyList<AbcClassTotal> Classes, IReadOnlyList<AbcRow> Rows, int ClientsWithoutSales, int OtherCurrencyDeals, int DealsWithoutClient);

/// <summary>
/// ABC analysis of clients over the deals WON in a period (closed in [from 00:00 UTC, the day after to)) that the caller
/// sees: by revenue (deals in roubles; deals carry no cost, so there is no margin basis) or by the number of won deals.
/// A contact person's deals count for its company (the account is the company) when the caller sees the company; deals
/// with no client are counted apart. <c>ownerId</c>/<c>teamId</c> keep the deals of that owner or that team's people.
/// Ties are ordered by name, then id.
/// </summary>
public sealed class AbcReport(OtdelDb db, Access access, IStringLocalizer<Text> t)
{
    public static readonly string[] Bases = ["revenue", "deals"];

    public async Task<AbcResult> RunAsync(string by, DateOnly from, DateOnly to, long? ownerId, long? teamId, CancellationToken ct = default)
    {
        var fromUtc = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var toUtc = to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var deals = db.Deals.VisibleTo(access).AsNoTracking()
            .Where(d => d.Status == DealStatus.Won && d.ClosedAt >= fromUtc && d.ClosedAt < toUtc);
        if (ownerId is { } oid) deals = deals.Where(d => d.OwnerId == oid);
        if (teamId is { } tid) deals = deals.Where(d => db.Users.Any(u => u.Id == d.OwnerId && u.TeamId == tid));
        var won = await deals.Select(d => new { d.ClientId, d.Amount, d.Currency }).ToListAsync(ct);

        var revenueBasis = by == "revenue";
        var counted = revenueBasis ? won.Where(d => d.Currency == "RUB").ToList() : won;
        var clientIds = counted.Where(d => d.ClientId != null).Select(d => d.ClientId!.Value).Distinct().ToList();
        var visible = db.Clients.VisibleTo(access).AsNoTracking();
        var clients = await db.Clients.AsNoTracking().Where(c => clientIds.Contains(c.Id))
            .Select(c => new { c.Id, c.CompanyId, CompanyVisible = c.CompanyId != null && visible.Any(v => v.Id == c.CompanyId) })
            .ToDictionaryAsync(c => c.Id, ct);
        long AccountOf(long clientId) => clients.TryGetValue(clientId, out var c) && c.CompanyVisible ? c.CompanyId!.Value : clientId;

        var byAccount = counted.Where(d => d.ClientId != null)
            .GroupBy(d => AccountOf(d.ClientId!.Value))
            .Select(g => (Id: g.Key, Value: revenueBasis ? g.Sum(d => d.Amount) : g.Count(), Deals: g.Count()))
            .Where(x => x.Value > 0).ToList();
        var accountIds = byAccount.Select(x => x.Id).ToList();
        var info = await db.Clients.AsNoTracking().Where(c => accountIds.Contains(c.Id))
            .Select(c => new
            {
                c.Id, c.Name, c.NameKey, c.IsCompany, c.OwnerId, c.IsKeyAccount, c.KamId,
                Owner = db.Users.Where(u => u.Id == c.OwnerId).Select(u => u.FullName).FirstOrDefault(),
                Kam = db.Users.Where(u => u.Id == c.KamId).Select(u => u.FullName).FirstOrDefault(),
            }).ToDictionaryAsync(c => c.Id, ct);

        var sorted = byAccount.OrderByDescending(x => x.Value).ThenBy(x => info[x.Id].NameKey, StringComparer.Ordinal).ThenBy(x => x.Id).ToList();
        var total = sorted.Sum(x => x.Value);
        var classes = AbcClasses.Classify(sorted.Select(x => x.Value).ToList());
        var rows = sorted.Select((x, i) =>
        {
            var c = info[x.Id];
            return new AbcRow(i + 1, x.Id, c.Name, c.IsCompany, c.OwnerId, c.Owner, c.IsKeyAccount, c.KamId, c.Kam, x.Value, x.Deals,
                AbcClasses.Share(x.Value, total), AbcClasses.Share(classes[i].Cumulative, total), classes[i].Class);
        }).ToList();
        var totals = new[] { "A", "B", "C" }.Select(k =>
        {
            var inClass = rows.Where(r => r.Class == k).ToList();
            var value = inClass.Sum(r => r.Value);
            return new AbcClassTotal(k, inClass.Count, value, AbcClasses.Share(value, total));
        }).ToList();

        // The accounts of the same scope (the filter's owners, by the client's owner) that bought nothing in the period.
        var accounts = visible.Where(c => c.CompanyId == null && c.CreatedAt < toUtc);
        if (ownerId is { } o2) accounts = accounts.Where(c => c.OwnerId == o2);
        if (teamId is { } t2) accounts = accounts.Where(c => db.Users.Any(u => u.Id == c.OwnerId && u.TeamId == t2));
        var without = await accounts.CountAsync(c => !accountIds.Contains(c.Id), ct);

        return new AbcResult(by, from, to, ownerId, teamId, total, totals, rows, without,
            revenueBasis ? won.Count(d => d.Currency != "RUB") : 0, counted.Count(d => d.ClientId == null));
    }

    public byte[] Csv(AbcResult r) => ReportCsv.Write(
        [t["ClientBase.Abc.Rank"], t["ClientBase.Abc.Client"], t["ClientBase.Abc.Owner"], t["ClientBase.Abc.Value." + r.By],
            t["ClientBase.Abc.DealsWon"], t["ClientBase.Abc.Share"], t["ClientBase.Abc.Cumulative"], t["ClientBase.Abc.Class"],
            t["ClientBase.Abc.KeyAccount"], t["ClientBase.Abc.Kam"]],
        r.Rows.Select(x => new object?[]
        {
            x.Rank, x.Name, x.OwnerName, x.Value, x.DealsWon, x.Share, x.CumulativeShare, x.Class, x.IsKeyAccount, x.KamName,
        }).ToList());
}
