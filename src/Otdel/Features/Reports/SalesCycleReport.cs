using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Otdel.Data;
using Otdel.Platform;
using Otdel.Resources;

namespace Otdel.Features.Reports;

public sealed record SalesCycleResult(long PipelineId, string PipelineName, DateOnly From, DateOnly To, long Count, decimal Amount, double? AvgDays, double? MedianDays);

/// <summary>How long won deals took from creation to the win: won deals closed in the period, in days.</summary>
public sealed class SalesCycleReport(OtdelDb db, Access access, IStringLocalizer<Text> t)
{
    sealed record Totals(long Count, double? AvgDays);

    public async Task<SalesCycleResult> Run(ReportPeriod p, CancellationToken ct = default)
    {
        // Date arithmetic differs per engine (SQLite keeps dates as ISO text), so this one is SQL by hand.
        var days = db.IsSqlite
            ? "julianday(closed_at) - julianday(created_at)"
            : "CAST(EXTRACT(EPOCH FROM (closed_at - created_at)) AS double precision) / 86400.0";
        // Owner ids are longs from the access scope, safe to inline; the rest are parameters.
        var owners = access.VisibleUserIds is { } ids ? $" AND owner_id IN ({(ids.Count == 0 ? "NULL" : string.Join(",", ids))})" : "";
        var where = $"FROM deals WHERE pipeline_id = {{0}} AND status = 'won' AND closed_at >= {{1}} AND closed_at < {{2}}{owners}";
        object[] args = [p.PipelineId, p.FromUtc, p.ToUtc];

        var totalsSql = $"SELECT COUNT(*) AS \"Count\", AVG({days}) AS \"AvgDays\" {where}";
        var valuesSql = $"SELECT {days} AS \"Value\" {where}";
        var totals = await db.Database.SqlQueryRaw<Totals>(totalsSql, args).SingleAsync(ct);
        var values = await db.Database.SqlQueryRaw<double>(valuesSql, args).ToListAsync(ct);
        var from = p.FromUtc; var to = p.ToUtc;
        var amount = await db.Deals.VisibleTo(access).AsNoTracking()
            .Where(d => d.PipelineId == p.PipelineId && d.Status == Deals.DealStatus.Won && d.ClosedAt >= from && d.ClosedAt < to)
            .SumAsync(d => d.Amount, ct);
        values.Sort();
        return new SalesCycleResult(p.PipelineId, p.PipelineName, p.From, p.To, totals.Count, amount,
            ReportMath.Round2(totals.AvgDays), ReportMath.Round2(ReportMath.Median(values)));
    }

    public byte[] Csv(SalesCycleResult r) => ReportCsv.Write(
        [t["Reports.Col.From"], t["Reports.Col.To"], t["Reports.Col.WonCount"], t["Reports.Col.Amount"], t["Reports.Col.AvgDays"], t["Reports.Col.MedianDays"]],
        [[r.From, r.To, r.Count, r.Amount, r.AvgDays, r.MedianDays]]);
}
