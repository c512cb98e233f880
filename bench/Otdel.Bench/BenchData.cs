using Microsoft.Extensions.DependencyInjection;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Otdel.Data;
using Otdel.Features.Organisation;
using Otdel.Features.Pipelines;
using Otdel.Platform;

namespace Otdel.Bench;

/// <summary>What a generated database holds; stored in bench_meta so a second run reuses it.</summary>
sealed record BenchMeta(long Deals, long Open, int Sellers, long Visits, long HeadId, long PipelineId, DateTime GeneratedAt, double Seconds);

/// <summary>
/// Fills a database with one realistic department: a head of sales, sellers in teams (hunters, closers, farmers,
/// KAMs), the B2B pipeline from its template (through SavePipeline, as the app creates it), and deals spread over
/// three years with full stage histories. Secondary indexes are dropped for the load and rebuilt after it.
/// </summary>
static class BenchData
{
    public static DbSettings Settings(Options o, string provider)
    {
        if (provider == "sqlite")
        {
            var dir = Path.Combine(o.Dir, $"sqlite-{o.Deals}");
            return new DbSettings(dir, "sqlite", $"Data Source={Path.Combine(dir, "otdel.db")}");
        }
        var cs = new NpgsqlConnectionStringBuilder(o.Pg ?? throw new InvalidOperationException("PostgreSQL needs OTDEL_BENCH_PG (scripts/bench.sh starts one)."))
        {
            Database = $"otdel_bench_{o.Deals}", Pooling = true, MaxPoolSize = 20, CommandTimeout = 0,
        };
        return new DbSettings(Path.Combine(o.Dir, $"postgres-{o.Deals}"), "postgres", cs.ConnectionString);
    }

