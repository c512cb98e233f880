using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Otdel.Data;
using Otdel.Features.Plans;
using Otdel.Platform;

namespace Otdel.Features.Plans.Pages;

/// <summary>
/// «Планы»: the plans the caller sees that cover a month (the current month in the department's zone by default), each
/// with its part for that month, the fact so far and how far along it is — the same figures the plan page shows.
/// </summary>
public sealed class IndexModel(OtdelDb db, Access access, PlanReader reader, Calendars calendars) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Month { get; set; }

    public sealed record Row(PlanView Plan, decimal MonthTarget, decimal? Fact, decimal ExpectedByNow);

    public DateOnly Selected { get; private set; }
    public DateOnly Today { get; private set; }
    public List<Row> Rows { get; private set; } = [];
    public bool MayPlan => access.Scope != Scope.Own;

    public async Task OnGetAsync(CancellationToken ct)
    {
        var (_, zone) = await calendars.ForDepartmentAsync(access.User?.DepartmentId, ct);
        Today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(db.UtcNow, zone));
        Selected = Month is { Length: 7 } && PlanPeriod.TryParse(Month, out var p) ? p.Start : new DateOnly(Today.Year, Today.Month, 1);
        Month = PlanPeriod.MonthText(Selected);
        foreach (var plan in await reader.ListAsync(Month, ct))
        {
            var month = plan.Months.FirstOrDefault(m => m.Month == Month);
            var days = await reader.DaysAsync(plan.Id, "carryNext", Month, ct);
            if (!days.Ok) { Rows.Add(new Row(plan, month?.Amount ?? 0, null, 0)); continue; }
            // The whole target's line when the caller sees it; else the lines they see (a seller: their own).
            var lines = days.Value!.Any(r => r.UserId is null) ? days.Value!.Where(r => r.UserId is null).ToList() : days.Value!;
            if (lines.Count == 0) { Rows.Add(new Row(plan, month?.Amount ?? 0, null, 0)); continue; }
            var recorded = PlanFacts.IsRecorded(Enum.Parse<PlanMetric>(plan.Metric, true));
            Rows.Add(new Row(plan, lines.Sum(r => r.BasePlan), recorded ? lines.Sum(r => r.Fact ?? 0) : null,
                lines.Where(r => r.Date < Today).Sum(r => r.BasePlan)));
        }
    }

    public string Shift(int months) => PlanPeriod.MonthText(Selected.AddMonths(months));

    public static string Iso(DateOnly d) => d.ToString("yyyy-MM", CultureInfo.InvariantCulture);
}
