using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Otdel.Data;
using Otdel.Platform;
using Otdel.Resources;

namespace Otdel.Features.Plans.Pages;

/// <summary>
/// The reverse funnel of a plan: from a target (the gap by default, or a sum typed the Russian way) back to the deals each
/// stage must take, for the whole and per seller, at the history's conversion and average check. Read by
/// <see cref="ReverseFunnel"/> exactly as GET /api/v1/plans/{id}/reverse-funnel answers; a bad target is said by the field.
/// </summary>
public sealed class ReverseFunnelModel(OtdelDb db, Access access, PlanReader reader, ReverseFunnel funnel, Errors errors,
    IStringLocalizer<Text> t) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Target { get; set; }
    [BindProperty(SupportsGet = true)] public long? PipelineId { get; set; }

    public PlanView Plan { get; private set; } = null!;
    public ReverseFunnelView? View { get; private set; }
    public string? TargetError { get; private set; }
    public string? Refused { get; private set; }
    public List<(long Id, string Name)> Pipelines { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        var entity = await db.Plans.VisibleTo(access).AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
        if (entity is null) return NotFound();
        Plan = await reader.ViewAsync(entity, ct);
        Pipelines = (await db.Pipelines.VisibleTo(access).AsNoTracking().Where(p => !p.IsArchived).OrderBy(p => p.Id)
            .Select(p => new { p.Id, p.Name }).ToListAsync(ct)).Select(p => (p.Id, p.Name)).ToList();
        decimal? target = null;
        if (!string.IsNullOrWhiteSpace(Target))
        {
            if (RuInput.TryParseMoney(Target, out var typed)) target = typed;
            else TargetError = t["Plans.Funnel.TargetInvalid"];
        }
        var outcome = await funnel.RunAsync(entity, target, PipelineId, ct);
        // A refused target is said by the field and the funnel is shown for the gap instead.
        if (!outcome.Ok && outcome.Failure!.For("target") is { } bad)
        {
            TargetError = bad;
            errors.Clear();
            outcome = await funnel.RunAsync(entity, null, PipelineId, ct);
        }
        if (!outcome.Ok)
        {
            Refused = outcome.Failure!.For("metric") ?? outcome.Failure.For("pipelineId") ?? outcome.Failure.Title;
            return Page();
        }
        View = outcome.Value;
        return Page();
    }

    public string Value(decimal v) => PlanShow.Value(Plan.Metric, v);
}
