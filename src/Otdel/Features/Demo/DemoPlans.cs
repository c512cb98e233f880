using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Features.Deals;
using Otdel.Features.Organisation;
using Otdel.Features.Pipelines;
using Otdel.Features.Plans;

namespace Otdel.Features.Demo;

/// <summary>
/// The demo's top-down plan: this month's revenue target of 6 000 000 ₽ for the «Новые продажи» team, decomposed to its
/// sellers by weight (closers 2, hunters 1: hunters hand their deals on; 1 500 000 ₽ and 750 000 ₽), and what they have won so far this month — deals
/// won on the past working days of the month (and one this morning once the day has begun) — so the seller's day, the plan
/// page and plan/fact show real figures: the team somewhat behind the schedule, each seller differently. Deterministic for
/// a given date. Each won deal has its journey through the sales stages, as real moves leave.
/// </summary>
public static class DemoPlans
{
    public const decimal Amount = 6_000_000m;

    static readonly string[] Titles =
    [
        "Поставка расходных материалов", "Годовое сервисное обслуживание", "Лицензии и внедрение", "Поставка оборудования для склада",
        "Обучение отдела продаж", "Модернизация видеонаблюдения", "Корпоративная связь на год", "Ремонт офиса под ключ",
    ];

    static readonly string[] Clients =
    [
        "ООО «Северсталь-Сервис»", "ООО «Городские аптеки»", "АО «Речной порт Самара»", "ООО «Логистик Плюс»", "ООО «Мастер Окон»",
        "ООО «Агрокомплекс Победа»", "ООО «Бизнес-центр Невский»", "ООО «Уралтрансстрой»", "ООО «Кондитерская фабрика Россия»",
    ];

    public static async Task SeedAsync(IServiceProvider services, Department department, User head, Team team, CancellationToken ct)
    {
        var db = services.GetRequiredService<OtdelDb>();
        var calendars = services.GetRequiredService<Calendars>();
        var (calendar, zone) = await calendars.ForDepartmentAsync(department.Id, ct);
        var now = db.UtcNow;
        var local = TimeZoneInfo.ConvertTimeFromUtc(now, zone);
        var today = DateOnly.FromDateTime(local);
        PlanPeriod.TryParse(PlanPeriod.MonthText(new DateOnly(today.Year, today.Month, 1)), out var month);
        var sellers = await db.Users.AsNoTracking().Where(u => u.TeamId == team.Id && u.IsActive && SavePlan.SellerPositions.Contains(u.Position))
            .OrderBy(u => u.Id).Select(u => new { u.Id, u.Position }).ToListAsync(ct);
        if (sellers.Count == 0) return;
        var weights = sellers.ToDictionary(s => s.Id, s => s.Position == Position.Hunter ? 1m : 2m);
        db.Plans.Add(new Plan
        {
            Period = month.Text, StartsOn = month.Start, EndsOn = month.End, Level = PlanLevel.Team, TargetId = team.Id, DepartmentId = department.Id,
            Metric = PlanMetric.RevenueWon, Amount = Amount, Distribution = PlanDistribution.Weights, SellerWeights = weights,
            Reason = "Цель коммерческого директора на месяц", CreatedById = head.Id, CreatedAt = now,
        });
        await db.SaveChangesAsync(ct);

        var pipeline = await db.Pipelines.AsNoTracking().Where(p => p.DepartmentId == department.Id && p.Template == PipelineTemplates.B2B)
            .Select(p => p.Id).FirstOrDefaultAsync(ct);
        if (pipeline == 0) return;
        var stages = await db.Stages.AsNoTracking().Where(s => s.PipelineId == pipeline).OrderBy(s => s.Order).ToListAsync(ct);
        var sales = stages.Where(s => s.Kind == StageKind.Sales).ToList();
        var after = stages.FirstOrDefault(s => s.Kind == StageKind.PostSale) ?? sales[^1];

        // Each seller's share of a working day, and a seeded dice per day: three days in five a win of one to two days' share.
        var working = calendar.WorkingDaysIn(today.Year, today.Month);
        var daily = Amount / Math.Max(1, working.Count) / weights.Values.Sum();
        // The team lead (the first closer) may run ahead of his schedule; the others stay below 95 % of theirs, so their plan
        // for today carries a shortfall, as a head usually finds it.
        var star = (sellers.FirstOrDefault(s => s.Position == Position.Closer) ?? sellers[0]).Id;
        var wins = new List<(long Seller, DateTime At, decimal Amount)>();
        var sold = sellers.ToDictionary(s => s.Id, _ => 0m);
        var past = working.Where(d => d < today).ToList();
        for (var i = 0; i < past.Count; i++)
        {
            var rnd = new Random(past[i].DayNumber);
            foreach (var s in sellers)
            {
                if (rnd.NextDouble() > 0.6) continue;
                var amount = decimal.Round(daily * weights[s.Id] * (decimal)(1.2 + rnd.NextDouble() * 0.8) / 1000m, 0) * 1000m;
                var at = past[i].ToDateTime(new TimeOnly(10 + rnd.Next(0, 8), rnd.Next(0, 60)));
                if (s.Id != star && sold[s.Id] + amount > 0.95m * daily * weights[s.Id] * (i + 1)) continue;
                sold[s.Id] += amount;
                wins.Add((s.Id, TimeZoneInfo.ConvertTimeToUtc(at, zone), amount));
            }
        }
        // A first win this morning, once the working day is under way, so «сделано сегодня» is not empty for everyone.
        if (working.Contains(today) && local.Hour >= 10)
            wins.Add((star, TimeZoneInfo.ConvertTimeToUtc(today.ToDateTime(new TimeOnly(9, 40)), zone), decimal.Round(daily * 2 / 1000m, 0) * 1000m));

        var n = 0;
        foreach (var (seller, at, amount) in wins)
        {
            var created = at.AddDays(-(sales.Count * 2 + n % 5));
            var deal = new Deal
            {
                Title = Titles[n % Titles.Length], ClientName = Clients[n % Clients.Length], Amount = amount, PipelineId = pipeline, StageId = after.Id,
                OwnerId = seller, Status = DealStatus.Won, CreatedAt = created, ClosedAt = at, StageEnteredAt = at, Source = "Рекомендация",
                ExpectedCloseDate = DateOnly.FromDateTime(at),
            };
            DealRules.Index(deal);
            db.Deals.Add(deal);
            await db.SaveChangesAsync(ct);
            // Its journey: two days in each sales stage, won on leaving the last one; in the first post-sale stage since.
            var path = sales.Append(after).Distinct().ToList();
            for (var k = 0; k < path.Count; k++)
            {
                var entered = k == path.Count - 1 ? at : created.AddDays(2 * k);
                var exited = k == path.Count - 1 ? (DateTime?)null : k == path.Count - 2 ? at : created.AddDays(2 * (k + 1));
                db.StageVisits.Add(new StageVisit
                {
                    DealId = deal.Id, PipelineId = pipeline, StageId = path[k].Id, ExecutorId = seller, EnteredAt = entered, ExitedAt = exited,
                    Hours = exited is { } x ? (x - entered).TotalHours : null,
                    Outcome = exited is null ? null : k == path.Count - 2 ? VisitOutcome.Won : VisitOutcome.Forward,
                    IsFirstEntry = true, Advanced = exited is not null, MovedById = seller,
                });
            }
            n++;
        }
        await db.SaveChangesAsync(ct);
    }
}
