using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Otdel.Data;
using Otdel.Features.Organisation.Pages;
using Otdel.Features.Plans;
using Otdel.Platform;

namespace Otdel.Features.Plans.Pages;

/// <summary>Новый план: period, for whom, metric, target, distribution and why — saved by <see cref="SavePlan.Create"/>, as POST /api/v1/plans.</summary>
public sealed class NewModel(OtdelDb db, Access access, Errors errors, SavePlan save, Calendars calendars) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Period { get; set; }
    [BindProperty] public string? Level { get; set; }
    [BindProperty] public long? TargetId { get; set; }
    [BindProperty] public string? Metric { get; set; }
    [BindProperty] public string? Amount { get; set; }
    [BindProperty] public string? Distribution { get; set; }
    [BindProperty] public Dictionary<long, string?> Weights { get; set; } = [];
    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public bool RedistributeAbsences { get; set; }

    public PlanForm Form { get; private set; } = null!;

    async Task<PlanForm> LoadAsync(CancellationToken ct)
    {
        var (_, zone) = await calendars.ForDepartmentAsync(access.User?.DepartmentId, ct);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(db.UtcNow, zone));
        var form = new PlanForm
        {
            Period = Period ?? PlanPeriod.MonthText(new DateOnly(today.Year, today.Month, 1)), Level = Level, TargetId = TargetId,
            Metric = Metric ?? "revenueWon", Amount = Amount, Distribution = Distribution ?? "even", Weights = Weights, Reason = Reason,
            RedistributeAbsences = RedistributeAbsences,
        };
        await form.LoadAsync(db, access, save, today, ct);
        if (form.Level is null && form.Targets.Count > 0)
        {
            // A head plans their team most often: the first team, else the first thing they may plan for.
            var first = form.Targets.FirstOrDefault(t => t.Level == "team") ?? form.Targets[0];
            (form.Level, form.TargetId) = (first.Level, first.Id);
        }
        return form;
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (access.Scope == Scope.Own) return StatusCode(403);
        Form = await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Form = await LoadAsync(ct);
        var (input, sent) = Form.ToInput(errors, creating: true);
        var outcome = await save.Create(input, ct);
        if (outcome.Ok) return this.Done($"/plans/{outcome.Value!.Id}");
        Form.Fail(outcome.Failure!, sent);
        Response.RefusedWith(Request, outcome.Failure!);
        return Page();
    }
}
