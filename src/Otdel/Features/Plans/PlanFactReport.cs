using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Otdel.Data;
using Otdel.Features.Reports;
using Otdel.Platform;
using Otdel.Resources;

namespace Otdel.Features.Plans;

/// <summary>One month of a plan/fact line: its part of the plan, the fact in it, % done and the gap (plan − fact).</summary>
public sealed record PlanFactMonth(string Month, int WorkingDays, decimal Plan, decimal Fact, double? PercentDone, decimal Gap);

/// <summary>
/// One line of plan/fact: the whole target (<c>level</c> "target", userId null), a team of the target's sellers ("team",
/// <c>teamId</c>) or a seller ("user", <c>userId</c>, with the team they are in now). <c>months</c> splits it per month.
/// </summary>
public sealed record PlanFactLine(long? UserId, string Name, decimal Plan, decimal Fact, double? PercentDone, decimal Gap,
    decimal? NeededPerDay, decimal RunRate)
{
    public string Level { get; init; } = "user";
    public long? TeamId { get; init; }
    public List<PlanFactMonth>? Months { get; init; }
}

/// <summary>
/// Plan against fact for a plan's period on today's date (in the department's zone): working days passed count today.
/// expectedPercent = working days passed ÷ all working days; gap = plan − fact; neededPerDay = the gap ÷ the working
/// days left (after today); runRate = fact + fact ÷ days passed × days left (issue 12 items 5 and 6). <c>teams</c>: for a
/// company or department plan, its sellers grouped by the team they are in now. <c>sales</c>: won, lost, win rate,
/// revenue, average won deal and median cycle per month of the period (the sales report's own figures, months in UTC),
/// over the sellers of the scope asked (<c>teamId</c>, <c>userId</c>; by default every seller of the plan one sees).
/// </summary>
public sealed record PlanFactView(long PlanId, string Period, string Level, long? TargetId, string Metric, DateOnly Today, bool FactRecorded,
    int WorkingDays, int WorkingDaysPassed, int WorkingDaysLeft, double ExpectedPercent, PlanFactLine? Total, List<PlanFactLine> Sellers)
{
    public string TargetName { get; init; } = "";
    public DateOnly StartsOn { get; init; }
    public DateOnly EndsOn { get; init; }
    public List<PlanFactLine>? Teams { get; init; }
    public SalesResult? Sales { get; init; }
}

