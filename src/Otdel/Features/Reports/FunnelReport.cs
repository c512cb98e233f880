using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Otdel.Data;
using Otdel.Resources;

namespace Otdel.Features.Reports;

/// <summary>
/// <c>Conversion</c>: the share of the stage's entries that went on; <c>FromPrevious</c>: entries here per entry into the
/// stage before (null for the first stage or when nothing entered the one before) — the step the funnel chart shows.
/// </summary>
public sealed record FunnelRow(long StageId, string StageName, string? Group, int Order, long Entered, long Advanced,
    double Conversion, double? Norm, bool IsBottleneck, double? FromPrevious);

public sealed record FunnelResult(long PipelineId, string PipelineName, DateOnly From, DateOnly To, long? BottleneckStageId, List<FunnelRow> Rows);

/// <summary>
/// The funnel of a pipeline for a period: per stage, deals that entered it for the first time in the period, how
/// many of them went on, the conversion, and the bottleneck — the stage that misses its norm by the most.
/// </summary>
public sealed class FunnelReport(OtdelDb db, ReportScope scope, IStringLocalizer<Text> t)
{
    public async Task<FunnelResult> Run(ReportPeriod p, CancellationToken ct = default)
    {
        var stages = await db.Stages.AsNoTracking().Where(s => s.PipelineId == p.PipelineId).OrderBy(s => s.Order).ThenBy(s => s.Id)
            .Select(s => new { s.Id, s.Name, s.Group, s.Order, s.NormConversion }).ToListAsync(ct);
        var from = p.FromUtc; var to = p.ToUtc;
        var visits = await scope.VisitsAsync(p.PipelineId, ct);
        // One index range per stage over (pipeline_id, is_first_entry, stage_id, entered_at, advanced): a covering count
        // with no sort. A single GROUP BY over the period had to sort every first entry of the quarter (~170,000 at
        // a million deals), ten times slower on SQLite.
        var counts = new Dictionary<long, (long Entered, long Advanced)>();
        foreach (var stage in stages)
        {
            var id = stage.Id;
            var c = await visits.Where(v => v.StageId == id && v.IsFirstEntry && v.EnteredAt >= from && v.EnteredAt < to)
                .GroupBy(v => 1)
                .Select(g => new { Entered = g.LongCount(), Advanced = g.LongCount(v => v.Advanced) })
                .FirstOrDefaultAsync(ct);
            if (c is not null) counts[id] = (c.Entered, c.Advanced);
        }

        var rows = new List<FunnelRow>(stages.Count);
        foreach (var s in stages)
        {
            var (entered, advanced) = counts.GetValueOrDefault(s.Id);
            double? fromPrevious = rows.Count > 0 && rows[^1].Entered > 0 ? ReportMath.Conversion(rows[^1].Entered, entered) : null;
            rows.Add(new FunnelRow(s.Id, s.Name, s.Group, s.Order, entered, advanced, ReportMath.Conversion(entered, advanced),
                s.NormConversion is { } n ? n / 100.0 : null, false, fromPrevious));
        }
        var bottleneck = Bottleneck(rows);
        if (bottleneck is { } b) rows = rows.Select(r => r.StageId == b ? r with { IsBottleneck = true } : r).ToList();
        return new FunnelResult(p.PipelineId, p.PipelineName, p.From, p.To, bottleneck, rows);
    }

    /// <summary>The one stage with entries whose conversion falls short of its norm by the most; the earliest on a tie.</summary>
    public static long? Bottleneck(IEnumerable<FunnelRow> rows)
    {
        long? best = null; var gap = 0.0;
        foreach (var r in rows)
        {
            if (r.Entered == 0 || r.Norm is not { } norm) continue;
            var g = norm - (double)r.Advanced / r.Entered;
            if (g > gap + 1e-12) { gap = g; best = r.StageId; }
        }
        return best;
    }

    public byte[] Csv(FunnelResult r) => ReportCsv.Write(
        [t["Reports.Col.Group"], t["Reports.Col.Stage"], t["Reports.Col.Entered"], t["Reports.Col.Advanced"], t["Reports.Col.Conversion"],
            t["Reports.Col.Norm"], t["Reports.Col.Bottleneck"], t["Reports.Col.FromPrevious"]],
        r.Rows.Select(x => new object?[]
        {
            x.Group, x.StageName, x.Entered, x.Advanced, x.Conversion, x.Norm, x.IsBottleneck ? t["Common.Yes"].Value : "", x.FromPrevious,
        }));
}
