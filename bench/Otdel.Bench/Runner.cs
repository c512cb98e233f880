using Microsoft.Extensions.DependencyInjection;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Features.Deals;
using Otdel.Features.Deals.Board;
using Otdel.Features.Pipelines;
using Otdel.Features.Reports;
using Otdel.Platform;

namespace Otdel.Bench;

sealed record Measure(string Operation, string Target, double TargetMs, int Count, int Failed, double P50, double P95, double P99, double Mean, double PerSecond)
{
    public bool Met => P95 <= TargetMs;
}

/// <summary>
/// Runs the app's own handlers the way a request does: a DI scope per operation with Access loaded for the head
/// of sales, then the handler. Only the handler call is timed (not the access lookup every request also makes).
/// </summary>
sealed class Runner(IServiceProvider services, BenchMeta meta, double scale)
{
    public static async Task<(T Handler, IServiceProvider Scope)> AsHeadAsync<T>(AsyncServiceScope scope, long headId) where T : notnull
    {
        var sp = scope.ServiceProvider;
        var access = sp.GetRequiredService<Access>();
        await access.LoadAsync(headId);
        var actor = sp.GetRequiredService<Actor>();
        actor.UserId = headId; actor.Name = access.User!.FullName; actor.Channel = "api";
        return (sp.GetRequiredService<T>(), sp);
    }

    int N(int n) => Math.Max(5, (int)(n * scale));

    public async Task<List<Measure>> RunAsync()
    {
        List<Stage> stages; List<long> openDeals; List<long> sellers;
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OtdelDb>();
            stages = await db.Stages.AsNoTracking().Where(s => s.PipelineId == meta.PipelineId).OrderBy(s => s.Order).ToListAsync();
            var sales = stages.Where(s => s.Kind == StageKind.Sales).Select(s => s.Id).ToList();
            openDeals = await db.Deals.AsNoTracking().Where(d => d.PipelineId == meta.PipelineId && d.Status == DealStatus.Open && sales.Contains(d.StageId))
                .OrderBy(d => d.Id).Select(d => d.Id).Take(50_000).ToListAsync();
            sellers = await db.Users.AsNoTracking().Where(u => u.ManagerId == meta.HeadId).Select(u => u.Id).ToListAsync();
        }
        var salesStages = stages.Where(s => s.Kind == StageKind.Sales).ToList();
        var rnd = new Random(99);
        var results = new List<Measure>();

        results.Add(await TimeSimpleAsync("board: first page of every column", "p95 < 50 ms", 50, N(200), 10, async sp =>
        {
            var view = await sp.GetRequiredService<BoardQuery>().LoadAsync(meta.PipelineId, new BoardFilter());
            return view is not null && view.Columns.Count == stages.Count;
        }));

        results.Add(await TimePreparedAsync<DealView>("deal move", "p95 < 10 ms", 10, N(500), 20, async sp =>
        {
            var db = sp.GetRequiredService<OtdelDb>();
            var id = openDeals[rnd.Next(openDeals.Count)];
            var current = await db.Deals.AsNoTracking().Where(d => d.Id == id).Select(d => new { d.StageId, d.Version }).FirstAsync();
            var i = salesStages.FindIndex(s => s.Id == current.StageId);
            // Forward one step (a head's override stands in for the filled card), or back from the last sales step.
            var target = i < salesStages.Count - 1 ? salesStages[i + 1] : salesStages[i - 1];
            return () => sp.GetRequiredService<MoveDeal>().Run(id, new MoveInput(target.Id, current.Version, "бенчмарк"));
        }));

        results.Add(await TimePreparedAsync<DealView>("deal create", "p95 < 10 ms", 10, N(500), 20, sp =>
        {
            var n = rnd.Next(1_000_000);
            var input = new DealInput
            {
                Title = $"Новая сделка {n}", Amount = rnd.Next(10, 5000) * 1000m, Currency = "RUB", PipelineId = meta.PipelineId,
                StageId = salesStages[0].Id, OwnerId = sellers[rnd.Next(sellers.Count)], ClientName = $"ООО «Клиент {n}»", Source = "Сайт",
            };
            return Task.FromResult<Func<Task<Outcome<DealView>>>>(() => sp.GetRequiredService<CreateDeal>().Run(input));
        }));

        // The last full calendar quarter before the data's "now".
        var now = meta.GeneratedAt;
        var q = new DateOnly(now.Year, (now.Month - 1) / 3 * 3 + 1, 1).AddMonths(-3);
        var period = new ReportPeriod(meta.PipelineId, "B2B", q, q.AddMonths(3).AddDays(-1));
        results.Add(await TimeSimpleAsync($"funnel report for a quarter ({q:yyyy-MM-dd} … {period.To:yyyy-MM-dd})", "< 200 ms", 200, N(40), 5, async sp =>
        {
            var r = await sp.GetRequiredService<FunnelReport>().Run(period);
            return r.Rows.Sum(x => x.Entered) > 0;
        }));
        return results;
    }

    /// <summary>Times an operation that needs no untimed preparation.</summary>
    Task<Measure> TimeSimpleAsync(string name, string target, double targetMs, int count, int warmup, Func<IServiceProvider, Task<bool>> op) =>
        TimeCoreAsync(name, target, targetMs, count, warmup, sp => Task.FromResult<Func<Task<bool>>>(() => op(sp)));

    /// <summary>Times an operation whose preparation (picking a deal) is not part of the measure.</summary>
    Task<Measure> TimePreparedAsync<T>(string name, string target, double targetMs, int count, int warmup, Func<IServiceProvider, Task<Func<Task<Outcome<T>>>>> prepare) =>
        TimeCoreAsync(name, target, targetMs, count, warmup, async sp =>
        {
            var run = await prepare(sp);
            return (Func<Task<bool>>)(async () => (await run()).Ok);
        });

    async Task<Measure> TimeCoreAsync(string name, string target, double targetMs, int count, int warmup, Func<IServiceProvider, Task<Func<Task<bool>>>> prepare)
    {
        var times = new List<double>(count);
        var failed = 0;
        for (var i = 0; i < warmup + count; i++)
        {
            await using var scope = services.CreateAsyncScope();
            var (_, sp) = await AsHeadAsync<Access>(scope, meta.HeadId);
            var run = await prepare(sp);
            var sw = Stopwatch.StartNew();
            var ok = await run();
            sw.Stop();
            if (i < warmup) continue;
            times.Add(sw.Elapsed.TotalMilliseconds);
            if (!ok) failed++;
        }
        times.Sort();
        double P(double p) => times[Math.Min(times.Count - 1, (int)Math.Ceiling(p * times.Count) - 1)];
        var m = new Measure(name, target, targetMs, count, failed, P(0.50), P(0.95), P(0.99), times.Average(), 1000.0 / times.Average());
        Console.WriteLine($"  {name,-60} p50 {m.P50,8:F2}  p95 {m.P95,8:F2}  p99 {m.P99,8:F2} ms  {m.PerSecond,8:F1}/s  {(failed > 0 ? $"FAILED {failed}" : "")}");
        return m;
    }
}
