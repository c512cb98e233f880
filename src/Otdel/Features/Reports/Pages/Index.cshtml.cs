using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Features.Reports;
using Otdel.Platform;

namespace Otdel.Features.Reports.Pages;

/// <summary>
/// The reports of the sales process for one pipeline and period: funnel, loss reasons, time in stage, sales cycle.
/// The period is the last full quarter and this one (the default), this month, this quarter or custom dates; all of it lives in the URL so a view can be shared.
/// </summary>
public sealed class IndexModel(OtdelDb db, Access access, Errors errors, Problems problems,
    FunnelReport funnel, LossReasonsReport losses, StageTimeReport stageTime, SalesCycleReport cycle) : PageModel
{
    [BindProperty(SupportsGet = true)] public long? PipelineId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Period { get; set; }
    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }

    public sealed record PipelineOption(long Id, string Name);
    public List<PipelineOption> Pipelines { get; private set; } = [];
    public Errors Errors => errors;
    public ReportPeriod? Selected { get; private set; }
    public FunnelResult? Funnel { get; private set; }
    public LossReasonsResult? Losses { get; private set; }
    public StageTimeResult? StageTime { get; private set; }
    public SalesCycleResult? Cycle { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Pipelines = await db.Pipelines.VisibleTo(access).AsNoTracking().Where(p => !p.IsArchived)
            .OrderBy(p => p.Name).Select(p => new PipelineOption(p.Id, p.Name)).ToListAsync(ct);
        if (Pipelines.Count == 0) return;
        if (PipelineId is null || Pipelines.All(p => p.Id != PipelineId)) PipelineId = Pipelines[0].Id;

        Period = Period is "month" or "quarter" or "custom" ? Period : "half";
        if (Period != "custom")
        {
            var (f, t) = Period switch
            {
                "month" => ReportPeriod.ThisMonth(db.UtcNow),
                "quarter" => ReportPeriod.ThisQuarter(db.UtcNow),
                _ => ReportPeriod.TwoQuarters(db.UtcNow),
            };
            (From, To) = (Iso(f), Iso(t));
        }

        var period = await ReportPeriod.ParseAsync(PipelineId.ToString(), From, To, db, access, errors, problems, ct);
        if (!period.Ok) return;
        Selected = period.Value!;
        Funnel = await funnel.Run(Selected, ct);
        Losses = await losses.Run(Selected, ct);
        StageTime = await stageTime.Run(Selected, ct);
        Cycle = await cycle.Run(Selected, ct);
    }

    static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public string CsvLink(string report, string? part = null) =>
        $"/api/v1/reports/{report}/export.csv?pipelineId={Selected!.PipelineId}&from={Iso(Selected.From)}&to={Iso(Selected.To)}" + (part is null ? "" : $"&part={part}");
}
