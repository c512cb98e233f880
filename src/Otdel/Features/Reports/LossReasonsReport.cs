using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Otdel.Data;
using Otdel.Features.Deals;
using Otdel.Resources;

namespace Otdel.Features.Reports;

public sealed record LossByStageRow(long? StageId, string? StageName, long? ReasonId, string? ReasonName, long Count, decimal Amount);
public sealed record LossByOwnerRow(long OwnerId, string? OwnerName, long? ReasonId, string? ReasonName, long Count, decimal Amount);
public sealed record LossReasonsResult(long PipelineId, string PipelineName, DateOnly From, DateOnly To, long TotalCount, decimal TotalAmount,
    List<LossByStageRow> ByStage, List<LossByOwnerRow> ByOwner);

/// <summary>Why deals were lost in a period: lost deals closed in it, by the stage they were lost at and by owner, per reason.</summary>
public sealed class LossReasonsReport(OtdelDb db, ReportScope scope, IStringLocalizer<Text> t)
{
    public async Task<LossReasonsResult> Run(ReportPeriod p, CancellationToken ct = default)
    {
        var from = p.FromUtc; var to = p.ToUtc;
        var lost = scope.Deals(p.PipelineId).Where(d => d.Status == DealStatus.Lost && d.ClosedAt >= from && d.ClosedAt < to);
        var byStage = await lost.GroupBy(d => new { d.LostAtStageId, d.LossReasonId })
            .Select(g => new { g.Key.LostAtStageId, g.Key.LossReasonId, Count = g.LongCount(), Amount = g.Sum(d => d.Amount) }).ToListAsync(ct);
        var byOwner = await lost.GroupBy(d => new { d.OwnerId, d.LossReasonId })
            .Select(g => new { g.Key.OwnerId, g.Key.LossReasonId, Count = g.LongCount(), Amount = g.Sum(d => d.Amount) }).ToListAsync(ct);

        var stages = await db.Stages.AsNoTracking().Where(s => s.PipelineId == p.PipelineId).ToDictionaryAsync(s => s.Id, s => new { s.Name, s.Order }, ct);
        var reasons = await db.LossReasons.AsNoTracking().Where(r => r.PipelineId == p.PipelineId).ToDictionaryAsync(r => r.Id, r => new { r.Name, r.Order }, ct);
        var ownerIds = byOwner.Select(o => o.OwnerId).Distinct().ToList();
        var owners = await db.Users.AsNoTracking().Where(u => ownerIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.FullName, ct);

        string? Reason(long? id) => id is { } r && reasons.TryGetValue(r, out var x) ? x.Name : null;
        int ReasonOrder(long? id) => id is { } r && reasons.TryGetValue(r, out var x) ? x.Order : int.MaxValue;
        var stageRows = byStage
            .Select(x => new LossByStageRow(x.LostAtStageId, x.LostAtStageId is { } s && stages.TryGetValue(s, out var st) ? st.Name : null,
                x.LossReasonId, Reason(x.LossReasonId), x.Count, x.Amount))
            .OrderBy(r => r.StageId is { } s && stages.TryGetValue(s, out var st) ? st.Order : int.MaxValue).ThenByDescending(r => r.Count).ThenBy(r => ReasonOrder(r.ReasonId))
            .ToList();
        var ownerRows = byOwner
            .Select(x => new LossByOwnerRow(x.OwnerId, owners.GetValueOrDefault(x.OwnerId), x.LossReasonId, Reason(x.LossReasonId), x.Count, x.Amount))
            .OrderBy(r => r.OwnerName, StringComparer.CurrentCulture).ThenBy(r => r.OwnerId).ThenByDescending(r => r.Count).ThenBy(r => ReasonOrder(r.ReasonId))
            .ToList();
        return new LossReasonsResult(p.PipelineId, p.PipelineName, p.From, p.To, stageRows.Sum(r => r.Count), stageRows.Sum(r => r.Amount), stageRows, ownerRows);
    }

    public byte[] CsvByStage(LossReasonsResult r) => ReportCsv.Write(
        [t["Reports.Col.Stage"], t["Reports.Col.Reason"], t["Reports.Col.Count"], t["Reports.Col.Amount"]],
        r.ByStage.Select(x => new object?[] { x.StageName, x.ReasonName, x.Count, x.Amount }));

    public byte[] CsvByOwner(LossReasonsResult r) => ReportCsv.Write(
        [t["Reports.Col.Owner"], t["Reports.Col.Reason"], t["Reports.Col.Count"], t["Reports.Col.Amount"]],
        r.ByOwner.Select(x => new object?[] { x.OwnerName, x.ReasonName, x.Count, x.Amount }));

    /// <summary>Both tables in one file, a section per grouping, for the API's single export.</summary>
    public byte[] Csv(LossReasonsResult r) => ReportCsv.Write(
        [t["Reports.Col.Grouping"], t["Reports.Col.StageOrOwner"], t["Reports.Col.Reason"], t["Reports.Col.Count"], t["Reports.Col.Amount"]],
        r.ByStage.Select(x => new object?[] { t["Reports.ByStage"].Value, x.StageName, x.ReasonName, x.Count, x.Amount })
            .Concat(r.ByOwner.Select(x => new object?[] { t["Reports.ByOwner"].Value, x.OwnerName, x.ReasonName, x.Count, x.Amount })));
}
