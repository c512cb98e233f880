using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Platform;

namespace Otdel.Features.Plans;

/// <summary>
/// A seller's today in one plan: the day's plan after carry-over by the policy (null on a day off, with the next working
/// day), what is done so far today (a day off's sales count on the next working day, as on the plan page; null for a metric
/// not recorded), what remains of today's plan, what earlier days carried into it, and the month's plan and fact so far.
/// </summary>
public sealed record SellerDayPlan(long PlanId, string Period, string Level, string TargetName, string Metric, DateOnly Date, bool WorkingDay,
    decimal? Plan, decimal? Done, decimal? Remaining, decimal Carried, decimal BasePlan, decimal MonthPlan, decimal? MonthFact, DateOnly? NextWorkingDay);

/// <summary>One seller's today in one plan, for the head's table of every seller they see.</summary>
public sealed record SellerTodayLine(long UserId, string Name, long PlanId, string Level, string TargetName, string Metric, decimal Plan, decimal? Done,
    decimal Remaining, decimal Carried);

/// <summary>The seller's daily view: each plan they are part of today, and the open deals that could close it.</summary>
public sealed record SellerDayView(long UserId, string Name, DateOnly Today, string Policy, List<SellerDayPlan> Plans, List<PlanDeal> Deals);

/// <summary>
/// The seller's daily view (issue 12 item 7): for a seller the caller sees (themselves by default), every plan they are a
/// seller of that covers today, read through <see cref="PlanReader.DaysAsync"/> exactly as the plan page and
/// GET /api/v1/plans/{id}/days are; and the open deals that could close it — those expected by the month's end (slipped ones
/// first, then the soonest, then the largest weighted amount), then the largest of the rest.
/// </summary>
public sealed class SellerDay(OtdelDb db, Access access, PlanReader reader, PlanDeals deals, Calendars calendars, Errors errors, Problems problems)
{
    public const int DealsShown = 5;

    public async Task<Outcome<SellerDayView>> RunAsync(long? userId, string? policy, CancellationToken ct = default)
    {
        policy = string.IsNullOrEmpty(policy) ? "carryNext" : policy;
        if (policy is not ("carryNext" or "spread")) errors.Add("policy", "Plans.OneOf", "carryNext, spread");
        if (errors.Any) return errors.ToFailure();
        var id = userId ?? access.UserId;
        if (!access.CanSee(id)) return problems.NotFound();
        var user = await db.Users.AsNoTracking().Where(u => u.Id == id).Select(u => new { u.Id, u.FullName, u.DepartmentId }).FirstOrDefaultAsync(ct);
        if (user is null) return problems.NotFound();
        var (_, zone) = await calendars.ForDepartmentAsync(user.DepartmentId, ct);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(db.UtcNow, zone));

        var covering = await db.Plans.VisibleTo(access).AsNoTracking().Where(p => p.StartsOn <= today && p.EndsOn >= today)
            .OrderBy(p => p.Level).ThenBy(p => p.Id).ToListAsync(ct);
        var plans = new List<SellerDayPlan>();
        foreach (var plan in covering.Where(p => p.SellerWeights.ContainsKey(id)))
        {
            var days = await reader.DaysAsync(plan.Id, policy, PlanPeriod.MonthText(new DateOnly(today.Year, today.Month, 1)), ct);
            if (!days.Ok) continue;
            var mine = days.Value!.Where(r => r.UserId == id).OrderBy(r => r.Date).ToList();
            if (mine.Count == 0) continue;
            var recorded = PlanFacts.IsRecorded(plan.Metric);
            var row = mine.FirstOrDefault(r => r.Date == today);
            var view = await reader.ViewAsync(plan, ct);
            plans.Add(new SellerDayPlan(plan.Id, plan.Period, view.Level, view.TargetName, view.Metric, today, row is not null, row?.Plan,
                row is null || !recorded ? null : row.Fact ?? 0, row is null ? null : Math.Max(0, row.Plan - (recorded ? row.Fact ?? 0 : 0)),
                row?.Carried ?? 0, row?.BasePlan ?? 0, mine.Sum(r => r.BasePlan), recorded ? mine.Sum(r => r.Fact ?? 0) : null,
                row is null ? mine.FirstOrDefault(r => r.Date > today)?.Date : null));
        }
        var monthEnd = new DateOnly(today.Year, today.Month, 1).AddMonths(1).AddDays(-1);
        var list = await deals.OpenAsync([id], monthEnd, today, DealsShown, ct, orAny: true);
        return new SellerDayView(id, user.FullName, today, policy, plans, list);
    }

    /// <summary>
    /// Every seller the caller sees in the plans covering today (in the caller's department's zone), each with today's plan
    /// after carry-over, done and left — one reading of each plan's days, the same rows as above. Sellers on a day off are left out.
    /// </summary>
    public async Task<List<SellerTodayLine>> EveryoneAsync(string policy, CancellationToken ct = default)
    {
        var (_, zone) = await calendars.ForDepartmentAsync(access.User?.DepartmentId, ct);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(db.UtcNow, zone));
        var covering = await db.Plans.VisibleTo(access).AsNoTracking().Where(p => p.StartsOn <= today && p.EndsOn >= today)
            .OrderBy(p => p.Level).ThenBy(p => p.Id).Take(50).ToListAsync(ct);
        var lines = new List<SellerTodayLine>();
        foreach (var plan in covering)
        {
            var days = await reader.DaysAsync(plan.Id, policy, PlanPeriod.MonthText(new DateOnly(today.Year, today.Month, 1)), ct);
            if (!days.Ok) continue;
            var view = await reader.ViewAsync(plan, ct);
            var recorded = PlanFacts.IsRecorded(plan.Metric);
            foreach (var row in days.Value!.Where(r => r.UserId is not null && r.Date == today))
            {
                var done = recorded ? row.Fact ?? 0 : (decimal?)null;
                lines.Add(new SellerTodayLine(row.UserId!.Value, view.Sellers.FirstOrDefault(x => x.UserId == row.UserId)?.Name ?? "?", plan.Id, view.Level,
                    view.TargetName, view.Metric, row.Plan, done, Math.Max(0, row.Plan - (done ?? 0)), row.Carried));
            }
        }
        return lines.OrderBy(l => l.Name, StringComparer.CurrentCulture).ThenBy(l => l.PlanId).ToList();
    }
}
