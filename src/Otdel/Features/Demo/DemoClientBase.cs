using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Features.Clients;
using Otdel.Features.Deals;
using Otdel.Features.Organisation;

namespace Otdel.Features.Demo;

/// <summary>
/// The demo's client base as a real one looks: most companies with a phone, an e-mail, an industry and a decision maker,
/// some without (the quality page has a list to fix), one company typed twice without its legal form (a look-alike); the two clients that
/// brought the most in the reports' default period (two quarters) marked as key accounts of the KAM.
/// </summary>
public static class DemoClientBase
{
    static readonly string[] Industries = ["Производство", "Оптовая торговля", "Строительство", "Логистика", "Розница", "ИТ"];
    static readonly string[] People = ["Андрей Викторович Белов", "Светлана Игоревна Котова", "Павел Сергеевич Гусев", "Ирина Олеговна Титова",
        "Олег Петрович Зайцев", "Юлия Андреевна Крылова"];
    static readonly string[] Positions = ["Генеральный директор", "Коммерческий директор", "Директор по закупкам", "Главный инженер"];

    public static async Task SeedAsync(IServiceProvider services, Department dep, CancellationToken ct)
    {
        var db = services.GetRequiredService<OtdelDb>();
        var now = db.UtcNow;
        var companies = await db.Clients.Where(c => c.CompanyId == null && c.IsCompany).OrderBy(c => c.Id).ToListAsync(ct);
        var rnd = new Random(31);
        for (var i = 0; i < companies.Count; i++)
        {
            var c = companies[i];
            // Every fifth lacks a phone, every fourth an e-mail, every third an industry; every other one has its ЛПР.
            if (i % 5 != 4) c.Phone = $"+7 (495) {rnd.Next(200, 999)}-{rnd.Next(10, 99)}-{rnd.Next(10, 99)}";
            if (i % 4 != 3) c.Email = $"info{i + 1}@client{i + 1}.ru";
            if (i % 3 != 2) c.Industry = Industries[i % Industries.Length];
            if (i % 2 == 0)
                db.Clients.Add(new Client
                {
                    Name = People[i / 2 % People.Length], IsCompany = false, CompanyId = c.Id, OwnerId = c.OwnerId, IsDecisionMaker = true,
                    Position = Positions[i % Positions.Length], Phone = $"+7 (916) {rnd.Next(100, 999)}-{rnd.Next(10, 99)}-{rnd.Next(10, 99)}",
                    CreatedAt = c.CreatedAt,
                });
        }
        // The same company typed a second time by another seller, with its legal form: the quality page flags the pair.
        if (companies.Count > 0 && companies[0].Name is var first && first.IndexOf('«') is var open and >= 0 && first.LastIndexOf('»') > open)
            db.Clients.Add(new Client { Name = first[(open + 1)..first.LastIndexOf('»')], OwnerId = companies[^1].OwnerId, CreatedAt = now.AddDays(-50) });
        await db.SaveChangesAsync(ct);

        // Key accounts: the two clients with the most won revenue in the ABC page's default period, managed by the KAM.
        var kam = await db.Users.FirstOrDefaultAsync(u => u.DepartmentId == dep.Id && u.Position == Position.KeyAccountManager, ct);
        if (kam is null) return;
        var (from, to) = Reports.ReportPeriod.TwoQuarters(now);
        var (since, until) = (from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));
        var top = (await db.Deals.Where(d => d.Status == DealStatus.Won && d.ClientId != null && d.ClosedAt >= since && d.ClosedAt < until
            && d.Currency == "RUB")
                .Select(d => new { d.ClientId, d.Amount }).ToListAsync(ct))
            .GroupBy(d => d.ClientId!.Value).OrderByDescending(g => g.Sum(d => d.Amount)).Take(2).Select(g => g.Key).ToList();
        foreach (var c in await db.Clients.Where(c => top.Contains(c.Id) && c.CompanyId == null).ToListAsync(ct))
            (c.IsKeyAccount, c.KamId) = (true, kam.Id);
        await db.SaveChangesAsync(ct);
    }
}
