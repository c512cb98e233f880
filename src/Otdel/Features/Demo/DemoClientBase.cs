using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Features.Clients;
using Otdel.Features.Deals;
using Otdel.Features.Organisation;

namespace Otdel.Features.Demo;

/// <summary>
/// The demo's client base as a real one looks: most companies with a phone, an e-mail, an industry and a decision maker,
/// some without (the quality page has a list to fix), one company typed twice without its legal form (a look-alike); the two clients that
/// brought the most in the reports' default period (two quarters) marked as key accounts of the KAM; contract
/// anniversaries and a company's day among the important dates.
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

        // Important dates: contract anniversaries of the first companies (one in a few days, so a reminder comes soon), a
        // company's own day, and a one-time date ahead; a decision maker's birthday next week.
        var today = DateOnly.FromDateTime(now);
        for (var i = 0; i < Math.Min(3, companies.Count); i++)
        {
            var on = today.AddDays(2 + i * 9);
            db.Add(new ClientDate
            {
                ClientId = companies[i].Id, Title = "Годовщина договора", Date = new DateOnly(2021 + i, on.Month, Math.Min(on.Day, 28)),
                Note = i == 0 ? "Поздравить генерального директора, отправить подарок" : null,
            });
        }
        if (companies.Count > 3)
        {
            db.Add(new ClientDate { ClientId = companies[3].Id, Title = "День компании", Date = new DateOnly(2008, 9, 15) });
            db.Add(new ClientDate { ClientId = companies[3].Id, Title = "Запуск нового цеха", Date = today.AddDays(24), Yearly = false });
        }
        if (await db.Clients.Where(c => c.IsDecisionMaker && c.Birthday == null).OrderBy(c => c.Id).FirstOrDefaultAsync(ct) is { } dm)
            dm.Birthday = new DateOnly(1979, today.AddDays(6).Month, Math.Min(today.AddDays(6).Day, 28));
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
