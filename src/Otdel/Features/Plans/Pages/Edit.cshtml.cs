using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Otdel.Data;
using Otdel.Features.Organisation.Pages;
using Otdel.Features.Plans;
using Otdel.Platform;

namespace Otdel.Features.Plans.Pages;

/// <summary>
/// Изменить план: the amount and the distribution, with the reason the history keeps — <see cref="SavePlan.Update"/>, as
/// PUT /api/v1/plans/{id}.
/// </summary>
public sealed class EditModel(OtdelDb db, Access access, Errors errors, SavePlan save, PlanReader reader, Calendars calendars) : PageModel
{
    [BindProperty] public string? Amount { get; set; }
    [BindProperty] public string? Distribution { get; set; }
    [BindProperty] public Dictionary<long, string?> Weights { get; set; } = [];
    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public bool RedistributeAbsences { get; set; }
    [BindProperty] public int? Version { get; set; }

    public PlanForm Form { get; private set; } = null!;

    async Task<IActionResult?> LoadAsync(long id, bool posted, CancellationToken ct)
    {
        var found = await reader.GetAsync(id, ct);
        if (!found.Ok) return NotFound();
        var plan = found.Value!;
        if (!await save.MayPlanAsync(Enum.Parse<PlanLevel>(plan.Level, true), plan.TargetId, ct)) return StatusCode(403);
        var (_, zone) = await calendars.ForDepartmentAsync(access.User?.DepartmentId, ct);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(db.UtcNow, zone));
        Form = new PlanForm
        {
            Existing = plan, Period = plan.Period, Level = plan.Level, TargetId = plan.TargetId, Metric = plan.Metric,
            Amount = posted ? Amount : RuInput.Money(plan.Amount), Distribution = posted ? Distribution : plan.Distribution,
            Weights = posted ? Weights : plan.Sellers.ToDictionary(s => s.UserId, s => (string?)RuInput.Money(s.Weight)),
            Reason = posted ? Reason : null, Version = posted ? Version : plan.Version,
            RedistributeAbsences = posted ? RedistributeAbsences : plan.RedistributeAbsences,
        };
        await Form.LoadAsync(db, access, save, today, ct);
        return null;
    }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct) => await LoadAsync(id, false, ct) ?? Page();

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        if (await LoadAsync(id, true, ct) is { } refused) return refused;
        var (input, sent) = Form.ToInput(errors, creating: false);
        var outcome = await save.Update(id, input, ct);
        if (outcome.Ok) return this.Done($"/plans/{id}");
        Form.Fail(outcome.Failure!, sent);
        Response.RefusedWith(Request, outcome.Failure!);
        return Page();
    }
}
