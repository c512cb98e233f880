using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Platform;

namespace Otdel.Features.Plans.Pages;

/// <summary>
/// A plan's period bottom-up: the top-down plan against what is won and what the open deals promise (weighted by stage
/// probability or by each seller's own conversion), the gap per target, team and seller, and the deals behind it, each
/// with the seller's forecast category (changed here through <see cref="MarkDealForecast"/>). Read by
/// <see cref="ForecastPlan"/> exactly as GET /api/v1/plans/{id}/forecast answers.
/// </summary>
public sealed class ForecastModel(OtdelDb db, Access access, PlanReader reader, ForecastPlan forecast, MarkDealForecast mark) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Weighting { get; set; }

    public PlanView Plan { get; private set; } = null!;
    public PlanForecastView? View { get; private set; }
    public string? Refused { get; private set; }
    /// <summary>The line the tiles show: the whole target when the reader sees it, else their own.</summary>
    public ForecastRow? Head { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        var entity = await db.Plans.VisibleTo(access).AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
        if (entity is null) return NotFound();
        Plan = await reader.ViewAsync(entity, ct);
        Weighting = Weighting == "history" ? "history" : "stage";
        var outcome = await forecast.RunAsync(entity, Weighting, ct);
        if (!outcome.Ok) { Refused = outcome.Failure!.For("metric") ?? outcome.Failure.Title; return Page(); }
        View = outcome.Value!;
        Head = View.Rows.FirstOrDefault(r => r.Level == "target") ?? (View.Rows.Count == 1 ? View.Rows[0] : null);
        return Page();
    }

    /// <summary>Sets a deal's forecast category and comes back to the same view (a redirect: F5 repeats nothing).</summary>
    public async Task<IActionResult> OnPostMarkAsync(long id, long dealId, string? category, CancellationToken ct)
    {
        var outcome = await mark.SetAsync(dealId, new DealForecastInput(category), ct);
        if (!outcome.Ok && outcome.Failure!.Status == 404) return NotFound();
        var w = Weighting == "history" ? "history" : "stage";
        return Redirect($"/plans/{id}/forecast?weighting={w}#deal-{dealId}");
    }

    public string Value(decimal v) => PlanShow.Value(Plan.Metric, v);
}