public sealed class PlanFactReport(OtdelDb db, Access access, Calendars calendars, SalesReport sales, Problems problems,
    IStringLocalizer<Text> t)
{
    /// <summary>The report with the grouped figures of a scope: a team of the plan (teamId) or one seller (userId); 404 for one not in it.</summary>
    public async Task<Outcome<PlanFactView>> RunAsync(Plan plan, long? teamId, long? userId, CancellationToken ct = default)
    {
        var view = await RunAsync(plan, ct);
        if (teamId is { } tm && view.Teams?.Any(x => x.TeamId == tm) != true && !view.Sellers.Any(s => s.TeamId == tm))
            return problems.Field(404, "teamId", "Plans.Fact.NotInPlan");
        if (userId is { } u && !view.Sellers.Any(s => s.UserId == u))
            return problems.Field(404, "userId", "Plans.Fact.NotInPlan");
        var scope = view.Sellers.Where(s => (teamId is null || s.TeamId == teamId) && (userId is null || s.UserId == userId))
            .Select(s => s.UserId!.Value).ToList();
        return view with { Sales = await sales.Run("month", plan.StartsOn, plan.EndsOn, scope, ct) };
    }

    public async Task<PlanFactView> RunAsync(Plan plan, CancellationToken ct = default)
    {
        var (calendar, zone) = await calendars.ForDepartmentAsync(plan.DepartmentId, ct);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(db.UtcNow, zone));
        var months = PlanReader.Schedule(plan, calendar, await PlanReader.AwayAsync(db, plan, ct));
        var days = months.SelectMany(m => m.Days).ToList();
        int passed = days.Count(d => d <= today), left = days.Count - passed;

        // Each seller's plan per month (minor units), in the schedule's seller order.
        var sellers = months.Count == 0 ? plan.SellerWeights.Keys.Order().ToList() : months[0].Sellers;
        var planOf = sellers.Select((s, j) => (s, j))
            .ToDictionary(x => x.s, x => months.Select(m => m.SellerDays.Length > x.j ? m.SellerDays[x.j].Sum() : 0L).ToArray());
        var through = today < plan.EndsOn ? today : plan.EndsOn;
        var facts = through < plan.StartsOn ? new Dictionary<(long User, DateOnly Day), long>()
            : await PlanFacts.DailyAsync(db, access, plan.Metric, sellers, plan.StartsOn, through, zone, ct);
        var factOf = sellers.ToDictionary(s => s, s => months.Select(m => facts?.Where(f => f.Key.User == s && f.Key.Day.Year == m.Month.Year
            && f.Key.Day.Month == m.Month.Month).Sum(f => f.Value) ?? 0L).ToArray());
        var people = await db.Users.AsNoTracking().Where(u => sellers.Contains(u.Id)).Select(u => new { u.Id, u.FullName, u.TeamId })
            .ToDictionaryAsync(u => u.Id, ct);

        PlanFactLine Line(string level, long? user, long? team, string name, IReadOnlyCollection<long> who)
        {
            long planned = who.Sum(s => planOf[s].Sum()), fact = who.Sum(s => factOf[s].Sum());
            decimal p = planned / 100m, f = fact / 100m, gap = p - f;
            var perMonth = months.Select((m, i) =>
            {
                long mp = who.Sum(s => planOf[s][i]), mf = who.Sum(s => factOf[s][i]);
                return new PlanFactMonth(PlanPeriod.MonthText(m.Month), m.Days.Count, mp / 100m, mf / 100m, Percent(mp, mf), (mp - mf) / 100m);
            }).ToList();
            return new PlanFactLine(user, name, p, f, Percent(planned, fact), gap,
                left == 0 ? null : decimal.Round(Math.Max(gap, 0) / left, 2, MidpointRounding.AwayFromZero),
                passed == 0 ? f : decimal.Round(f + f / passed * left, 2, MidpointRounding.AwayFromZero))
            { Level = level, TeamId = team, Months = perMonth };
        }
        var lines = sellers.Where(access.CanSee)
            .Select(s => Line("user", s, people.GetValueOrDefault(s)?.TeamId, people.GetValueOrDefault(s)?.FullName ?? "?", [s]))
            .OrderBy(l => l.Name, StringComparer.CurrentCulture).ToList();
        // The whole target, and a team, only for whoever sees every seller in it, as on the plan page.
        var total = sellers.All(access.CanSee) ? Line("target", null, null, "", sellers) : null;
        List<PlanFactLine>? teams = null;
        if (plan.Level is PlanLevel.Company or PlanLevel.Department)
        {
            var groups = sellers.Where(s => people.GetValueOrDefault(s)?.TeamId is not null).GroupBy(s => people[s].TeamId!.Value).ToList();
            var ids = groups.Select(g => g.Key).ToList();
            var teamNames = await db.Teams.AsNoTracking().Where(x => ids.Contains(x.Id)).ToDictionaryAsync(x => x.Id, x => x.Name, ct);
            teams = groups.Where(g => g.All(access.CanSee)).Select(g => Line("team", null, g.Key, teamNames.GetValueOrDefault(g.Key, "?"), g.ToList()))
                .OrderBy(l => l.Name, StringComparer.CurrentCulture).ToList();
        }
        return new PlanFactView(plan.Id, plan.Period, SnakeCase.Of(plan.Level.ToString()), plan.TargetId,
            char.ToLowerInvariant(plan.Metric.ToString()[0]) + plan.Metric.ToString()[1..], today, facts is not null,
            days.Count, passed, left, days.Count == 0 ? 0 : Math.Round(passed * 100.0 / days.Count, 1), total, lines)
        { TargetName = await TargetNameAsync(plan, ct), StartsOn = plan.StartsOn, EndsOn = plan.EndsOn, Teams = teams };
    }

    static double? Percent(long planned, long fact) => planned == 0 ? null : Math.Round((double)fact / planned * 100, 1);

    async Task<string> TargetNameAsync(Plan plan, CancellationToken ct) => plan.Level switch
    {
        PlanLevel.Department => await db.Departments.AsNoTracking().Where(d => d.Id == plan.TargetId).Select(d => d.Name).FirstOrDefaultAsync(ct) ?? "?",
        PlanLevel.Team => await db.Teams.AsNoTracking().Where(x => x.Id == plan.TargetId).Select(x => x.Name).FirstOrDefaultAsync(ct) ?? "?",
        PlanLevel.User => await db.Users.AsNoTracking().Where(u => u.Id == plan.TargetId).Select(u => u.FullName).FirstOrDefaultAsync(ct) ?? "?",
        _ => t["Plans.Level.company"],
    };

    /// <summary>
    /// The report as one table for Excel: every line (the target, teams, sellers) for the whole period and then per month,
    /// followed by the grouped figures per month of the scope.
    /// </summary>
    public byte[] Csv(PlanFactView v)
    {
        var rows = new List<object?[]>();
        var lines = new List<PlanFactLine>();
        if (v.Total is { } total) lines.Add(total with { Name = v.TargetName });
        lines.AddRange(v.Teams ?? []);
        lines.AddRange(v.Sellers);
        foreach (var l in lines)
        {
            var level = t["Plans.Fact.Line." + l.Level].Value;
            rows.Add([level, l.Name, v.Period, l.Plan, l.Fact, l.PercentDone, v.ExpectedPercent, l.Gap, l.NeededPerDay, l.RunRate]);
            if ((l.Months?.Count ?? 0) > 1)
                foreach (var m in l.Months!) rows.Add([level, l.Name, m.Month, m.Plan, m.Fact, m.PercentDone, null, m.Gap, null, null]);
        }
        return ReportCsv.Write(
            [t["Plans.Fact.Col.Level"], t["Plans.Fact.Col.Name"], t["Plans.Fact.Col.Period"], t["Plans.Col.Plan"], t["Plans.Col.Fact"],
                t["Plans.Fact.Col.Done"], t["Plans.Fact.Col.Expected"], t["Plans.Fact.Col.Gap"], t["Plans.Fact.Col.PerDay"], t["Plans.Fact.Col.RunRate"]],
            rows);
    }
}
