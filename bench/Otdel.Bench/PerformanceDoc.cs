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
        // Every size measured over HTTP (the asked one and any other kept in the bench folder), the largest first.
        var http = Directory.EnumerateFiles(o.Dir, "results-http-*.json")
            .Select(f => JsonSerializer.Deserialize<HttpRun>(File.ReadAllText(f))!)
            .OrderByDescending(r => r.Meta.Deals).ThenBy(r => r.Provider == "sqlite" ? 0 : 1)
            .ToList();
        var runs = new[] { "sqlite", "postgres" }
            .Select(p => Path.Combine(o.Dir, $"results-{p}-{o.Deals}.json"))
            .Where(File.Exists)
            .Select(f => JsonSerializer.Deserialize<EngineRun>(File.ReadAllText(f))!)
            .ToList();
        if (http.Count == 0 && runs.Count == 0 && File.Exists(o.Docs))
        {
            // An import run on a machine that has not measured over HTTP: the recorded HTTP figures stay as they are.
            ReplaceImports(o);
            return;
        }
        var sb = new StringBuilder();
        sb.AppendLine("# Performance");
        sb.AppendLine();
        sb.AppendLine("Measured by `./otdel bench` (bench/Otdel.Bench, bench/Otdel.Floor, scripts/bench.sh); regenerate this file by running it again.");
        sb.AppendLine("The headline is issue 13's comparison over HTTP with the floor: a minimal ASP.NET Core app over raw ADO.NET doing the same");
        sb.AppendLine("writes and reads with no logic, on the same database server, in the same run.");
        sb.AppendLine();
        sb.AppendLine($"- Date: {TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC");
        sb.AppendLine($"- Machine: {CpuModel()}, {Environment.ProcessorCount} cores, {MemoryGb():N0} GB RAM, {RuntimeInformation.OSDescription.Trim()}, " +
                      $".NET {Environment.Version}; " +
                      "shared with other work (load average per engine below), the benchmark and both apps under `nice -n 10`");
        foreach (var r in http)
            sb.AppendLine($"- {Engine(r.Provider, r.Version)}: {r.Meta.Deals:N0} deals ({r.Meta.Open:N0} open) over 3 years, {r.Meta.Visits:N0} stage visits, " +
                          $"{r.Meta.Sellers} sellers in teams + a head of sales; B2B pipeline from the template (13 columns); " +
                          $"generated in {r.Meta.Seconds:N0} s; measured {r.At:yyyy-MM-dd HH:mm} UTC; settings: {r.Settings}");
        sb.AppendLine();
        sb.AppendLine("""
            How it is measured: scripts/bench.sh builds Release and starts PostgreSQL at its default durable settings (fsync,
            synchronous_commit and full_page_writes on; only memory settings raised). The runner starts Otdel the way `./otdel serve` runs
            it (the built Otdel.dll, `serve --urls`, OTDEL_DB_PROVIDER/OTDEL_DB/OTDEL_DATA) and the floor (bench/Otdel.Floor: minimal API,
            Microsoft.Data.Sqlite / Npgsql, a `deals` table with an index on (stage, id), as many rows as Otdel's data set) on loopback
            ports, each against its own database on the same engine (SQLite: WAL, synchronous=NORMAL). Otdel is called as an API client
            would: a bearer token of the head of sales made by `otdel token create`, `POST /api/v1/deals`, `POST /api/v1/deals/{id}/move`
            (one step on with a head's override reason, or back from the last sales step; the client keeps each deal's version from the last
            answer), `GET /api/v1/deals?stageId=…&limit=20` and `/healthz`; the floor gets `POST /deals`, `POST /deals/{id}/move`, `GET
            /deals?stage=…&limit=20` and `/ping` (one `SELECT 1`). Clients are HttpClient over SocketsHttpHandler with keep-alive
            connections, in the benchmark process on the same machine: one client (each call waits for its answer) and 16 clients; after a
            warm-up, rounds interleave floor and Otdel per operation (floor 1 client, Otdel 1 client, floor 16, Otdel 16) so both see the
            same machine. Latencies are of the whole HTTP call; throughput is calls ÷ wall time of the phases; CPU per call is the app
            process's utime + stime (/proc/PID/stat) over its phases ÷ calls (the database server's CPU is not in it); peak RSS is VmHWM,
            RSS after is VmRSS when the run ends. A rerun reuses the generated data, so earlier creates and moves stay in it.
            """);
        sb.AppendLine();
        foreach (var r in http) WriteHttp(sb, r);
        if (runs.Count > 0)
        {
            sb.AppendLine("## Secondary: handlers in-process (issue 3's measure, not the headline)");
            sb.AppendLine();
            sb.AppendLine("`./otdel bench --in-process` also times the handlers in the benchmark's own process: each operation in a DI scope");
            sb.AppendLine("with `Access` loaded for the head of sales, only the handler call timed (no HTTP, no authentication, no middleware),");
            sb.AppendLine("one client, on the same server as above.");
            sb.AppendLine();
            foreach (var r in runs)
            {
                sb.AppendLine($"### {Engine(r.Provider, r.Version)}, measured {r.At:yyyy-MM-dd HH:mm} UTC");
                sb.AppendLine();
                sb.AppendLine("| operation | n | p50 ms | p95 ms | p99 ms | mean ms | ops/s | target | met |");
                sb.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |");
                foreach (var m in r.Results)
                    sb.AppendLine(string.Create(Inv, $"| {m.Operation} | {m.Count} | {m.P50:F2} | {m.P95:F2} | {m.P99:F2} | {m.Mean:F2} | {m.PerSecond:F1} | {m.Target} | {(m.Met && m.Failed == 0 ? "yes" : m.Failed > 0 ? $"no ({m.Failed} failed)" : "**no**")} |"));
                sb.AppendLine();
            }
        }
        WriteImports(sb, o);
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

    /// <summary>Only the import section of the existing file is written anew (or added before the hand-written notes).</summary>
    static void ReplaceImports(Options o)
    {
        var old = File.ReadAllText(o.Docs);
        var section = new StringBuilder();
        WriteImports(section, o);
        const string heading = "## Import of historical deals from CSV";
        var start = old.IndexOf(heading, StringComparison.Ordinal);
        var notes = old.IndexOf("<!-- notes -->", StringComparison.Ordinal);
        if (start < 0) start = notes >= 0 ? notes : old.Length;
        var end = old.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        end = end < 0 ? (notes > start ? notes : old.Length) : notes > start && notes < end ? notes : end + 1;
        if (!old[start..].StartsWith(heading, StringComparison.Ordinal)) end = start;
        File.WriteAllText(o.Docs, old[..start] + section + old[end..]);
        Console.Write(section.ToString());
    }

    static readonly string[] Compared = ["create", "move", "list a stage (20)"];

    /// <summary>Issue 10's import: per engine the largest run and the run of a quarter of its rows (memory as the file grows).</summary>
    static void WriteImports(StringBuilder sb, Options o)
    {
        var runs = Directory.EnumerateFiles(o.Dir, "results-import-*.json")
            .Select(f => JsonSerializer.Deserialize<ImportRun>(File.ReadAllText(f))!)
            .GroupBy(r => r.Provider)
            .SelectMany(g => g.Where(r => r.Rows == g.Max(x => x.Rows) || r.Rows == g.Max(x => x.Rows) / 4).OrderBy(r => r.Rows))
            .OrderBy(r => r.Provider == "sqlite" ? 0 : 1).ToList();
        if (runs.Count == 0) return;
        sb.AppendLine("## Import of historical deals from CSV (issue 10)");
        sb.AppendLine();
        sb.AppendLine("`./otdel bench --import 1000000`: a generated CSV of deals (Otdel's field names as columns; owners by e-mail and by name,");
        sb.AppendLine("three of them new; 20,000 clients; won, lost with a reason, open in a stage; three years of dates) brought in by");
        sb.AppendLine("`./otdel import deals FILE` as its own process on a fresh demo database, timed from start to exit, a quarter of the rows");
        sb.AppendLine("first and then all of them (peak memory is the process's VmHWM). Target: under 60 s, memory flat as the file grows.");
        sb.AppendLine();
        sb.AppendLine("| engine | measured | rows | seconds | rows/s | peak memory | outcome | under 60 s |");
        sb.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | --- | --- |");
        foreach (var r in runs)
            sb.AppendLine(string.Create(Inv, $"| {Engine(r.Provider, r.Version)} | {r.At:yyyy-MM-dd HH:mm} UTC | {r.Rows:N0} | {r.Seconds:F1} | " +
                $"{r.Rows / r.Seconds:N0} | {r.PeakMiB:F0} MiB | {r.Output} | {(r.Seconds < 60 ? "yes" : "**no**")} |"));
        sb.AppendLine();
    }

    static void WriteHttp(StringBuilder sb, HttpRun r)
    {
        OpStats? S(string op, string app, int clients) => r.Stats.FirstOrDefault(s => s.Operation == op && s.App == app && s.Clients == clients);
        string F(double v) => v.ToString(v >= 100 ? "F0" : v >= 10 ? "F1" : "F2", Inv);
        sb.AppendLine($"## {Engine(r.Provider, r.Version)} — {r.Meta.Deals:N0} deals, over HTTP");
        sb.AppendLine();
        sb.AppendLine($"{r.Rounds} rounds{(r.Quick ? " (quick mode: fewer calls per phase)" : "")}; " +
                      $"load average (1, 5, 15 min) {r.LoadBefore} before, {r.LoadAfter} after.");
        foreach (var n in r.Notes) sb.AppendLine($"Note: {n}.");
        sb.AppendLine();
        sb.AppendLine("| operation | clients | floor p50 / p95 / p99 ms | Otdel p50 / p95 / p99 ms | floor req/s | Otdel req/s | " +
                      "Otdel ÷ floor p50 | Otdel ÷ floor req/s | CPU ms per call floor / Otdel | failed floor / Otdel |");
        sb.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var op in r.Stats.Where(s => s.App == "floor").Select(s => s.Operation).Distinct())
            foreach (var clients in new[] { 1, 16 })
                if (S(op, "floor", clients) is { } f && S(op, "otdel", clients) is { } t)
                    sb.AppendLine($"| {op} | {clients} | {F(f.P50)} / {F(f.P95)} / {F(f.P99)} | {F(t.P50)} / {F(t.P95)} / {F(t.P99)} | " +
                                  $"{F(f.PerSecond)} | {F(t.PerSecond)} | {F(t.P50 / f.P50)}x | {(t.PerSecond / f.PerSecond).ToString("F2", Inv)} | " +
                                  $"{F(f.CpuMsPerOp)} / {F(t.CpuMsPerOp)} | {f.Failed} / {t.Failed} |");
        foreach (var t in r.Stats.Where(s => s.App == "otdel" && r.Stats.All(x => x.App != "floor" || x.Operation != s.Operation)))
            sb.AppendLine($"| {t.Operation} (Otdel only) | {t.Clients} | — | {F(t.P50)} / {F(t.P95)} / {F(t.P99)} | — | {F(t.PerSecond)} | — | — | " +
                          $"— / {F(t.CpuMsPerOp)} | — / {t.Failed} |");
        sb.AppendLine();
        sb.AppendLine(string.Create(Inv, $"Server memory: the floor peak {r.Floor.PeakMiB:F0} MiB, {r.Floor.AfterMiB:F0} MiB after the run; " +
                                         $"Otdel peak {r.Otdel.PeakMiB:F0} MiB, {r.Otdel.AfterMiB:F0} MiB after the run."));
        sb.AppendLine();

        // Targets of issue 13 (and issue 3's, now over HTTP).
        var rows = new List<(string Target, string Measured, bool Met, string Miss)>();
        foreach (var op in Compared)
        {
            if (S(op, "floor", 1) is { } f1 && S(op, "otdel", 1) is { } t1)
            {
                var x = t1.P50 / f1.P50;
                rows.Add(($"{op}: 1-client p50 within 3x of the floor", $"{F(x)}x ({F(t1.P50)} vs {F(f1.P50)} ms)", x <= 3 && t1.Failed == 0,
                    $"{F(x / 3)}x over the limit"));
            }
            if (S(op, "floor", 16) is { } f16 && S(op, "otdel", 16) is { } t16)
            {
                var x = t16.PerSecond / f16.PerSecond;
                rows.Add(($"{op}: 16-client throughput ≥ 1/3 of the floor",
                    $"{x.ToString("F2", Inv)} of the floor ({F(t16.PerSecond)} vs {F(f16.PerSecond)} req/s)",
                    x >= 1.0 / 3 && t16.Failed == 0, $"needs {F(1.0 / 3 / x)}x more"));
                rows.Add(($"{op}: p95 at 16 clients < 50 ms", $"{F(t16.P95)} ms", t16.P95 < 50 && t16.Failed == 0, $"{F(t16.P95 / 50)}x over"));
            }
        }
        if (S("healthz ÷ ping", "floor", 1) is { } hf && S("healthz ÷ ping", "otdel", 1) is { } ho)
        {
            var x = ho.P50 / hf.P50;
            rows.Add(("/healthz: 1-client p50 within 2x of the floor's ping", $"{F(x)}x ({F(ho.P50)} vs {F(hf.P50)} ms)", x <= 2,
                $"{F(x / 2)}x over the limit"));
        }
        rows.Add(("Otdel RSS after the run < 300 MiB", string.Create(Inv, $"{r.Otdel.AfterMiB:F0} MiB (peak {r.Otdel.PeakMiB:F0})"), r.Otdel.AfterMiB < 300,
            string.Create(Inv, $"{r.Otdel.AfterMiB - 300:F0} MiB over")));
        var at = r.Meta.Deals >= 1_000_000 ? "" : $" (issue 3 sets it at 1,000,000 deals; here {r.Meta.Deals:N0})";
        if (r.Stats.FirstOrDefault(s => s.Operation.StartsWith("board", StringComparison.Ordinal)) is { } b)
            rows.Add(($"board page p95 < 50 ms{at}", $"{F(b.P95)} ms", b.P95 < 50 && b.Failed == 0, $"{F(b.P95 / 50)}x over"));
        if (r.Stats.FirstOrDefault(s => s.Operation.StartsWith("funnel", StringComparison.Ordinal)) is { } fu)
            rows.Add(($"funnel report p95 < 200 ms{at}", $"{F(fu.P95)} ms", fu.P95 < 200 && fu.Failed == 0, $"{F(fu.P95 / 200)}x over"));
        sb.AppendLine($"Targets on {Engine(r.Provider, r.Version)}: {rows.Count(x => x.Met)} of {rows.Count} met.");
        sb.AppendLine();
        sb.AppendLine("| target | measured | met |");
        sb.AppendLine("| --- | --- | --- |");
        foreach (var (target, measured, met, miss) in rows)
            sb.AppendLine($"| {target} | {measured} | {(met ? "yes" : $"**no** ({miss})")} |");
        sb.AppendLine();
    }

    static string Engine(string provider, string version) => provider == "sqlite" ? $"SQLite {version}" : $"PostgreSQL {version}";

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
