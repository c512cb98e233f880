using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Otdel.Data;
using Otdel.Features.Deals;
using Otdel.Features.Pipelines;

namespace Otdel.Bench;

/// <summary>One operation on one app with one number of clients, summed over the rounds.</summary>
sealed record OpStats(string Operation, string App, int Clients, int Count, int Failed, double P50, double P95, double P99, double PerSecond,
    double CpuMsPerOp);

/// <summary>Resident memory of an app's process: the peak over the run (VmHWM) and what it holds at the end (VmRSS), MiB.</summary>
sealed record MemoryUse(double PeakMiB, double AfterMiB);

/// <summary>The HTTP run of one engine: the floor and Otdel measured in the same rounds.</summary>
sealed record HttpRun(string Provider, string Version, string Settings, DateTime At, BenchMeta Meta, int Rounds, bool Quick, string LoadBefore,
    string LoadAfter,
    List<OpStats> Stats, MemoryUse Floor, MemoryUse Otdel, List<string> Notes);

/// <summary>
/// The headline benchmark (issue 13): Otdel as `./otdel serve` runs it (the built Otdel.dll, Release) beside the floor app
/// (bench/Otdel.Floor: minimal API + raw ADO.NET, no logic) on the same database server, both driven over HTTP with
/// keep-alive connections by one client and by 16, in interleaved rounds so that both see the same machine.
/// Otdel is called as an API client would: a bearer token of the head of sales, the public /api/v1 routes.
/// </summary>
sealed class HttpRunner(Options o, DbSettings settings, BenchMeta meta, string version)
{
    const int Concurrent = 16;
    readonly List<string> notes = [];

    sealed record Op(string Name, Func<int, Random, Task<bool>> Floor, Func<int, Random, Task<bool>> Otdel);

    sealed class Acc
    {
        public readonly List<double> Times = [];
        public int Failed;
        public double Seconds, CpuMs;
    }

