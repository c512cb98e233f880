using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Features.Organisation;
using Otdel.Features.Plans;

namespace Otdel.Features.Demo;

/// <summary>The demo's top-down plan: this month's revenue target for the «Новые продажи» team, split evenly over its sellers.</summary>
public static class DemoPlans
{
    public static async Task SeedAsync(IServiceProvider services, Department department, User head, Team team, CancellationToken ct)
    {
        var db = services.GetRequiredService<OtdelDb>();
        var calendars = services.GetRequiredService<Calendars>();
        var (_, zone) = await calendars.ForDepartmentAsync(department.Id, ct);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(db.UtcNow, zone));
        PlanPeriod.TryParse(PlanPeriod.MonthText(new DateOnly(today.Year, today.Month, 1)), out var month);
        var sellers = await db.Users.AsNoTracking().Where(u => u.TeamId == team.Id && u.IsActive && SavePlan.SellerPositions.Contains(u.Position))
            .OrderBy(u => u.Id).Select(u => u.Id).ToListAsync(ct);
        if (sellers.Count == 0) return;
        db.Plans.Add(new Plan
        {
            Period = month.Text, StartsOn = month.Start, EndsOn = month.End, Level = PlanLevel.Team, TargetId = team.Id, DepartmentId = department.Id,
            Metric = PlanMetric.RevenueWon, Amount = 6_000_000m, Distribution = PlanDistribution.Even, SellerWeights = sellers.ToDictionary(s => s, _ => 1m),
            Reason = "Цель коммерческого директора на месяц", CreatedById = head.Id, CreatedAt = db.UtcNow,
        });
        await db.SaveChangesAsync(ct);
    }
}
