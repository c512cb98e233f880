using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Features.Deals;
using Otdel.Features.Organisation;

namespace Otdel.Features.Payments;

/// <summary>
/// The demo department's money: most won deals paid in full within a week of the win, some with half paid up front and
/// the rest still owed, a few not paid yet — so the deal cards show paid, owed and in between.
/// </summary>
public static class DemoPayments
{
    public static async Task SeedAsync(IServiceProvider services, Department department, CancellationToken ct)
    {
        var db = services.GetRequiredService<OtdelDb>();
        var today = DateOnly.FromDateTime(db.UtcNow.AddHours(3)); // the demo department works in Moscow
        var rnd = new Random(11);
        var won = await db.Deals.AsNoTracking()
            .Join(db.Users.Where(u => u.DepartmentId == department.Id), d => d.OwnerId, u => u.Id, (d, u) => d)
            .Where(d => d.Status == DealStatus.Won && d.Amount > 0).OrderBy(d => d.Id)
            .Select(d => new { d.Id, d.Amount, d.Currency, d.ClosedAt, d.OwnerId }).ToListAsync(ct);
        foreach (var d in won)
        {
            var closed = DateOnly.FromDateTime((d.ClosedAt ?? db.UtcNow).AddHours(3));
            var share = rnd.Next(20) switch { < 14 => 1m, < 17 => 0.5m, _ => 0m };
            if (share == 0) continue;
            var first = decimal.Round(d.Amount * share, 2);
            Add(d.Id, first, d.Currency, Min(closed.AddDays(rnd.Next(0, 8)), today), d.OwnerId);
        }
        await db.SaveChangesAsync(ct);

        void Add(long dealId, decimal amount, string currency, DateOnly on, long by) => db.Add(new Payment
        {
            DealId = dealId, Amount = amount, Currency = currency, ReceivedOn = on, Reference = rnd.Next(100, 2000).ToString(),
            RecordedById = by, RecordedAt = db.UtcNow,
        });
    }

    static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;
}