    public async Task<HttpRun> RunAsync()
    {
        var provider = settings.Provider;
        var logs = Path.Combine(o.Dir, "logs");
        Directory.CreateDirectory(logs);
        var loadBefore = LoadAverage();

        // What the clients need, read once before any clock runs: stages, sellers, deals to move with their versions.
        List<Stage> sales; List<long> sellers; List<(long Id, long StageId, int Version)> movable; string dbSettings;
        await using (var db = Database.Open(settings))
        {
            sales = await db.Stages.AsNoTracking().Where(s => s.PipelineId == meta.PipelineId && s.Kind == StageKind.Sales).OrderBy(s => s.Order).ToListAsync();
            sellers = await db.Users.AsNoTracking().Where(u => u.ManagerId == meta.HeadId).Select(u => u.Id).ToListAsync();
            var salesIds = sales.Select(s => s.Id).ToList();
            movable = (await db.Deals.AsNoTracking().Where(d => d.PipelineId == meta.PipelineId && d.Status == DealStatus.Open && salesIds.Contains(d.StageId))
                .OrderByDescending(d => d.Id).Select(d => new { d.Id, d.StageId, d.Version }).Take(Concurrent * 1000).ToListAsync())
                .Select(d => (d.Id, d.StageId, d.Version)).ToList();
            if (provider == "sqlite")
                dbSettings = "journal_mode=" +
                             (await db.Database.SqlQueryRaw<string>("SELECT journal_mode AS \"Value\" FROM pragma_journal_mode").ToListAsync())[0] +
                             ", synchronous=NORMAL (both apps set it per connection)";
            else
            {
                var parts = new List<string>();
                foreach (var k in new[] { "fsync", "synchronous_commit", "full_page_writes", "shared_buffers" })
                    parts.Add(k + "=" + (await db.Database.SqlQuery<string>($"SELECT current_setting({k}) AS \"Value\"").ToListAsync())[0]);
                dbSettings = string.Join(", ", parts);
            }
        }
        Console.WriteLine($"[{provider}] database settings: {dbSettings}");

        var token = await CreateTokenAsync(provider);
        var floorCs = await FloorDatabaseAsync();
        await using var floor = await ServerProcess.StartAsync("floor", o.FloorDll, [], new Dictionary<string, string>
        {
            ["FLOOR_PROVIDER"] = provider, ["FLOOR_DB"] = floorCs, ["FLOOR_SEED"] = o.Deals.ToString(CultureInfo.InvariantCulture),
        }, o.Root, Path.Combine(logs, $"floor-{provider}.log"), "/ping");
        await using var otdel = await ServerProcess.StartAsync("otdel", o.OtdelDll, ["serve"], OtdelEnv(), o.Root,
            Path.Combine(logs, $"otdel-{provider}.log"), "/healthz");
        otdel.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Console.WriteLine($"[{provider}] both apps idle after {await floor.SettleAsync():F1} s / {await otdel.SettleAsync():F1} s");

        // Moves: each client owns its own deals (no two clients move one deal), and knows each one's stage and version
        // from the last answer, as a client holding the deal would.
        var otdelDeals = Enumerable.Range(0, Concurrent).Select(c => movable.Where((_, i) => i % Concurrent == c).ToList()).ToArray();
        if (movable.Count < Concurrent * 10) notes.Add($"only {movable.Count} open deals to move: moves repeat on few deals");
        var floorIds = Math.Max(Concurrent, Math.Min(o.Deals, 1_000_000));
        var floorStages = 7;
        var pipelineId = meta.PipelineId;

        async Task<bool> Ok(Task<HttpResponseMessage> call)
        {
            using var r = await call;
            await r.Content.LoadIntoBufferAsync();
            return r.IsSuccessStatusCode;
        }

        var ops = new List<Op>
        {
            new("create",
                (_, rnd) => Ok(floor.Http.PostAsJsonAsync("/deals", new { title = $"Новая сделка {rnd.Next(1_000_000)}", amount = rnd.Next(10, 5000) * 1000m,
                    stage = 1, owner = rnd.Next(1, 200) })),
                (_, rnd) =>
                {
                    var n = rnd.Next(1_000_000);
                    return Ok(otdel.Http.PostAsJsonAsync("/api/v1/deals", new
                    {
                        title = $"Новая сделка {n}", amount = rnd.Next(10, 5000) * 1000m, currency = "RUB", pipelineId, stageId = sales[0].Id,
                        ownerId = sellers[rnd.Next(sellers.Count)], clientName = $"ООО «Клиент {n}»", source = "Сайт",
                    }));
                }),
            new("move",
                (c, rnd) =>
                {
                    // Client c moves ids ≡ c (mod 16), like Otdel's clients, each to another stage.
                    var id = (long)rnd.Next(floorIds / Concurrent) * Concurrent + c + 1;
                    return Ok(floor.Http.PostAsJsonAsync($"/deals/{id}/move", new { stage = rnd.Next(1, floorStages + 1) }));
                },
                async (c, rnd) =>
                {
                    var mine = otdelDeals[c];
                    if (mine.Count == 0) return false;
                    var k = rnd.Next(mine.Count);
                    var (id, stageId, ver) = mine[k];
                    var i = sales.FindIndex(s => s.Id == stageId);
                    // Forward one step with a head's override reason (it stands in for the filled card), or back from the last sales step.
                    var target = i < 0 ? sales[0] : i < sales.Count - 1 ? sales[i + 1] : sales[i - 1];
                    using var r = await otdel.Http.PostAsJsonAsync($"/api/v1/deals/{id}/move",
                        new { stageId = target.Id, version = ver, overrideReason = "бенчмарк" });
                    var body = await r.Content.ReadAsByteArrayAsync();
                    if (!r.IsSuccessStatusCode)
                    {
                        if ((int)r.StatusCode == 409 || (int)r.StatusCode == 422) await RefreshAsync(mine, k);
                        return false;
                    }
                    using var json = JsonDocument.Parse(body);
                    var d = json.RootElement;
                    var after = (id, d.GetProperty("stageId").GetInt64(), d.GetProperty("version").GetInt32());
                    // A deal that left the sales stages (it cannot: the target is one) or closed is replaced by nothing: drop it.
                    if (sales.Any(s => s.Id == after.Item2)) mine[k] = after; else mine.RemoveAt(k);
                    return true;
                }),
            new("list a stage (20)",
                (_, rnd) => Ok(floor.Http.GetAsync($"/deals?stage={rnd.Next(1, floorStages + 1)}&limit=20")),
                (_, rnd) => Ok(otdel.Http.GetAsync($"/api/v1/deals?stageId={sales[rnd.Next(sales.Count)].Id}&limit=20"))),
            new("healthz ÷ ping",
                (_, _) => Ok(floor.Http.GetAsync("/ping")),
                (_, _) => Ok(otdel.Http.GetAsync("/healthz"))),
        };

        async Task RefreshAsync(List<(long Id, long StageId, int Version)> mine, int k)
        {
            // Someone else changed the deal (a handoff, an earlier failed answer): read it as the client would, untimed.
            var id = mine[k].Id;
            using var r = await otdel.Http.GetAsync($"/api/v1/deals/{id}");
            if (!r.IsSuccessStatusCode) { mine.RemoveAt(k); return; }
            using var json = JsonDocument.Parse(await r.Content.ReadAsByteArrayAsync());
            mine[k] = (id, json.RootElement.GetProperty("stageId").GetInt64(), json.RootElement.GetProperty("version").GetInt32());
        }

        // Warm both apps (JIT and its tiering, pools, caches) before anything is counted: a server that has run a while.
        Console.WriteLine($"[{provider}] warming up…");
        // As many warm-up calls in quick mode: with fewer, the JIT is still tiering up and Otdel's CPU per call reads 3–4x too high.
        // 1,500 per operation (was 480): the measured rounds then see compiled code, as a server that has run for a day does.
        const int warm = 1500;
        foreach (var op in ops)
        {
            await PhaseAsync(floor, 1, 30, op.Floor);
            await PhaseAsync(otdel, 1, 30, op.Otdel);
            await PhaseAsync(floor, Concurrent, warm, op.Floor);
            await PhaseAsync(otdel, Concurrent, warm, op.Otdel);
        }

        var acc = new Dictionary<(string Op, string App, int Clients), Acc>();
        void Add((string, string, int) key, Phase p)
        {
            if (!acc.TryGetValue(key, out var a)) acc[key] = a = new Acc();
            a.Times.AddRange(p.Times); a.Failed += p.Failed; a.Seconds += p.Seconds; a.CpuMs += p.CpuMs;
        }
        var (seq, conc) = o.Quick ? (40, 160) : (100, 480);
        for (var round = 1; round <= o.Rounds; round++)
        {
            Console.WriteLine($"[{provider}] round {round} of {o.Rounds} (load average {LoadAverage()})");
            foreach (var op in ops)
            {
                Add((op.Name, "floor", 1), await PhaseAsync(floor, 1, seq, op.Floor));
                Add((op.Name, "otdel", 1), await PhaseAsync(otdel, 1, seq, op.Otdel));
                Add((op.Name, "floor", Concurrent), await PhaseAsync(floor, Concurrent, conc, op.Floor));
                Add((op.Name, "otdel", Concurrent), await PhaseAsync(otdel, Concurrent, conc, op.Otdel));
            }
        }

        // Issue 3's targets over HTTP, one client: the head's board page and the funnel report for the last full quarter.
        var now = meta.GeneratedAt;
        var q = new DateOnly(now.Year, (now.Month - 1) / 3 * 3 + 1, 1).AddMonths(-3);
        var funnelUrl = $"/api/v1/reports/funnel?pipelineId={pipelineId}&from={q:yyyy-MM-dd}&to={q.AddMonths(3).AddDays(-1):yyyy-MM-dd}";
        var boardUrl = $"/deals?pipelineId={pipelineId}";
        await PhaseAsync(otdel, 1, 5, (_, _) => Ok(otdel.Http.GetAsync(boardUrl)));
        await PhaseAsync(otdel, 1, 2, (_, _) => Ok(otdel.Http.GetAsync(funnelUrl)));
        Add(("board page (head, GET /deals)", "otdel", 1), await PhaseAsync(otdel, 1, o.Quick ? 30 : 100, (_, _) => Ok(otdel.Http.GetAsync(boardUrl))));
        Add(($"funnel report ({q:yyyy-MM-dd}, a quarter)", "otdel", 1),
            await PhaseAsync(otdel, 1, o.Quick ? 6 : 20, (_, _) => Ok(otdel.Http.GetAsync(funnelUrl))));

        var stats = acc.Select(kv =>
        {
            var t = kv.Value.Times;
            t.Sort();
            double P(double p) => t[Math.Min(t.Count - 1, Math.Max(0, (int)Math.Ceiling(p * t.Count) - 1))];
            return new OpStats(kv.Key.Op, kv.Key.App, kv.Key.Clients, t.Count, kv.Value.Failed, P(0.5), P(0.95), P(0.99), t.Count / kv.Value.Seconds,
                kv.Value.CpuMs / t.Count);
        }).ToList();
        foreach (var s in stats)
            Console.WriteLine($"  {s.Operation,-32} {s.App,-6} {s.Clients,2} clients  p50 {s.P50,8:F2}  p95 {s.P95,8:F2}  p99 {s.P99,8:F2} ms  " +
                              $"{s.PerSecond,8:F1}/s  " +
                              $"cpu {s.CpuMsPerOp,6:F2} ms/op{(s.Failed > 0 ? $"  FAILED {s.Failed}" : "")}");
        var fm = floor.Memory(); var om = otdel.Memory();
        return new HttpRun(provider, version, dbSettings, TimeProvider.System.GetUtcNow().UtcDateTime, meta, o.Rounds, o.Quick, loadBefore, LoadAverage(),
            stats,
            new MemoryUse(fm.PeakMiB, fm.NowMiB), new MemoryUse(om.PeakMiB, om.NowMiB), notes);
    }

