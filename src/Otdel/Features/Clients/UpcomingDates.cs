using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Platform;

namespace Otdel.Features.Clients;

/// <summary>A birthday or a client's own date coming within the next days (My day's «Ближайшие важные даты»).</summary>
public sealed record UpcomingDate(long ClientId, string ClientName, string? CompanyName, string Title, bool IsBirthday, DateOnly On, int DaysLeft);

/// <summary>The birthdays and important dates of the clients the caller sees, coming from today to <c>days</c> ahead, the nearest first.</summary>
public static class UpcomingDates
{
    public static async Task<(List<UpcomingDate> Items, int Count)> ForAsync(OtdelDb db, Access access, DateOnly today, int days, int take,
        CancellationToken ct)
    {
        var last = today.AddDays(days);
        var months = Enumerable.Range(0, days + 1).Select(i => today.AddDays(i).Month).Distinct().ToList();
        var visible = db.Clients.VisibleTo(access).AsNoTracking();
        var births = (await visible.Where(c => c.Birthday != null && months.Contains(c.Birthday.Value.Month))
                .Select(c => new { c.Id, Birthday = c.Birthday!.Value }).ToListAsync(ct))
            .Select(c => (c.Id, Title: (string?)null, On: ImportantDates.Next(c.Birthday, today)));
        var own = (await db.Set<ClientDate>().AsNoTracking()
                .Where(d => (d.Yearly && months.Contains(d.Date.Month)) || (!d.Yearly && d.Date >= today && d.Date <= last))
                .Join(visible, d => d.ClientId, c => c.Id, (d, c) => new { d.ClientId, d.Title, d.Date, d.Yearly }).ToListAsync(ct))
            .Select(d => (Id: d.ClientId, Title: (string?)d.Title, On: ImportantDates.Next(d.Date, d.Yearly, today) ?? DateOnly.MaxValue));
        var coming = births.Concat(own).Where(x => x.On <= last).OrderBy(x => x.On).ThenBy(x => x.Id).ToList();
        var shown = coming.Take(take).ToList();
        var ids = shown.Select(x => x.Id).Distinct().ToList();
        var clients = await db.Clients.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => new { c.Name, c.CompanyId }, ct);
        var companyIds = clients.Values.Select(c => c.CompanyId).OfType<long>().Distinct().ToList();
        var companies = await db.Clients.AsNoTracking().Where(c => companyIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        var items = shown.Where(x => clients.ContainsKey(x.Id)).Select(x =>
        {
            var c = clients[x.Id];
            return new UpcomingDate(x.Id, c.Name, c.CompanyId is { } co ? companies.GetValueOrDefault(co) : null, x.Title ?? "", x.Title is null,
                x.On, x.On.DayNumber - today.DayNumber);
        }).ToList();
        return (items, coming.Count);
    }
}
