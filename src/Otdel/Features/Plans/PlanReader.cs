using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Platform;

namespace Otdel.Features.Plans;

/// <summary>
/// A seller's part of a plan; <c>AwayDays</c>: working days of the period a deputy acts for them (their share of those goes to
/// colleagues when the plan redistributes).
/// </summary>
public sealed record PlanSellerView(long UserId, string Name, decimal Weight, decimal Amount, int AwayDays = 0);
public sealed record PlanMonthView(string Month, int WorkingDays, decimal Amount, decimal? Weight);
public sealed record PlanView(long Id, string Period, DateOnly StartsOn, DateOnly EndsOn, string Level, long? TargetId, string TargetName, string Metric,
    decimal Amount, string Distribution, List<PlanSellerView> Sellers, List<PlanMonthView> Months, string? Reason, DateTime CreatedAt, int Version,
    bool RedistributeAbsences = false);

/// <summary>One working day of a plan: the whole target (userId null) or one seller. Money in roubles, counts as numbers.</summary>
public sealed record PlanDayRow(DateOnly Date, long? UserId, decimal Plan, decimal? Fact, decimal Remaining, decimal Carried, decimal BasePlan,
    decimal CumulativePlan, decimal CumulativeFact);

/// <summary>One month of a plan split over its working days and sellers (minor units); <c>Off</c>[seller][day]: away, their share handed on.</summary>
public sealed record MonthSchedule(DateOnly Month, List<DateOnly> Days, long Total, long[] TeamDays, List<long> Sellers, long[][] SellerDays,
    bool[][]? Off = null);

/// <summary>Reads plans through the visibility rule: the plan with its sellers' and months' parts, and each working day after carry-over.</summary>
public sealed class PlanReader(OtdelDb db, Access access, Problems problems, Errors errors, Calendars calendars)
{
    public async Task<List<PlanView>> ListAsync(string? period, CancellationToken ct = default)
    {
        var q = db.Plans.VisibleTo(access).AsNoTracking();
        if (PlanPeriod.TryParse(period, out var p)) q = q.Where(x => x.StartsOn <= p.End && x.EndsOn >= p.Start);
        var plans = await q.OrderByDescending(x => x.StartsOn).ThenBy(x => x.Id).Take(500).ToListAsync(ct);
        var list = new List<PlanView>();
        foreach (var plan in plans) list.Add(await ViewAsync(plan, ct));
        return list;
    }