    /// <summary>The existing generation when it matches the asked size; otherwise an empty database to fill.</summary>
    public static async Task<BenchMeta?> ExistingAsync(Options o, DbSettings s)
    {
        if (!o.Regenerate && await ReadMetaAsync(s) is { } meta && meta.Deals == o.Deals && meta.Open == o.Open && meta.Sellers == o.Sellers)
            return meta;
        // Half-written or of another size: start again from nothing.
        if (s.IsPostgres)
        {
            var b = new NpgsqlConnectionStringBuilder(s.ConnectionString);
            var name = b.Database!;
            b.Database = "postgres";
            NpgsqlConnection.ClearAllPools();
            await using var c = new NpgsqlConnection(b.ConnectionString);
            await c.OpenAsync();
            await new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", c).ExecuteNonQueryAsync();
            await new NpgsqlCommand($"CREATE DATABASE {name}", c).ExecuteNonQueryAsync();
        }
        else
        {
            // A pooled connection would keep the deleted file alive and be handed out again.
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(s.DataDir)) Directory.Delete(s.DataDir, true);
            Directory.CreateDirectory(s.DataDir);
        }
        return null;
    }

    static async Task<BenchMeta?> ReadMetaAsync(DbSettings s)
    {
        try
        {
            if (!s.IsPostgres && !File.Exists(Path.Combine(s.DataDir, "otdel.db"))) return null;
            await using var db = Database.Open(s);
            var rows = await db.Database.SqlQueryRaw<string>("SELECT meta AS \"Value\" FROM bench_meta").ToListAsync();
            return rows.Count == 1 ? System.Text.Json.JsonSerializer.Deserialize<BenchMeta>(rows[0]) : null;
        }
        catch (Exception e) when (e is System.Data.Common.DbException or Microsoft.Data.Sqlite.SqliteException or NpgsqlException or InvalidOperationException)
        {
            return null;
        }
    }

    public static async Task<BenchMeta> GenerateAsync(Options o, DbSettings s, IServiceProvider services, WorkCalendar calendar)
    {
        var clock = Stopwatch.StartNew();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        now = new DateTime(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);
        Console.WriteLine($"[{s.Provider}] generating {o.Deals:N0} deals ({o.Open:N0} open), {o.Sellers} sellers…");

        // People: the department, its head, teams of ten with a lead, and the sellers by position.
        long headId; Staff staff;
        await using (var db = Database.Open(s, new Actor { Name = "bench", Channel = "cli" }))
        {
            var dep = new Department { Name = "Отдел продаж (бенчмарк)", CreatedAt = now };
            db.Departments.Add(dep);
            await db.SaveChangesAsync();
            var head = Person(dep.Id, null, null, Position.HeadOfSales, "Руководитель Отдела", "head", now);
            db.Users.Add(head);
            await db.SaveChangesAsync();
            dep.HeadId = head.Id; headId = head.Id;
            var teams = Enumerable.Range(1, Math.Max(1, o.Sellers / 10)).Select(i => new Team { Name = $"Команда {i}", DepartmentId = dep.Id, CreatedAt = now }).ToList();
            db.Teams.AddRange(teams);
            await db.SaveChangesAsync();
            var people = new List<User>();
            for (var i = 0; i < o.Sellers; i++)
            {
                var team = teams[i % teams.Count];
                // Per team of ten: 3 hunters, 5 closers, 2 farmers (one of them a KAM in every fourth team).
                var j = i / teams.Count;
                var position = j switch { < 3 => Position.Hunter, < 8 => Position.Closer, 9 when i % teams.Count % 4 == 0 => Position.KeyAccountManager, _ => Position.Farmer };
                people.Add(Person(dep.Id, team.Id, head.Id, position, $"Продавец {i + 1:000}", $"seller{i + 1}", now));
            }
            db.Users.AddRange(people);
            await db.SaveChangesAsync();
            foreach (var t in teams) t.LeadId = people.First(p => p.TeamId == t.Id && p.Position == Position.Closer).Id;
            await db.SaveChangesAsync();
            long[][] ByTeam(Position p) => teams.Select(t => people.Where(x => x.TeamId == t.Id && x.Position == p).Select(x => x.Id).DefaultIfEmpty(people[0].Id).ToArray()).ToArray();
            staff = new Staff(ByTeam(Position.Hunter), ByTeam(Position.Closer),
                people.Where(p => p.Position == Position.Farmer).Select(p => p.Id).DefaultIfEmpty(people[0].Id).ToArray(),
                people.Where(p => p.Position == Position.KeyAccountManager).Select(p => p.Id).ToArray());
        }

        // The pipeline as the app makes it: the head creates it from the B2B template.
        long pipelineId;
        await using (var scope = services.CreateAsyncScope())
        {
            var (save, _) = await Runner.AsHeadAsync<SavePipeline>(scope, headId);
            var created = await save.Create(new PipelineInput("B2B · бенчмарк", PipelineTemplates.B2B));
            if (!created.Ok) throw new InvalidOperationException("SavePipeline refused: " + created.Failure!.Title);
            pipelineId = created.Value!.Id;
        }
        List<Stage> stages; List<LossReason> reasons;
        await using (var db = Database.Open(s))
        {
            stages = await db.Stages.AsNoTracking().Where(x => x.PipelineId == pipelineId).OrderBy(x => x.Order).ToListAsync();
            reasons = await db.LossReasons.AsNoTracking().Where(x => x.PipelineId == pipelineId).OrderBy(x => x.Order).ToListAsync();
        }

        var indexes = await DropIndexesAsync(s);
        var history = new History(stages.Where(x => x.Kind == StageKind.Sales).ToList(), stages.Where(x => x.Kind == StageKind.PostSale).ToList(), reasons, staff,
            (at, hours) => hours is { } h ? calendar.AddWorkingHours(at, h) : null, seed: 20261122);
        var start = now.AddYears(-3);
        var span = (now - start).TotalSeconds;
        var openFrom = o.Deals - (long)(o.Open / 0.9);
        var rnd = new Random(7);
        long visitId = 0, open = 0;
        var deal = new GenDeal();
        var visits = new List<GenVisit>(32);
        await using (IRowSink sink = s.IsPostgres ? new PostgresSink(s.ConnectionString, pipelineId) : new SqliteSink(s.ConnectionString, pipelineId))
        {
            for (long i = 0; i < o.Deals; i++)
            {
                // Creation times rise steadily over three years; the newest ~11% hold the open deals (90% of them are open).
                var created = start.AddSeconds(Math.Floor((i + rnd.NextDouble()) / o.Deals * span));
                var isOpen = i >= openFrom && open < o.Open && (rnd.NextDouble() < 0.9 || o.Deals - i <= o.Open - open);
                if (isOpen) open++;
                history.Make(deal, visits, i + 1, ref visitId, created, isOpen, now);
                sink.Deal(deal);
                foreach (var v in visits) sink.Visit(v);
                if ((i + 1) % 200_000 == 0) Console.WriteLine($"[{s.Provider}]   {i + 1:N0} deals, {visitId:N0} visits, {clock.Elapsed.TotalSeconds:N0} s");
            }
            await sink.CompleteAsync();
        }
        Console.WriteLine($"[{s.Provider}] rows written in {clock.Elapsed.TotalSeconds:N0} s; building indexes…");
        await RecreateIndexesAsync(s, indexes);
        var meta = new BenchMeta(o.Deals, open, o.Sellers, visitId, headId, pipelineId, now, Math.Round(clock.Elapsed.TotalSeconds, 1));
        await using (var db = Database.Open(s))
        {
            await db.Database.ExecuteSqlRawAsync("CREATE TABLE IF NOT EXISTS bench_meta (meta TEXT NOT NULL)");
            await db.Database.ExecuteSqlRawAsync("DELETE FROM bench_meta");
            await db.Database.ExecuteSqlAsync($"INSERT INTO bench_meta (meta) VALUES ({System.Text.Json.JsonSerializer.Serialize(meta)})");
        }
        Console.WriteLine($"[{s.Provider}] generated in {clock.Elapsed.TotalSeconds:N0} s: {o.Deals:N0} deals, {open:N0} open, {visitId:N0} stage visits");
        return meta;
    }

    static User Person(long dep, long? team, long? manager, Position p, string name, string login, DateTime now) => new()
    {
        Email = $"{login}@bench.otdel", EmailKey = $"{login}@bench.otdel", FullName = name, Position = p, DepartmentId = dep, TeamId = team, ManagerId = manager, CreatedAt = now,
    };

    /// <summary>Secondary indexes of the two big tables, dropped before the load (building them once at the end is several times faster).</summary>
    static async Task<List<(string Name, string Sql)>> DropIndexesAsync(DbSettings s)
    {
        await using var db = Database.Open(s);
        var sql = s.IsPostgres
            ? "SELECT indexname AS \"Name\", indexdef AS \"Sql\" FROM pg_indexes WHERE tablename IN ('deals', 'stage_visits') AND indexname NOT LIKE 'PK_%'"
            : "SELECT name AS \"Name\", sql AS \"Sql\" FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('deals', 'stage_visits') AND sql IS NOT NULL";
        var list = await db.Database.SqlQueryRaw<IndexDef>(sql).ToListAsync();
        foreach (var ix in list)
        {
            var drop = "DROP INDEX \"" + ix.Name + "\"";
            await db.Database.ExecuteSqlRawAsync(drop);
        }
        return list.Select(x => (x.Name, x.Sql)).ToList();
    }

    sealed record IndexDef(string Name, string Sql);

    /// <summary>
    /// A reused PostgreSQL database carries the dead row versions of earlier runs' moves (150,000 in deals after a few
    /// runs, below autovacuum's threshold of a fifth of the table): every run is measured on a vacuumed one, as a
    /// server that has been up a while would be.
    /// </summary>
    public static async Task VacuumAsync(DbSettings s)
    {
        if (!s.IsPostgres) return;
        await using var db = Database.Open(s);
        db.Database.SetCommandTimeout(TimeSpan.FromHours(1));
        await db.Database.ExecuteSqlRawAsync("VACUUM (ANALYZE)");
    }

    static async Task RecreateIndexesAsync(DbSettings s, List<(string Name, string Sql)> indexes)
    {
        await using var db = Database.Open(s);
        db.Database.SetCommandTimeout(TimeSpan.FromHours(1));
        if (s.IsPostgres)
        {
            await db.Database.ExecuteSqlRawAsync("SET maintenance_work_mem = '512MB'");
            await db.Database.ExecuteSqlRawAsync("SELECT setval(pg_get_serial_sequence('deals', 'id'), (SELECT max(id) FROM deals))");
            await db.Database.ExecuteSqlRawAsync("SELECT setval(pg_get_serial_sequence('stage_visits', 'id'), (SELECT max(id) FROM stage_visits))");
        }
        else await db.Database.ExecuteSqlRawAsync("PRAGMA cache_size=-500000");
        foreach (var (_, sql) in indexes) await db.Database.ExecuteSqlRawAsync(sql);
        // The load wrote deals by bulk SQL: count the board's kept totals from them, as an import would.
        await Otdel.Features.Deals.Board.StageTotals.RebuildAsync(db);
        // PostgreSQL: VACUUM sets the visibility map, without which the funnel's index-only scan still visits the heap.
        foreach (var sql in s.IsPostgres ? ["VACUUM (ANALYZE) deals", "VACUUM (ANALYZE) stage_visits"] : new[] { "ANALYZE", "PRAGMA wal_checkpoint(TRUNCATE)" })
            await db.Database.ExecuteSqlRawAsync(sql);
    }
}
