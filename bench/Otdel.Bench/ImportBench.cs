using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Otdel.Data;

namespace Otdel.Bench;

public sealed record ImportRun(string Provider, string Version, DateTime At, int Rows, double Seconds, double PeakMiB, string Output);

/// <summary>
/// Issue 10's import target: a CSV of generated historical deals (owners by e-mail and by name, 20,000 clients, products,
/// three years of dates, won/lost/open with stages and loss reasons) brought in by <c>./otdel import deals</c> as a customer
/// runs it — its own process, on a fresh demo database per engine — timed from start to exit, its peak memory read from
/// /proc (VmHWM).
/// </summary>
static class ImportBench
{
    public static async Task RunAsync(Options o, string provider, int rows)
    {
        var file = Path.Combine(o.Dir, $"import-{rows}.csv");
        if (!File.Exists(file)) Generate(file, rows);
        var settings = await FreshAsync(o, provider, rows);
        // A demo department to import into: its pipelines, sellers and loss reasons are what the file names.
        await using (var app = OtdelHost.Build([], Env(settings).ToDictionary(k => k.Key, k => (string?)k.Value)))
            await OtdelHost.PrepareAsync(app, demo: true);
        string version;
        await using (var db = Database.Open(settings))
            version = (await db.Database.SqlQueryRaw<string>(provider == "sqlite" ? "SELECT sqlite_version() AS \"Value\"" : "SHOW server_version")
                .ToListAsync())[0];

        Console.WriteLine($"[{provider}] importing {rows:N0} deals from CSV…");
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = o.Root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { o.OtdelDll, "import", "deals", file }) psi.ArgumentList.Add(a);
        foreach (var (k, v) in Env(settings)) psi.Environment[k] = v;
        psi.Environment["DOTNET_GCgen0size"] = "0x4000000"; // as ./otdel import runs it (see the otdel script)
        // The workstation GC, as ./otdel import runs it: the server GC took a million rows 5–10 % faster but its heaps grew
        // with the file (peak 404 MiB at 250,000 rows, 752 MiB at a million on SQLite), and the import's memory is to stay flat.
        var watch = Stopwatch.StartNew();
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        double peak = 0;
        while (!p.HasExited)
        {
            peak = Math.Max(peak, PeakMiB(p.Id));
            await Task.WhenAny(p.WaitForExitAsync(), Task.Delay(100));
        }
        watch.Stop();
        var text = (await output).Trim() + (await error).Trim();
        if (p.ExitCode != 0) throw new InvalidOperationException($"[{provider}] otdel import failed ({p.ExitCode}): {text}");
        Console.WriteLine($"[{provider}] {text.Split('\n')[0]} in {watch.Elapsed.TotalSeconds:N1} s, peak {peak:N0} MiB");
        var run = new ImportRun(provider, version, TimeProvider.System.GetUtcNow().UtcDateTime, rows, watch.Elapsed.TotalSeconds, peak,
            text.Split('\n')[0]);
        await File.WriteAllTextAsync(Path.Combine(o.Dir, $"results-import-{provider}-{rows}.json"), JsonSerializer.Serialize(run));
    }

    static Dictionary<string, string> Env(DbSettings s) => new()
    {
        ["OTDEL_DB_PROVIDER"] = s.Provider, ["OTDEL_DB"] = s.ConnectionString, ["OTDEL_DATA"] = s.DataDir, ["OTDEL_LOG_FORMAT"] = "text",
        ["Logging:LogLevel:Default"] = "Warning",
    };

    /// <summary>The process's peak resident memory so far (VmHWM), in MiB; 0 once it is gone.</summary>
    static double PeakMiB(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? 0 : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    static async Task<DbSettings> FreshAsync(Options o, string provider, int rows)
    {
        if (provider == "sqlite")
        {
            var dir = Path.Combine(o.Dir, $"import-sqlite-{rows}");
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
            Directory.CreateDirectory(dir);
            return new DbSettings(dir, "sqlite", $"Data Source={Path.Combine(dir, "otdel.db")}");
        }
        var b = new NpgsqlConnectionStringBuilder(o.Pg ?? throw new InvalidOperationException("PostgreSQL needs OTDEL_BENCH_PG (bench.sh starts one)."));
        var name = $"otdel_import_{rows}";
        b.Database = "postgres";
        await using (var c = new NpgsqlConnection(b.ConnectionString))
        {
            await c.OpenAsync();
            await new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", c).ExecuteNonQueryAsync();
            await new NpgsqlCommand($"CREATE DATABASE {name}", c).ExecuteNonQueryAsync();
        }
        b.Database = name;
        b.CommandTimeout = 0;
        var pgDir = Path.Combine(o.Dir, $"import-postgres-{rows}");
        Directory.CreateDirectory(pgDir);
        return new DbSettings(pgDir, "postgres", b.ConnectionString);
    }

    /// <summary>Deals in the demo's «Новая продажа» pipeline, as another CRM would export them (Otdel's field names as columns).</summary>
    static void Generate(string path, int rows)
    {
        var rnd = new Random(20261202);
        string[] owners = ["volkov@demo.otdel.ru", "lebedeva@demo.otdel.ru", "morozova@demo.otdel.ru", "novikov@demo.otdel.ru", "kuznetsov@demo.otdel.ru",
            "Иван Импортов", "Пётр Загрузкин", "Анна Архивная"];
        string[] stages = ["Новая заявка", "Выявление потребности", "КП отправлено", "Переговоры", "Ожидание оплаты"];
        string[] reasons = ["Дорого", "Выбрали конкурента", "Нет потребности", "Не выходит на связь", "Сменился бюджет"];
        string[] sources = ["Сайт", "Выставка", "Холодный звонок", "Рекомендация"];
        var start = new DateTime(2023, 1, 1);
        using var w = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        w.Write("externalId,pipeline,title,client,owner,product,amount,currency,status,stage,source,createdAt,closedAt,lossReason\n");
        var sb = new StringBuilder(256);
        for (var i = 0; i < rows; i++)
        {
            var created = start.AddMinutes(rnd.Next(0, 60 * 24 * 1000));
            var roll = rnd.NextDouble();
            var status = roll < 0.35 ? "won" : roll < 0.7 ? "lost" : "open";
            DateTime? closed = status == "open" ? null : created.AddMinutes(rnd.Next(60, 60 * 24 * 90));
            sb.Clear();
            var owner = owners[rnd.Next(owners.Length)];
            var stage = status == "open" ? stages[rnd.Next(stages.Length)] : "";
            sb.Append(CultureInfo.InvariantCulture, $"imp-{i},Новая продажа,,Клиент {rnd.Next(20_000)},{owner},Станок {rnd.Next(60)},");
            sb.Append(CultureInfo.InvariantCulture, $"{rnd.Next(1_000, 5_000_000)}.{rnd.Next(100):00},RUB,{status},{stage},");
            sb.Append(CultureInfo.InvariantCulture, $"{sources[rnd.Next(sources.Length)]},{created:yyyy-MM-dd HH:mm:ss},{closed:yyyy-MM-dd HH:mm:ss},");
            sb.Append(status == "lost" ? reasons[rnd.Next(reasons.Length)] : "").Append('\n');
            w.Write(sb);
        }
    }
}
