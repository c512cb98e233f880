using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Features.Clients;
using Otdel.Features.Leads;
using Otdel.Features.Organisation;
using Otdel.Features.Segments;

namespace Otdel.Features.Demo;

/// <summary>
/// The demo's leads: three channels with spend, the department's scoring rules, leads scored and qualified by them (some
/// contacted, two disqualified), leads that became some of the demo's deals (won, lost and open), and two segments of the
/// client base the demo deals made.
/// </summary>
public static class DemoLeads
{
    /// <summary>
    /// Leads the demo's recent deals came from, as <see cref="ConvertLead"/> leaves them: converted, linked to the deal and
    /// its client, arrived a day or three before the deal was opened — so the channel report has deals, wins and revenue.
    /// </summary>
    static async Task ConvertedAsync(OtdelDb db, Department dep, List<User> hunters, Channel[] channels, CancellationToken ct)
    {
        var now = db.UtcNow;
        var since = now.AddDays(-75);
        var deals = await db.Deals.Where(d => db.Users.Any(u => u.Id == d.OwnerId && u.DepartmentId == dep.Id) && d.CreatedAt >= since && d.ClientId != null)
            .OrderBy(d => d.Id).Select(d => new { d.Id, d.Status, d.CreatedAt, d.ClientId }).ToListAsync(ct);
        var picked = deals.Where(d => d.Status == Deals.DealStatus.Won).Take(5)
            .Concat(deals.Where(d => d.Status == Deals.DealStatus.Lost).Take(2))
            .Concat(deals.Where(d => d.Status == Deals.DealStatus.Open).Take(3)).ToList();
        var clientIds = picked.Select(d => d.ClientId!.Value).ToList();
        var clients = await db.Clients.Where(c => clientIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        var i = 0;
        foreach (var d in picked)
        {
            var channel = channels[i % 2 == 0 ? 0 : i % 3 == 1 ? 1 : 2];
            var at = d.CreatedAt.AddDays(-1 - i % 3).AddHours(-3);
            db.Leads.Add(new Lead
            {
                Name = clients.GetValueOrDefault(d.ClientId!.Value, "Клиент"), Company = clients.GetValueOrDefault(d.ClientId.Value),
                ChannelId = channel.Id, Source = channel.Name, OwnerId = hunters[i % hunters.Count].Id, ArrivedAt = at, CreatedAt = at,
                FirstContactAt = at.AddMinutes(12 + 9 * i), Status = LeadStatus.Converted, ClientId = d.ClientId, DealId = d.Id, ConvertedAt = d.CreatedAt,
            });
            i++;
        }
        await db.SaveChangesAsync(ct);
    }

    public static async Task SeedAsync(IServiceProvider services, Department dep, User head, CancellationToken ct)
    {
        var db = services.GetRequiredService<OtdelDb>();
        var now = db.UtcNow;
        var hunters = await db.Users.Where(u => u.DepartmentId == dep.Id && u.Position == Position.Hunter).OrderBy(u => u.Id).ToListAsync(ct);
        if (hunters.Count == 0) return;
        Channel Ch(string name, ChannelKind kind, User owner) => new()
        {
            Name = name, Kind = kind, OwnerId = owner.Id, DepartmentId = dep.Id, CreatedAt = now,
            FormKey = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12)),
        };
        var site = Ch("Сайт, форма заявки", ChannelKind.WebForm, hunters[0]);
        var expo = Ch("Выставка «Металлообработка»", ChannelKind.Exhibition, hunters[^1]);
        var calls = Ch("Холодные звонки", ChannelKind.ColdCall, hunters[0]);
        db.Channels.AddRange(site, expo, calls);
        await db.SaveChangesAsync(ct);
        var month = new DateOnly(now.Year, now.Month, 1);
        db.ChannelSpend.AddRange(
            new ChannelSpend { ChannelId = site.Id, Month = month, Amount = 120_000m }, new ChannelSpend
            {
                ChannelId = site.Id,
                Month = month.AddMonths(-1), Amount = 95_000m
            },
            new ChannelSpend { ChannelId = expo.Id, Month = month.AddMonths(-1), Amount = 350_000m },
            new ChannelSpend { ChannelId = site.Id, Month = month.AddMonths(-2), Amount = 90_000m },
            new ChannelSpend { ChannelId = calls.Id, Month = month.AddMonths(-1), Amount = 40_000m });

