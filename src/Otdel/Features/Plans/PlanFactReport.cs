using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Platform;

namespace Otdel.Features.Plans;

/// <summary>One line of plan/fact: the whole target (userId null) or a seller.</summary>
public sealed record PlanFactLine(long? UserId, string Name, decimal Plan, decimal Fact, double? PercentDone, decimal Gap,
    decimal? NeededPerDay, decimal RunRate);

/// <summary>
/// Plan against fact for a plan's period on today's date (in the department's zone): working days passed count today.
/// expectedPercent = working days passed ÷ all working days; gap = plan − fact; neededPerDay = the gap ÷ the working
/// days left (after today); runRate = fact + fact ÷ days passed × days left (issue 12 items 5 and 6).
/// </summary>
public sealed record PlanFactView(long PlanId, string Period, string Level, long? TargetId, string Metric, DateOnly Today, bool FactRecorded,
    int WorkingDays, int WorkingDaysPassed, int WorkingDaysLeft, double ExpectedPercent, PlanFactLine? Total, List<PlanFactLine> Sellers);

public sealed class PlanFactReport(OtdelDb db, Access access, Calendars calendars)
{
    public async Task<PlanFactView> RunAsync(Plan plan, CancellationToken ct = default)
    {
        var (calendar, zone) = await calendars.ForDepartmentAsync(plan.DepartmentId, ct);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(db.UtcNow, zone));
        var months = PlanReader.Schedule(plan, calendar, await PlanReader.AwayAsync(db, plan, ct));
        var days = months.SelectMany(m => m.Days).ToList();
        int passed = days.Count(d => d <= today), left = days.Count - passed;

        var planOf = new Dictionary<long, long>();
        foreach (var m in months)
            for (var j = 0; j < m.Sellers.Count; j++)
                planOf[m.Sellers[j]] = planOf.GetValueOrDefault(m.Sellers[j]) + m.SellerDays[j].Sum();
        var sellers = planOf.Keys.ToList();
        var through = today < plan.EndsOn ? today : plan.EndsOn;
        var facts = through < plan.StartsOn ? new Dictionary<(long User, DateOnly Day), long>()
            : await PlanFacts.DailyAsync(db, access, plan.Metric, sellers, plan.StartsOn, through, zone, ct);
        var factOf = sellers.ToDictionary(s => s, s => facts?.Where(f => f.Key.User == s).Sum(f => f.Value) ?? 0L);
        var names = await db.Users.AsNoTracking().Where(u => sellers.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.FullName, ct);

        PlanFactLine Line(long? user, string name, long planned, long fact)
        {
            decimal p = planned / 100m, f = fact / 100m, gap = p - f;
            return new PlanFactLine(user, name, p, f, planned == 0 ? null : Math.Round((double)(f / p) * 100, 1), gap,
                left == 0 ? null : decimal.Round(Math.Max(gap, 0) / left, 2, MidpointRounding.AwayFromZero),
                passed == 0 ? f : decimal.Round(f + f / passed * left, 2, MidpointRounding.AwayFromZero));
        }
        var lines = sellers.Where(access.CanSee).Select(s => Line(s, names.GetValueOrDefault(s) ?? "?", planOf[s], factOf[s]))
            .OrderBy(l => l.Name, StringComparer.CurrentCulture).ToList();
        // The whole target only for whoever sees every seller in it, as on the plan page.
        var total = sellers.All(access.CanSee) ? Line(null, "", months.Sum(m => m.TeamDays.Sum()), factOf.Values.Sum()) : null;
        return new PlanFactView(plan.Id, plan.Period, SnakeCase.Of(plan.Level.ToString()), plan.TargetId,
            char.ToLowerInvariant(plan.Metric.ToString()[0]) + plan.Metric.ToString()[1..], today, facts is not null,
            days.Count, passed, left, days.Count == 0 ? 0 : Math.Round(passed * 100.0 / days.Count, 1), total, lines);
    }
}
