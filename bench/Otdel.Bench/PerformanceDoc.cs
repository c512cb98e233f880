using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Otdel.Bench;

sealed record EngineRun(string Provider, string Version, DateTime At, BenchMeta Meta, List<Measure> Results);

/// <summary>Writes docs/performance.md from the latest result of each engine at the asked size, with the machine it ran on.</summary>
static class PerformanceDoc
{
    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void Write(Options o)
    {
        var runs = new[] { "sqlite", "postgres" }
            .Select(p => Path.Combine(o.Dir, $"results-{p}-{o.Deals}.json"))
            .Where(File.Exists)
            .Select(f => JsonSerializer.Deserialize<EngineRun>(File.ReadAllText(f))!)
            .ToList();
        var sb = new StringBuilder();
        sb.AppendLine("# Performance");
        sb.AppendLine();
        sb.AppendLine("Measured by `./otdel bench` (bench/Otdel.Bench, scripts/bench.sh); regenerate this file by running it again.");
        sb.AppendLine("Targets (issue 3): board first page p95 < 50 ms, deal move and create p95 < 10 ms, funnel for a quarter < 200 ms, on both engines.");
        sb.AppendLine();
        sb.AppendLine($"- Date: {TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC");
        sb.AppendLine($"- Machine: {CpuModel()}, {Environment.ProcessorCount} cores, {MemoryGb():N0} GB RAM, {RuntimeInformation.OSDescription.Trim()}, .NET {Environment.Version}");
        foreach (var r in runs)
            sb.AppendLine($"- {Engine(r)}: {r.Meta.Deals:N0} deals ({r.Meta.Open:N0} open) over 3 years, {r.Meta.Visits:N0} stage visits, {r.Meta.Sellers} sellers in teams + a head of sales; " +
                          $"B2B pipeline from the template (13 columns); generated in {r.Meta.Seconds:N0} s; measured {r.At:yyyy-MM-dd HH:mm} UTC");
        sb.AppendLine();
        sb.AppendLine("How it is measured: the app is built with `OtdelHost.Build` (not started); each operation runs in its own DI scope with `Access` loaded");
        sb.AppendLine("for the head of sales (who sees the whole department), and only the handler call is timed — the same handlers the API and the pages call");
        sb.AppendLine("(`BoardQuery.LoadAsync`, `MoveDeal.Run` with a head's override reason, `CreateDeal.Run`, `FunnelReport.Run`). One client, sequential;");
        sb.AppendLine("throughput is operations per second of that single client. A rerun reuses the generated database, so earlier moves and creates stay in it.");
        sb.AppendLine("PostgreSQL is the throwaway server of scripts/bench.sh (fsync off, like the test server): durable-commit latency is not part of these figures.");
        sb.AppendLine();
        foreach (var r in runs)
        {
            sb.AppendLine($"## {Engine(r)}");
            sb.AppendLine();
            sb.AppendLine("| operation | n | p50 ms | p95 ms | p99 ms | mean ms | ops/s | target | met |");
            sb.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |");
            foreach (var m in r.Results)
                sb.AppendLine(string.Create(Inv, $"| {m.Operation} | {m.Count} | {m.P50:F2} | {m.P95:F2} | {m.P99:F2} | {m.Mean:F2} | {m.PerSecond:F1} | {m.Target} | {(m.Met && m.Failed == 0 ? "yes" : m.Failed > 0 ? $"no ({m.Failed} failed)" : "**no**")} |"));
            sb.AppendLine();
        }
        if (File.Exists(o.Docs))
        {
            // Keep hand-written analysis below the generated part.
            var old = File.ReadAllText(o.Docs);
            var i = old.IndexOf("<!-- notes -->", StringComparison.Ordinal);
            if (i >= 0) sb.Append(old[i..]);
        }
        Directory.CreateDirectory(Path.GetDirectoryName(o.Docs)!);
        File.WriteAllText(o.Docs, sb.ToString());
        Console.Write(sb.ToString());
    }

    static string Engine(EngineRun r) => r.Provider == "sqlite" ? $"SQLite {r.Version}" : $"PostgreSQL {r.Version}";

    static string CpuModel()
    {
        try { return File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name"))?.Split(':', 2)[1].Trim() ?? RuntimeInformation.ProcessArchitecture.ToString(); }
        catch (IOException) { return RuntimeInformation.ProcessArchitecture.ToString(); }
    }

    static double MemoryGb()
    {
        try
        {
            var line = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal"));
            return double.Parse(line.Split(':')[1].Trim().Split(' ')[0], Inv) / 1024 / 1024;
        }
        catch (Exception e) when (e is IOException or InvalidOperationException) { return GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1024.0 / 1024 / 1024; }
    }
}
