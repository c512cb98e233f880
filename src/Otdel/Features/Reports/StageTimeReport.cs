using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Otdel.Data;
using Otdel.Platform;
using Otdel.Resources;

namespace Otdel.Features.Reports;

/// <summary>
/// One stage and executor. <c>AvgHours</c>/<c>MedianHours</c> are elapsed clock hours (as before); the working-hours
/// figures count only the department's working time, the unit of the stage's limit (<c>LimitHours</c>, null = none).
/// <c>OverLimitCount</c>/<c>OverLimitShare</c>: visits longer than the limit (null without a limit);
/// <c>IsOverLimit</c>: the average working time is over the limit.
/// </summary>
public sealed record StageTimeRow(long StageId, string StageName, string? Group, long ExecutorId, string? ExecutorName, long Count,
    double? AvgHours, double? MedianHours, double AvgWorkingHours, double MedianWorkingHours, int? LimitHours, long? OverLimitCount,
    double? OverLimitShare, bool IsOverLimit);

/// <summary>The same working-time figures for a stage over all its executors: what the chart draws.</summary>
public sealed record StageTimeTotal(long StageId, string StageName, string? Group, long Count, double AvgWorkingHours, double MedianWorkingHours,
    int? LimitHours, long? OverLimitCount, double? OverLimitShare, bool IsOverLimit);

/// <summary><c>WorkingHoursPerDay</c> turns working hours into the working days and hours the page shows.</summary>
public sealed record StageTimeResult(long PipelineId, string PipelineName, DateOnly From, DateOnly To, List<StageTimeRow> Rows,
    double WorkingHoursPerDay, List<StageTimeTotal> Stages);

/// <summary>
/// How long deals stay in each stage with each executor: visits that ended in the period, average and median time,
/// against the stage's limit. Working time is counted by the department's calendar (<see cref="WorkCalendar"/>), the
/// same one that sets a deal's stage deadline, so "over the limit" here means what "overdue" meant on the board.
/// A visit is one executor's stay: a deal handed over inside a stage has a visit per executor.
/// </summary>
public sealed class StageTimeReport(OtdelDb db, ReportScope scope, WorkCalendar calendar, IStringLocalizer<Text> t)
{
    sealed record Visit(long StageId, long ExecutorId, double? Hours, double WorkingHours);

    public async Task<StageTimeResult> Run(ReportPeriod p, CancellationToken ct = default)
    {
        var from = p.FromUtc; var to = p.ToUtc;
        var closed = (await scope.VisitsAsync(p.PipelineId, ct)).Where(v => v.ExitedAt >= from && v.ExitedAt < to);
        // Medians need every value and working time needs both ends of each visit, so the visits are read once and
        // summed here; SQL could not do either on SQLite.
        var visits = (await closed.Select(v => new { v.StageId, v.ExecutorId, v.Hours, v.EnteredAt, ExitedAt = v.ExitedAt!.Value }).ToListAsync(ct))
            .Select(v => new Visit(v.StageId, v.ExecutorId, v.Hours, calendar.WorkingHoursBetween(v.EnteredAt, v.ExitedAt)))
            .ToList();

        var stages = await db.Stages.AsNoTracking().Where(s => s.PipelineId == p.PipelineId)
            .ToDictionaryAsync(s => s.Id, s => new { s.Name, s.Group, s.Order, s.TimeLimitHours }, ct);
        var ids = visits.Select(v => v.ExecutorId).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.FullName, ct);
        int Order(long stageId) => stages.GetValueOrDefault(stageId)?.Order ?? int.MaxValue;
        int? Limit(long stageId) => stages.GetValueOrDefault(stageId)?.TimeLimitHours is { } h and > 0 ? h : null;

        var rows = visits.GroupBy(v => (v.StageId, v.ExecutorId))
            .Select(g =>
            {
                var s = stages.GetValueOrDefault(g.Key.StageId);
                var hours = g.Where(v => v.Hours is not null).Select(v => v.Hours!.Value).Order().ToList();
                var w = Working(g.ToList(), Limit(g.Key.StageId));
                return new StageTimeRow(g.Key.StageId, s?.Name ?? "", s?.Group, g.Key.ExecutorId, names.GetValueOrDefault(g.Key.ExecutorId), g.LongCount(),
                    hours.Count == 0 ? null : ReportMath.Round2(hours.Average()), ReportMath.Round2(ReportMath.Median(hours)),
                    w.Avg, w.Median, w.Limit, w.OverCount, w.OverShare, w.IsOver);
            })
            .OrderBy(r => Order(r.StageId)).ThenBy(r => r.ExecutorName, StringComparer.CurrentCulture).ThenBy(r => r.ExecutorId)
            .ToList();
        var totals = visits.GroupBy(v => v.StageId)
            .Select(g =>
            {
                var s = stages.GetValueOrDefault(g.Key);
                var w = Working(g.ToList(), Limit(g.Key));
                return new StageTimeTotal(g.Key, s?.Name ?? "", s?.Group, g.LongCount(), w.Avg, w.Median, w.Limit, w.OverCount, w.OverShare, w.IsOver);
            })
            .OrderBy(r => Order(r.StageId)).ThenBy(r => r.StageId)
            .ToList();
        return new StageTimeResult(p.PipelineId, p.PipelineName, p.From, p.To, rows, calendar.HoursPerDay, totals);
    }

    sealed record WorkingFigures(double Avg, double Median, int? Limit, long? OverCount, double? OverShare, bool IsOver);

    /// <summary>Average and median working time of some visits, and how they stand against the stage's limit.</summary>
    static WorkingFigures Working(List<Visit> visits, int? limit)
    {
        var working = visits.Select(v => v.WorkingHours).Order().ToList();
        var avg = working.Average();
        long? over = limit is { } l ? working.LongCount(h => ReportMath.IsOver(h, l)) : null;
        return new WorkingFigures(ReportMath.Round2(avg), ReportMath.Round2(ReportMath.Median(working)!.Value), limit,
            over, over is { } n ? ReportMath.Conversion(working.Count, n) : null, limit is { } lim && ReportMath.IsOver(avg, lim));
    }

    public byte[] Csv(StageTimeResult r) => ReportCsv.Write(
        [t["Reports.Col.Stage"], t["Reports.Col.Executor"], t["Reports.Col.Count"], t["Reports.Col.AvgHours"], t["Reports.Col.MedianHours"],
            t["Reports.Col.AvgWorkingHours"], t["Reports.Col.MedianWorkingHours"], t["Reports.Col.LimitHours"], t["Reports.Col.OverLimitCount"],
            t["Reports.Col.OverLimitShare"], t["Reports.Col.AvgOverLimit"]],
        r.Rows.Select(x => new object?[]
        {
            x.StageName, x.ExecutorName, x.Count, x.AvgHours, x.MedianHours,
            x.AvgWorkingHours, x.MedianWorkingHours, x.LimitHours, x.OverLimitCount, x.OverLimitShare, x.IsOverLimit ? t["Common.Yes"].Value : "",
        }));
}
