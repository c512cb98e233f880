using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Features.Plans;
using Otdel.Platform;

namespace Otdel.Features.Plans.Pages;

/// <summary>
/// One plan: a month of it as a table of calendar days — each working day's plan after carry-over, the fact, the
/// deviation and the running totals — for the whole target or one seller, by the policy chosen. Read by
/// <see cref="PlanReader"/> exactly as GET /api/v1/plans/{id}/days answers; days off are shown greyed.
/// </summary>
public sealed class PlanModel(OtdelDb db, Access access, PlanReader reader, SavePlan save, Calendars calendars, ForecastPlan forecast) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Policy { get; set; }
    [BindProperty(SupportsGet = true)] public string? Month { get; set; }
    [BindProperty(SupportsGet = true)] public long? SellerId { get; set; }

    public PlanView Plan { get; private set; } = null!;
    public DateOnly Today { get; private set; }
    public DateOnly MonthStart { get; private set; }
    public ProductionCalendar Calendar { get; private set; } = null!;
    /// <summary>The lines the caller may read: null = the whole target, else a seller's id.</summary>
    public List<long?> Lines { get; private set; } = [];
    public long? Line { get; private set; }
    public List<PlanDayRow> Rows { get; private set; } = [];
    public string? Refused { get; private set; }
    public bool MayChange { get; private set; }
    public bool Recorded { get; private set; }
    /// <summary>The period's plan, won, bottom-up forecast and gap of the whole target (or the reader's own line); null for metrics without one.</summary>
    public ForecastRow? Outlook { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        var entity = await db.Plans.VisibleTo(access).AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
        if (entity is null) return NotFound();
        Plan = await reader.ViewAsync(entity, ct);
        Recorded = PlanFacts.IsRecorded(entity.Metric);
        var (calendar, zone) = await calendars.ForDepartmentAsync(entity.DepartmentId, ct);
        Calendar = calendar;
        Today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(db.UtcNow, zone));
        Policy = Policy == "spread" ? "spread" : "carryNext";
        var months = Plan.Months.Select(m => m.Month).ToList();
        if (Month is null || !months.Contains(Month))
        {
            var current = PlanPeriod.MonthText(new DateOnly(Today.Year, Today.Month, 1));
            Month = months.Contains(current) ? current : months[0];
        }
        PlanPeriod.TryParse(Month, out var month);
        MonthStart = month.Start;
        MayChange = await save.MayPlanAsync(entity.Level, entity.TargetId, ct);

        var days = await reader.DaysAsync(id, Policy, Month, ct);
        if (!days.Ok) { Refused = days.Failure!.For("month") ?? days.Failure.Title; return Page(); }
        var all = days.Value!;
        Lines = all.Select(r => r.UserId).Distinct().OrderBy(u => u is null ? 0 : 1).ThenBy(u => Plan.Sellers.FindIndex(s => s.UserId == u)).ToList();
        Line = SellerId is { } s && Lines.Contains(s) ? s : Lines.FirstOrDefault();
        Rows = all.Where(r => r.UserId == Line).OrderBy(r => r.Date).ToList();
        if (entity.Metric is PlanMetric.RevenueWon or PlanMetric.DealsWon && await forecast.RunAsync(entity, "stage", ct) is { Ok: true } f)
            Outlook = f.Value!.Rows.FirstOrDefault(r => r.Level == "target") ?? f.Value.Rows.FirstOrDefault(r => r.Level == "user" && r.Id == Line)
                ?? f.Value.Rows.FirstOrDefault();
        return Page();
    }

    public string NameOf(long? line) => line is { } u ? Plan.Sellers.FirstOrDefault(s => s.UserId == u)?.Name ?? "?" : "";

    public string Link(string? policy = null, string? month = null, long? line = -1) =>
        $"/plans/{Plan.Id}?policy={policy ?? Policy}&month={month ?? Month}" + ((line == -1 ? Line : line) is { } u ? $"&sellerId={u}" : "");

    /// <summary>The month's target of the line shown, what was achieved so far and what the schedule expected by now.</summary>
    public decimal MonthTarget => Rows.Sum(r => r.BasePlan);
    public decimal FactSoFar => Rows.Where(r => r.Fact is not null).Sum(r => r.Fact!.Value);
    public decimal ExpectedByNow => Rows.Where(r => r.Date < Today).Sum(r => r.BasePlan);
    public PlanDayRow? TodayRow => Rows.FirstOrDefault(r => r.Date == Today);
}
