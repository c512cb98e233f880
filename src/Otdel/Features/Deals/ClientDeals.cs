using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Features.Clients;
using Otdel.Platform;

namespace Otdel.Features.Deals;

/// <summary>Deals' side of the client base (<see cref="IClientDeals"/>): a client's deals and figures through the deals' visibility rule.</summary>
sealed class ClientDeals(OtdelDb db, Access access) : IClientDeals
{
    public async Task<List<ClientDealRow>> ListAsync(long clientId, int limit, CancellationToken ct)
    {
        var rows = await db.Deals.VisibleTo(access).AsNoTracking().Where(d => d.ClientId == clientId)
            .OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id).Take(limit)
            .Select(d => new
            {
                d.Id, d.Title, d.Amount, d.Currency, d.Status, d.OwnerId, d.CreatedAt, d.ClosedAt,
                Stage = db.Stages.Where(s => s.Id == d.StageId).Select(s => s.Name).FirstOrDefault(),
                Owner = db.Users.Where(u => u.Id == d.OwnerId).Select(u => u.FullName).FirstOrDefault(),
            }).ToListAsync(ct);
        return rows.Select(d => new ClientDealRow(d.Id, d.Title, d.Amount, d.Currency, SnakeCase.Of(d.Status.ToString()), d.Stage, d.OwnerId, d.Owner,
            d.CreatedAt, d.ClosedAt)).ToList();
    }

    public async Task<ClientFiguresView> FiguresAsync(long clientId, CancellationToken ct)
    {
        var deals = db.Deals.VisibleTo(access).AsNoTracking().Where(d => d.ClientId == clientId);
        var won = deals.Where(d => d.Status == DealStatus.Won);
        var byCurrency = await won.GroupBy(d => d.Currency)
            .Select(g => new { Currency = g.Key, Revenue = g.Sum(d => d.Amount), Count = g.Count() }).ToListAsync(ct);
        var figures = byCurrency.OrderByDescending(g => g.Currency == "RUB").ThenBy(g => g.Currency)
            .Select(g => new MoneyFigures(g.Currency, g.Revenue, g.Count, decimal.Round(g.Revenue / g.Count, 2, MidpointRounding.AwayFromZero))).ToList();
        var last = await won.MaxAsync(d => d.ClosedAt, ct);
        var open = await deals.CountAsync(d => d.Status == DealStatus.Open, ct);
        var lost = await deals.CountAsync(d => d.Status == DealStatus.Lost, ct);
        return new ClientFiguresView(clientId, figures, figures.Sum(f => f.DealsWon), last, open, lost);
    }

    public Task<bool> AnyHiddenAsync(long clientId, CancellationToken ct)
    {
        if (access.VisibleUserIds is null) return Task.FromResult(false);
        var ids = access.VisibleUserIds.ToList();
        return db.Deals.AnyAsync(d => d.ClientId == clientId && !EF.Parameter(ids).Contains(d.OwnerId), ct);
    }

    public async Task<int> MoveAsync(long fromClientId, Client to, CancellationToken ct)
    {
        var deals = await db.Deals.Where(d => d.ClientId == fromClientId).ToListAsync(ct);
        foreach (var d in deals)
        {
            d.ClientId = to.Id;
            d.ClientName = to.Name;
            DealRules.Index(d);
        }
        return deals.Count;
    }
}
