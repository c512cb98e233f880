using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Otdel.Data;
using Otdel.Resources;

namespace Otdel.Features.Reports;

public sealed record StageTimeRow(long StageId, string StageName, string? Group, long ExecutorId, string? ExecutorName, long Count, double? AvgHours, double? MedianHours);

public sealed record StageTimeResult(long PipelineId, string PipelineName, DateOnly From, DateOnly To, List<StageTimeRow> Rows);

/// <summary>How long deals stay in each stage with each executor: visits that ended in the period, average and median hours.</summary>
public sealed class StageTimeReport(OtdelDb db, ReportScope scope, IStringLocalizer<Text> t)
{
    public async Task<StageTimeResult> Run(ReportPeriod p, CancellationToken ct = default)
    {
        var from = p.FromUtc; var to = p.ToUtc;
        var closed = (await scope.VisitsAsync(p.PipelineId, ct)).Where(v => v.ExitedAt >= from && v.ExitedAt < to);
        var groups = await closed.GroupBy(v => new { v.StageId, v.ExecutorId })
            .Select(g => new { g.Key.StageId, g.Key.ExecutorId, Count = g.LongCount(), Avg = g.Average(v => v.Hours) }).ToListAsync(ct);
        // Medians need the ordered values of each group; SQLite has no percentile, so they are taken from the hours alone.
        var hours = (await closed.Where(v => v.Hours != null).Select(v => new { v.StageId, v.ExecutorId, Hours = v.Hours!.Value }).ToListAsync(ct))
            .GroupBy(v => (v.StageId, v.ExecutorId))
            .ToDictionary(g => g.Key, g => ReportMath.Median(g.Select(x => x.Hours).Order().ToList()));

        var stages = await db.Stages.AsNoTracking().Where(s => s.PipelineId == p.PipelineId).ToDictionaryAsync(s => s.Id, s => new { s.Name, s.Group, s.Order }, ct);
        var ids = groups.Select(g => g.ExecutorId).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.FullName, ct);
        var rows = groups
            .Select(g =>
            {
                var s = stages.GetValueOrDefault(g.StageId);
                return new StageTimeRow(g.StageId, s?.Name ?? "", s?.Group, g.ExecutorId, names.GetValueOrDefault(g.ExecutorId), g.Count,
                    ReportMath.Round2(g.Avg), ReportMath.Round2(hours.GetValueOrDefault((g.StageId, g.ExecutorId))));
            })
            .OrderBy(r => stages.GetValueOrDefault(r.StageId)?.Order ?? int.MaxValue).ThenBy(r => r.ExecutorName, StringComparer.CurrentCulture).ThenBy(r => r.ExecutorId)
            .ToList();
        return new StageTimeResult(p.PipelineId, p.PipelineName, p.From, p.To, rows);
    }

    public byte[] Csv(StageTimeResult r) => ReportCsv.Write(
        [t["Reports.Col.Stage"], t["Reports.Col.Executor"], t["Reports.Col.Count"], t["Reports.Col.AvgHours"], t["Reports.Col.MedianHours"]],
        r.Rows.Select(x => new object?[] { x.StageName, x.ExecutorName, x.Count, x.AvgHours, x.MedianHours }));
}