    public async Task<Outcome<PlanView>> GetAsync(long id, CancellationToken ct = default) =>
        await db.Plans.VisibleTo(access).AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct) is { } plan
            ? await ViewAsync(plan, ct)
            : problems.NotFound();

    public async Task<PlanView> ViewAsync(Plan plan, CancellationToken ct = default)
    {
        var (calendar, _) = await calendars.ForDepartmentAsync(plan.DepartmentId, ct);
        var away = await AwayAsync(db, plan, ct);
        var schedules = Schedule(plan, calendar, away);
        var ids = plan.SellerWeights.Keys.ToList();
        var names = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.FullName, ct);
        var sellers = schedules.Count == 0 ? [] : schedules[0].Sellers.Select((s, j) => new PlanSellerView(s, names.GetValueOrDefault(s, "?"),
            plan.SellerWeights[s], schedules.Sum(m => m.SellerDays[j].Sum()) / 100m,
            schedules.Sum(m => m.Days.Count(d => away.TryGetValue(s, out var off) && off.Contains(d))))).ToList();
        var months = schedules.Select((m, i) => new PlanMonthView(PlanPeriod.MonthText(m.Month), m.Days.Count, m.Total / 100m,
            plan.MonthWeights.Count > i ? plan.MonthWeights[i] : null)).ToList();
        return new PlanView(plan.Id, plan.Period, plan.StartsOn, plan.EndsOn, Word(plan.Level.ToString()), plan.TargetId, await TargetNameAsync(plan, ct),
            Word(plan.Metric.ToString()), plan.Amount, Word(plan.Distribution.ToString()), sellers, months, plan.Reason, plan.CreatedAt, plan.Version,
            plan.RedistributeAbsences);
    }

    static string Word(string pascal) => char.ToLowerInvariant(pascal[0]) + pascal[1..];

    async Task<string> TargetNameAsync(Plan plan, CancellationToken ct) => plan.Level switch
    {
        PlanLevel.Department => await db.Departments.AsNoTracking().Where(d => d.Id == plan.TargetId).Select(d => d.Name).FirstOrDefaultAsync(ct) ?? "?",
        PlanLevel.Team => await db.Teams.AsNoTracking().Where(t => t.Id == plan.TargetId).Select(t => t.Name).FirstOrDefaultAsync(ct) ?? "?",
        PlanLevel.User => await db.Users.AsNoTracking().Where(u => u.Id == plan.TargetId).Select(u => u.FullName).FirstOrDefaultAsync(ct) ?? "?",
        _ => "",
    };

    /// <summary>
    /// The plan month by month: the whole split over the months (evenly, or by seasonality weights), each month over its
    /// working days (rounded running totals) and each day over the sellers by weight (sellers in id order). Months with no
    /// working day get no schedule days.
    /// </summary>
    public static List<MonthSchedule> Schedule(Plan plan, ProductionCalendar calendar, IReadOnlyDictionary<long, HashSet<DateOnly>>? away = null)
    {
        var months = new PlanPeriod(plan.Period, plan.StartsOn, plan.EndsOn).Months();
        var total = (long)(plan.Amount * 100m);
        var monthTotals = plan.MonthWeights.Count == months.Count ? PlanMath.SplitByWeights(total,
            plan.MonthWeights) : PlanMath.SplitEvenly(total, months.Count);
        var sellers = plan.SellerWeights.Keys.Order().ToList();
        var weights = sellers.Select(s => plan.SellerWeights[s]).ToList();
        var result = new List<MonthSchedule>();
        for (var i = 0; i < months.Count; i++)
        {
            var days = calendar.WorkingDaysIn(months[i].Year, months[i].Month);
            var team = days.Count == 0 ? [] : PlanMath.SplitEvenly(monthTotals[i], days.Count);
            // Away days count only when the plan hands them on, and only where someone else is at work that day.
            var off = sellers.Select(s => days.Select(d => plan.RedistributeAbsences && away is not null && away.TryGetValue(s, out var a)
                && a.Contains(d)).ToArray()).ToArray();
            for (var d = 0; d < days.Count; d++)
                if (off.All(o => o[d])) foreach (var o in off) o[d] = false;
            var bySeller = days.Count == 0 || weights.Sum() <= 0
                ? sellers.Select(_ => Array.Empty<long>()).ToArray()
                : PlanMath.SplitDaysOverSellers(team, weights, off);
            result.Add(new MonthSchedule(months[i], days, monthTotals[i], team, sellers, bySeller, off));
        }
        return result;
    }

    /// <summary>The days each seller of the plan is away in its period: the days a deputy acts for them (vacation, sick leave, a trip).</summary>
    public static async Task<Dictionary<long, HashSet<DateOnly>>> AwayAsync(OtdelDb db, Plan plan, CancellationToken ct)
    {
        var ids = plan.SellerWeights.Keys.ToList();
        var spans = await db.Deputies.AsNoTracking().Where(d => ids.Contains(d.PrincipalId) && d.From <= plan.EndsOn && d.To >= plan.StartsOn)
            .Select(d => new { d.PrincipalId, d.From, d.To }).ToListAsync(ct);
        var result = new Dictionary<long, HashSet<DateOnly>>();
        foreach (var x in spans)
        {
            var set = result.TryGetValue(x.PrincipalId, out var s) ? s : result[x.PrincipalId] = [];
            for (var d = x.From < plan.StartsOn ? plan.StartsOn : x.From; d <= x.To && d <= plan.EndsOn; d = d.AddDays(1)) set.Add(d);
        }
        return result;
    }

    /// <summary>
    /// Each working day of one month of the plan (the current month by default) for the whole target and each seller the
    /// caller sees, after carry-over by the policy. Facts count through yesterday in the department's zone; today and
    /// later are assumed to meet their plan. The whole target's row is left out for a caller who does not see every
    /// seller of the plan (their facts are not theirs to add up).
    /// </summary>
    public async Task<Outcome<List<PlanDayRow>>> DaysAsync(long id, string? policyText, string? monthText, CancellationToken ct = default)
    {
        var plan = await db.Plans.VisibleTo(access).AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
        if (plan is null) return problems.NotFound();
        CarryPolicy? policy = policyText switch
        {
            null or "" or "carryNext" or "A" => CarryPolicy.CarryNext,
            "spread" or "B" => CarryPolicy.Spread,
            _ => null,
        };
        if (policy is null) errors.Add("policy", "Plans.OneOf", "carryNext, spread");
        var (calendar, zone) = await calendars.ForDepartmentAsync(plan.DepartmentId, ct);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(db.UtcNow, zone));
        var schedules = Schedule(plan, calendar, await AwayAsync(db, plan, ct));
        MonthSchedule? month;
        if (string.IsNullOrEmpty(monthText))
            month = schedules.FirstOrDefault(m => m.Month.Year == today.Year && m.Month.Month == today.Month) ?? schedules[0];
        else
        {
            month = schedules.FirstOrDefault(m => PlanPeriod.MonthText(m.Month) == monthText);
            if (month is null) errors.Add("month", "Plans.MonthOutside", plan.Period);
        }
        if (errors.Any) return errors.ToFailure();
        if (month!.Days.Count == 0) return problems.Bad("month", "Plans.NoWorkingDays", PlanPeriod.MonthText(month.Month));
        return await RowsAsync(plan, month, policy!.Value, today, zone, ct);
    }

    async Task<List<PlanDayRow>> RowsAsync(Plan plan, MonthSchedule month, CarryPolicy policy, DateOnly today, TimeZoneInfo zone, CancellationToken ct)
    {
        var last = month.Month.AddMonths(1).AddDays(-1);
        var facts = await PlanFacts.DailyAsync(db, access, plan.Metric, month.Sellers, month.Month, last, zone, ct);
        DateOnly? closedThrough = facts is null ? null : today.AddDays(-1);
        long? Fact(long? user, DateOnly day) =>
            facts is null || day > today ? null
            : user is { } u ? facts.GetValueOrDefault((u, day))
            : month.Sellers.Sum(s => facts.GetValueOrDefault((s, day)));
        // A day off with sales (a Saturday deal) counts on the next working day, so nothing achieved is lost.
        var dayOf = new Dictionary<DateOnly, DateOnly>();
        for (var d = month.Month; d <= last; d = d.AddDays(1))
            dayOf[d] = month.Days.FirstOrDefault(w => w >= d) is { } next && next != default ? next : month.Days[^1];
        long? FactOn(long? user, DateOnly workingDay)
        {
            if (facts is null || workingDay > today) return null;
            long sum = 0;
            foreach (var (day, to) in dayOf)
                if (to == workingDay && day <= today) sum += Fact(user, day) ?? 0;
            return sum;
        }
        var rows = new List<PlanDayRow>();
        var seesAll = month.Sellers.All(access.CanSee);
        if (seesAll)
            rows.AddRange(Lines(null, month.TeamDays, null));
        for (var j = 0; j < month.Sellers.Count; j++)
            if (access.CanSee(month.Sellers[j])) rows.AddRange(Lines(month.Sellers[j], month.SellerDays[j], month.Off?[j]));
        return rows.OrderBy(r => r.Date).ThenBy(r => r.UserId ?? 0).ToList();

        IEnumerable<PlanDayRow> Lines(long? user, long[] basePlan, bool[]? off)
        {
            var f = month.Days.Select(d => FactOn(user, d)).ToArray();
            return PlanMath.Days(month.Days, basePlan, f, closedThrough, policy, off).Select(l => new PlanDayRow(l.Date, user, l.Plan / 100m,
                l.Fact / 100m, l.Remaining / 100m, l.Carried / 100m, l.BasePlan / 100m, l.CumulativePlan / 100m, l.CumulativeFact / 100m));
        }
    }
}