        db.LeadScoring.Add(new LeadScoring
        {
            DepartmentId = dep.Id, MqlThreshold = 30, SqlThreshold = 60, UpdatedById = head.Id, UpdatedAt = now,
            Rules =
            [
                new("filled", "phone", null, 10), new("filled", "email", null, 5), new("filled", "company", null, 10),
                new("equals", "position", "Генеральный директор", 20), new("equals", "position", "Директор по закупкам", 15),
                new("channel_kind", null, "exhibition", 15), new("channel_kind", null, "web_form", 10), new("channel_kind", null, "cold_call", -5),
                new("company_size", null, "large", 25), new("company_size", null, "medium", 15),
                new("activity", null, "contacted", 5), new("activity", null, "repeat_request", 10),
            ],
        });
        await db.SaveChangesAsync(ct);

        (string Name, string? Company, string? Position, ClientSize? Size, string? Phone, string? Email, Channel Channel, int DaysAgo,
            bool Contacted, string? Out)[] list =
        [
            ("Андрей Ковалёв", "ООО «СтанкоПром»", "Генеральный директор", ClientSize.Large, "+7 916 210-11-01", "kovalev@stankoprom.ru", expo, 3, true, null),
            ("Ирина Белова", "АО «УралМаш-Сервис»", "Директор по закупкам", ClientSize.Medium, "+7 912 300-22-02", null, expo, 4, true, null),
            ("Павел Гришин", "ИП Гришин", null, ClientSize.Micro, "+7 903 410-33-03", null, calls, 6, true, "Нет бюджета в этом году"),
            ("Светлана Орехова", "ООО «ТехноЛайн»", "Инженер", ClientSize.Small, null, "orekhova@technoline.ru", site, 1, false, null),
            ("Виктор Зуев", "ПАО «Северсталь-Метиз»", "Директор по закупкам", ClientSize.Large, "+7 921 520-44-04", "zuev@ssm.ru", site, 2, false, null),
            ("Олег Лаптев", null, null, null, "+7 905 630-55-05", null, calls, 9, true, "Ищет б/у оборудование"),
            ("Наталья Сизова", "ООО «Фрезер»", "Главный механик", ClientSize.Small, "+7 915 740-66-06", "sizova@frezer.ru", site, 0, false, null),
            ("Роман Тихонов", "АО «Литейный завод»", "Генеральный директор", ClientSize.Medium, null, "tikhonov@liteyka.ru", expo, 5, false, null),
            ("Кирилл Малышев", "ООО «Прокат»", null, null, "+7 926 850-77-07", null, calls, 2, false, null),
        ];
        var scores = new LeadScores(db);
        var i = 0;
        var disqualified = new List<(Lead Lead, string Reason)>();
        foreach (var x in list)
        {
            var owner = hunters[i++ % hunters.Count];
            var at = now.AddDays(-x.DaysAgo).AddHours(-2 - i);
            var l = new Lead
            {
                Name = x.Name, Company = x.Company, Position = x.Position, CompanySize = x.Size, Phone = x.Phone, Email = x.Email, ChannelId = x.Channel.Id,
                Source = x.Channel.Name, OwnerId = owner.Id, ArrivedAt = at, CreatedAt = at, FirstContactAt = x.Contacted ? at.AddMinutes(25 + 17 * i) : null,
                Status = LeadStatus.New,
            };
            await scores.ApplyAsync(l, ct);
            if (x.Out is { } reason) disqualified.Add((l, reason));
            db.Leads.Add(l);
        }
        await db.SaveChangesAsync(ct);
        // Disqualified after they were scored, in a save of their own, so their history keeps what they had reached.
        foreach (var (l, reason) in disqualified) (l.Status, l.DisqualifyReason) = (LeadStatus.Disqualified, reason);
        await db.SaveChangesAsync(ct);
        await ConvertedAsync(db, dep, hunters, [site, expo, calls], ct);

        db.Segments.AddRange(
            new Segment
            {
                Name = "Крупные покупатели", DepartmentId = dep.Id, AuthorId = head.Id, CreatedAt = now, UpdatedAt = now,
                Conditions = [new("total", Min: 1_000_000m)],
            },
            new Segment
            {
                Name = "Спящие: покупали, но не 60 дней и без открытых сделок", DepartmentId = dep.Id, AuthorId = head.Id, CreatedAt = now, UpdatedAt = now,
                Conditions = [new("idle_days", Days: 60), new("active_deals", Has: false)],
            });
        await db.SaveChangesAsync(ct);
    }
}