    sealed record Phase(List<double> Times, int Failed, double Seconds, double CpuMs);

    /// <summary><paramref name="clients"/> clients share <paramref name="total"/> calls; each waits for its answer before the next call.</summary>
    static async Task<Phase> PhaseAsync(ServerProcess s, int clients, int total, Func<int, Random, Task<bool>> call)
    {
        var times = new double[total];
        var failed = 0;
        var next = -1;
        var cpu0 = s.CpuMs();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            var rnd = new Random(HashCode.Combine(c, total, s.Name));
            int i;
            while ((i = Interlocked.Increment(ref next)) < total)
            {
                var t0 = Stopwatch.GetTimestamp();
                bool ok;
                try { ok = await call(c, rnd); }
                catch (HttpRequestException) { ok = false; }
                times[i] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
                if (!ok) Interlocked.Increment(ref failed);
            }
        })));
        clock.Stop();
        var cpu = s.CpuMs() - cpu0;
        return new Phase([.. times], failed, clock.Elapsed.TotalSeconds, cpu);
    }

    Dictionary<string, string> OtdelEnv() => new()
    {
        ["OTDEL_DB_PROVIDER"] = settings.Provider, ["OTDEL_DB"] = settings.ConnectionString, ["OTDEL_DATA"] = settings.DataDir,
    };

    /// <summary>A token for the head of sales through the CLI verb a customer would use; its last line is the token.</summary>
    async Task<string> CreateTokenAsync(string provider)
    {
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = o.Root, RedirectStandardOutput = true, RedirectStandardError = true };
        var name = $"bench {TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm:ss}";
        foreach (var a in new[] { o.OtdelDll, "token", "create", "--email", "head@bench.otdel", "--name", name })
            psi.ArgumentList.Add(a);
        foreach (var (k, v) in OtdelEnv()) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var output = await p.StandardOutput.ReadToEndAsync();
        var error = await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0) throw new InvalidOperationException($"[{provider}] otdel token create failed ({p.ExitCode}): {error}{output}");
        return output.Trim().Split('\n')[^1].Trim();
    }

    /// <summary>The floor's own database beside Otdel's: a SQLite file, or a database on the same PostgreSQL server.</summary>
    async Task<string> FloorDatabaseAsync()
    {
        if (!settings.IsPostgres)
        {
            var dir = Path.Combine(o.Dir, $"floor-sqlite-{o.Deals}");
            Directory.CreateDirectory(dir);
            return $"Data Source={Path.Combine(dir, "floor.db")}";
        }
        var b = new NpgsqlConnectionStringBuilder(settings.ConnectionString);
        var name = $"otdel_floor_{o.Deals}";
        b.Database = "postgres";
        await using (var c = new NpgsqlConnection(b.ConnectionString))
        {
            await c.OpenAsync();
            await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @n", c);
            exists.Parameters.AddWithValue("n", name);
            if (await exists.ExecuteScalarAsync() is null)
                await new NpgsqlCommand($"CREATE DATABASE {name}", c).ExecuteNonQueryAsync();
        }
        // The same pool size Otdel gets from the benchmark's connection string.
        b.Database = name;
        b.CommandTimeout = 0;
        // Vacuumed before each run like Otdel's (BenchData.VacuumAsync): earlier runs' moves left dead rows in both.
        await using (var c = new NpgsqlConnection(b.ConnectionString))
        {
            await c.OpenAsync();
            await new NpgsqlCommand("VACUUM (ANALYZE)", c).ExecuteNonQueryAsync();
        }
        return b.ConnectionString;
    }

    static string LoadAverage()
    {
        try { return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
        catch (IOException) { return "?"; }
    }
}
