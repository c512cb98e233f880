using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Platform;

namespace Otdel.Features.Plans.Pages;

/// <summary>
/// «План/факт»: for a period (a month, a quarter or a year) and one of the plans set for exactly that period, plan, fact,
/// % done, what the schedule expected by today, the gap in money and per working day left, the run-rate end — for the whole
/// target, its teams and sellers, per month of the period — and the grouped figures per month (won, lost, win rate, revenue,
/// average won deal, median cycle). Drills department → team → seller → the seller's deals. Everything is read by
/// <see cref="PlanFactReport"/> and <see cref="PlanDeals"/> exactly as GET /api/v1/reports/plan-fact (and /deals) answer,
/// and exports the same CSV; everything lives in the URL.
/// </summary>
public sealed class FactModel(OtdelDb db, Access access, Calendars calendars, PlanFactReport report, PlanDeals deals) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Period { get; set; }
    [BindProperty(SupportsGet = true)] public long? PlanId { get; set; }
    [BindProperty(SupportsGet = true)] public long? TeamId { get; set; }
    [BindProperty(SupportsGet = true)] public long? UserId { get; set; }

    public sealed record Choice(long Id, string Level, string Target, string Metric, string Period);

    public PlanPeriod Selected { get; private set; }
    public string Kind { get; private set; } = "month";
    public List<Choice> Choices { get; private set; } = [];
    /// <summary>Plans of another length that cover the period, offered when none is set for exactly it.</summary>
    public List<Choice> Covering { get; private set; } = [];
    public Choice? Chosen { get; private set; }
    public PlanFactView? View { get; private set; }
    /// <summary>The line in focus: the seller, the team, or the whole target (a seller without it: their own line).</summary>
    public PlanFactLine? Focus { get; private set; }
    public PlanFactLine? FocusTeam { get; private set; }
    public PlanDealsView? Deals { get; private set; }
    public bool MayPlan => access.Scope != Scope.Own;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        // A plan, team or seller one does not see is not found, as in the API (never quietly replaced by another).
        if (PlanId is { } asked && !await db.Plans.VisibleTo(access).AnyAsync(x => x.Id == asked, ct)) return NotFound();
        var (_, zone) = await calendars.ForDepartmentAsync(access.User?.DepartmentId, ct);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(db.UtcNow, zone));
        // A link from a plan names only the plan: its own period then.
        if (string.IsNullOrEmpty(Period) && PlanId is { } id)
            Period = await db.Plans.VisibleTo(access).Where(x => x.Id == id).Select(x => x.Period).FirstOrDefaultAsync(ct);
        Selected = PlanPeriod.TryParse(Period, out var p) ? p : Of("month", today);
        Period = Selected.Text;
        Kind = KindOf(Selected);

        var visible = db.Plans.VisibleTo(access).AsNoTracking();
        var exact = await visible.Where(x => x.StartsOn == Selected.Start && x.EndsOn == Selected.End).ToListAsync(ct);
        Choices = await ChoicesAsync(exact.OrderBy(x => x.Level).ThenBy(x => x.Metric).ThenBy(x => x.Id), ct);
        if (Choices.Count == 0)
        {
            var covering = await visible.Where(x => x.StartsOn <= Selected.End && x.EndsOn >= Selected.Start).OrderBy(x => x.StartsOn).Take(20).ToListAsync(ct);
            Covering = await ChoicesAsync(covering, ct);
            return Page();
        }
        Chosen = Choices.FirstOrDefault(c => c.Id == PlanId) ?? Choices[0];
        PlanId = Chosen.Id;
        var plan = exact.First(x => x.Id == Chosen.Id);
        var run = await report.RunAsync(plan, TeamId, UserId, ct);
        if (!run.Ok) return NotFound();
        View = run.Value!;
        if (UserId is { } u)
        {
            Focus = View.Sellers.First(s => s.UserId == u);
            FocusTeam = View.Teams?.FirstOrDefault(x => x.TeamId == Focus.TeamId);
        }
        else if (TeamId is { } t) Focus = FocusTeam = View.Teams?.FirstOrDefault(x => x.TeamId == t);
        Focus ??= View.Total ?? (View.Sellers.Count == 1 ? View.Sellers[0] : null);
        // The deals behind a seller's line (a seller reading their own plan gets theirs at once).
        var dealsOf = UserId ?? (View.Total is null && View.Sellers.Count == 1 ? View.Sellers[0].UserId : null);
        if (dealsOf is not null && (await deals.RunAsync(plan, null, dealsOf, ct)) is { Ok: true } d) Deals = d.Value;
        return Page();
    }

    async Task<List<Choice>> ChoicesAsync(IEnumerable<Plan> plans, CancellationToken ct)
    {
        var list = plans.ToList();
        var ids = list.Where(x => x.TargetId is not null).Select(x => x.TargetId!.Value).Distinct().ToList();
        var deps = await db.Departments.AsNoTracking().Where(d => ids.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.Name, ct);
        var teams = await db.Teams.AsNoTracking().Where(d => ids.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.Name, ct);
        var users = await db.Users.AsNoTracking().Where(d => ids.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.FullName, ct);
        string Name(Plan x) => x.Level switch
        {
            PlanLevel.Department => deps.GetValueOrDefault(x.TargetId ?? 0, "?"),
            PlanLevel.Team => teams.GetValueOrDefault(x.TargetId ?? 0, "?"),
            PlanLevel.User => users.GetValueOrDefault(x.TargetId ?? 0, "?"),
            _ => "",
        };
        return list.Select(x => new Choice(x.Id, SnakeCase.Of(x.Level.ToString()), Name(x), SavePlan.Metrics[(int)x.Metric], x.Period)).ToList();
    }

    /// <summary>A period inside a sentence: «март 2025» (lower case, as Russian writes it), «Q1 2025», «2025».</summary>
    public static string PeriodInline(string period) =>
        PlanPeriod.TryParse(period, out var p) && p.Months().Count == 1
            ? p.Start.ToString("MMMM yyyy", CultureInfo.CurrentCulture) : PlanShow.PeriodName(period);

    public static string KindOf(PlanPeriod p) => p.Months().Count switch { 1 => "month", 3 => "quarter", _ => "year" };

    /// <summary>The month, quarter or year that holds a day.</summary>
    public static PlanPeriod Of(string kind, DateOnly day)
    {
        var text = kind switch
        {
            "quarter" => $"{day.Year}-Q{(day.Month - 1) / 3 + 1}",
            "year" => day.Year.ToString(CultureInfo.InvariantCulture),
            _ => day.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        };
        PlanPeriod.TryParse(text, out var p);
        return p;
    }

    /// <summary>The period of the same kind before (−1) or after (+1).</summary>
    public string Shift(int by) => Of(Kind, by < 0 ? Selected.Start.AddDays(-1) : Selected.End.AddDays(1)).Text;

    public string Link(string? period = null, long? planId = -1, long? teamId = null, long? userId = null)
    {
        var q = $"/plans/fact?period={period ?? Period}";
        if ((planId == -1 ? PlanId : planId) is { } id) q += $"&planId={id}";
        if (teamId is { } t) q += $"&teamId={t}";
        if (userId is { } u) q += $"&userId={u}";
        return q;
    }

    /// <summary>The API's query naming the chosen plan (and the scope in focus), for the CSV.</summary>
    public string ApiQuery()
    {
        if (View is null) return "";
        var q = $"period={View.Period}&level={View.Level}&metric={View.Metric}";
        if (View.TargetId is { } t) q += $"&targetId={t}";
        if (TeamId is { } tm) q += $"&teamId={tm}";
        if (UserId is { } u) q += $"&userId={u}";
        return q;
    }

    public string Value(decimal v) => PlanShow.Value(View?.Metric ?? "revenueWon", v);

    public static string Pct(double? v) => v is { } x ? (x / 100).ToString("P0", CultureInfo.CurrentCulture) : "—";

    /// <summary>What the schedule expected of a line by today: its plan × the share of working days passed.</summary>
    public decimal ExpectedOf(PlanFactLine l) =>
        View is null ? 0 : decimal.Round(l.Plan * (decimal)View.WorkingDaysPassed / Math.Max(1, View.WorkingDays), 2, MidpointRounding.AwayFromZero);
}

/// <summary>A table of plan/fact lines (teams or sellers) on the plan/fact page, each name a step down the drill.</summary>
public sealed record FactLines(FactModel Page, List<PlanFactLine> Lines, string Level);
