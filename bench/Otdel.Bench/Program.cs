using Microsoft.Extensions.DependencyInjection;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Otdel;
using Otdel.Bench;
using Otdel.Data;
using Otdel.Platform;

// Otdel's benchmark: generate (or reuse) a department at scale on each engine, then measure Otdel over HTTP beside the
// floor app (bench/Otdel.Floor). Run through ./otdel bench (scripts/bench.sh), which builds Release and starts a durable PostgreSQL.
var o = Options.Parse(args);
Directory.CreateDirectory(o.Dir);
foreach (var path in new[] { o.OtdelDll, o.FloorDll })
    if (!o.DocOnly && !File.Exists(path)) throw new FileNotFoundException($"{path} is missing: build it in Release (scripts/bench.sh does)");
var json = new JsonSerializerOptions { WriteIndented = true };
if (o.ImportRows > 0)
{
    // A quarter of the file first, then the whole: the peak memory of the two shows whether it stays flat as files grow.
    foreach (var provider in o.Providers)
        foreach (var rows in new[] { o.ImportRows / 4, o.ImportRows }.Where(n => n > 0).Distinct())
            await ImportBench.RunAsync(o, provider, rows);
    PerformanceDoc.Write(o);
    Console.WriteLine($"written {o.Docs}");
    return;
}
foreach (var provider in o.DocOnly ? [] : o.Providers)
{
    var settings = BenchData.Settings(o, provider);
    var meta = await BenchData.ExistingAsync(o, settings);
    var overrides = new Dictionary<string, string?>
    {
        ["OTDEL_DB_PROVIDER"] = provider, ["OTDEL_DB"] = settings.ConnectionString, ["OTDEL_DATA"] = settings.DataDir,
        ["OTDEL_LOG_FORMAT"] = "text", ["Logging:LogLevel:Default"] = "Warning", ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Warning",
    };
    string version;
    await using (var app = OtdelHost.Build([], overrides))
    {
        await OtdelHost.PrepareAsync(app, demo: false);
        if (meta is null) meta = await BenchData.GenerateAsync(o, settings, app.Services, app.Services.GetRequiredService<WorkCalendar>());
        else
        {
            Console.WriteLine($"[{provider}] reusing the generated database: {meta.Deals:N0} deals, {meta.Visits:N0} visits " +
                              $"(generated {meta.GeneratedAt:yyyy-MM-dd} in {meta.Seconds:N0} s)");
            await BenchData.VacuumAsync(settings);
        }

        await using (var db = Database.Open(settings))
            version = (await db.Database.SqlQueryRaw<string>(provider == "sqlite" ? "SELECT sqlite_version() AS \"Value\"" : "SHOW server_version")
                .ToListAsync())[0];
        if (o.InProcess)
        {
            // The old measure (issue 3): handlers called in this process, no HTTP, no authentication, one client. Secondary.
            Console.WriteLine($"[{provider}] in-process handlers ({(provider == "sqlite" ? "SQLite" : "PostgreSQL")} {version})…");
            var results = await new Runner(app.Services, meta, o.Scale).RunAsync();
            var run = new EngineRun(provider, version, app.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime, meta, results);
            await File.WriteAllTextAsync(Path.Combine(o.Dir, $"results-{provider}-{o.Deals}.json"), JsonSerializer.Serialize(run, json));
        }
    }
    Console.WriteLine($"[{provider}] over HTTP: the floor and Otdel ({(provider == "sqlite" ? "SQLite" : "PostgreSQL")} {version})…");
    var http = await new HttpRunner(o, settings, meta, version).RunAsync();
    await File.WriteAllTextAsync(Path.Combine(o.Dir, $"results-http-{provider}-{o.Deals}.json"), JsonSerializer.Serialize(http, json));
}
PerformanceDoc.Write(o);
Console.WriteLine($"written {o.Docs}");
