using System.Data.Common;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;

namespace Otdel.Data;

/// <summary>
/// Applies the versioned SQL scripts of the current engine (Data/Migrations/{sqlite,postgres}/NNNN_name.sql),
/// each in its own transaction, recording them with their checksum in schema_migrations. Safe to run on every start
/// and from several instances at once (PostgreSQL takes an advisory lock; SQLite writes are serialised).
/// Refuses to start when an applied script was edited afterwards or is unknown to this build: released scripts are
/// immutable, every change is a new script. See docs/decisions/0001-migrations-as-sql-per-engine.md.
/// </summary>
public static class Migrator
{
    public sealed record Script(string Version, string Sql)
    {
        /// <summary>SHA-256 (lowercase hex) of the script text with \n line endings, as recorded in schema_migrations.</summary>
        public string Checksum { get; } = ChecksumOf(Sql);
    }

    /// <summary>Where a script lives in the source tree, for messages.</summary>
    public static string PathOf(string version, bool postgres) =>
        $"src/Otdel/Data/Migrations/{(postgres ? "postgres" : "sqlite")}/{version}.sql";

    public static string ChecksumOf(string sql)
    {
        var text = sql.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    public static IReadOnlyList<Script> Scripts(bool postgres)
    {
        var asm = typeof(Migrator).Assembly;
        var prefix = $"Otdel.Data.Migrations.{(postgres ? "postgres" : "sqlite")}.";
        return asm.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => new Script(n[prefix.Length..^4], Read(asm, n)))
            .ToList();
    }

    static string Read(Assembly asm, string name)
    {
        using var s = asm.GetManifestResourceStream(name)!;
        return new StreamReader(s).ReadToEnd();
    }

    const long LockKey = 74657;

    /// <summary>Brings the schema up to date; returns the versions it applied.</summary>
    /// <exception cref="InvalidOperationException">OTDEL_MIGRATION_EDITED / OTDEL_MIGRATION_UNKNOWN (one line) when the
    /// database's applied scripts are not the ones this build carries.</exception>
    public static async Task<List<string>> MigrateAsync(OtdelDb db, DbSettings settings, ILogger? log = null, CancellationToken ct = default)
    {
        var pg = settings.IsPostgres;
        var scripts = Scripts(pg);
        var conn = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            if (!pg) await Exec(conn, "PRAGMA journal_mode=WAL;", ct);
            var already = await PrepareAndVerifyAsync(conn, pg, scripts, log, ct);
            // VACUUM INTO cannot run inside a transaction, so the backup is taken before the first pending script's.
            if (!pg && scripts.FirstOrDefault(s => !already.Contains(s.Version)) is { } first) BackupSqlite(conn, settings, first.Version, log);
            var applied = new List<string>();
            foreach (var script in scripts)
            {
                await using var tx = await conn.BeginTransactionAsync(ct);
                if (pg) await Exec(conn, $"SELECT pg_advisory_xact_lock({LockKey})", ct, tx);
                if (await IsApplied(conn, tx, script.Version, ct)) { await tx.RollbackAsync(ct); continue; }
                await Exec(conn, script.Sql, ct, tx);
                await Exec(conn, "INSERT INTO schema_migrations (version, checksum) VALUES (@v, @c)", ct, tx, ("v", script.Version), ("c", script.Checksum));
                await tx.CommitAsync(ct);
                applied.Add(script.Version);
                log?.LogInformation("Applied migration {Version}", script.Version);
            }
            return applied;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// In one transaction (under the advisory lock on PostgreSQL): creates schema_migrations, adds the checksum column to
    /// a table from before checksums and fills it for the versions already applied (from today's script text: there is
    /// no older truth), then refuses when an applied script was edited since or is not part of this build. Returns the
    /// versions applied so far.
    /// </summary>
    static async Task<HashSet<string>> PrepareAndVerifyAsync(DbConnection conn, bool pg, IReadOnlyList<Script> scripts, ILogger? log, CancellationToken ct)
    {
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (pg) await Exec(conn, $"SELECT pg_advisory_xact_lock({LockKey})", ct, tx);
        await Exec(conn, pg
            ? "CREATE TABLE IF NOT EXISTS schema_migrations (version varchar(100) PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now(), checksum varchar(64))"
            : "CREATE TABLE IF NOT EXISTS schema_migrations (version TEXT PRIMARY KEY, applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP, checksum TEXT)", ct, tx);
        var hasChecksum = Convert.ToInt64(await Scalar(conn, tx, pg
            ? "SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'schema_migrations' AND column_name = 'checksum'"
            : "SELECT COUNT(*) FROM pragma_table_info('schema_migrations') WHERE name = 'checksum'", ct)) > 0;
        if (!hasChecksum)
        {
            await Exec(conn, pg ? "ALTER TABLE schema_migrations ADD COLUMN checksum varchar(64)" : "ALTER TABLE schema_migrations ADD COLUMN checksum TEXT", ct, tx);
            log?.LogInformation("Added checksums to schema_migrations");
        }

        var recorded = new List<(string Version, string? Checksum)>();
        await using (var cmd = conn.CreateCommand())
        {
            cmd.Transaction = tx;
            cmd.CommandText = "SELECT version, checksum FROM schema_migrations ORDER BY version";
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) recorded.Add((r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1)));
        }

        var byVersion = scripts.ToDictionary(s => s.Version, StringComparer.Ordinal);
        foreach (var (version, checksum) in recorded)
        {
            if (!byVersion.TryGetValue(version, out var script))
                throw new InvalidOperationException(
                    $"OTDEL_MIGRATION_UNKNOWN: the database has migration {version} applied, but this build of Otdel has no script {PathOf(version, pg)} " +
                    "(the database was migrated by a newer build?); run the build that migrated it, this one would not know its schema.");
            if (checksum is null)
            {
                await Exec(conn, "UPDATE schema_migrations SET checksum = @c WHERE version = @v", ct, tx, ("c", script.Checksum), ("v", version));
                log?.LogInformation("Recorded the checksum of the applied migration {Version}", version);
            }
            else if (!string.Equals(checksum, script.Checksum, StringComparison.OrdinalIgnoreCase))
                throw new InvalidOperationException(
                    $"OTDEL_MIGRATION_EDITED: the applied migration {version} ({PathOf(version, pg)}) was edited after it ran on this database " +
                    $"(checksum recorded {Short(checksum)}, script now {Short(script.Checksum)}); released scripts are immutable: " +
                    "restore the released text and put the change in a new NNNN_name.sql script per engine.");
        }
        await tx.CommitAsync(ct);
        return recorded.Select(r => r.Version).ToHashSet(StringComparer.Ordinal);
    }

    static string Short(string checksum)
    {
        var oneLine = checksum.ReplaceLineEndings(" ");
        return oneLine.Length > 12 ? oneLine[..12] + "…" : oneLine;
    }

    static async Task<bool> IsApplied(DbConnection conn, DbTransaction tx, string version, CancellationToken ct) =>
        Convert.ToInt64(await Scalar(conn, tx, "SELECT COUNT(*) FROM schema_migrations WHERE version = @v", ct, ("v", version))) > 0;

    /// <summary>Copies a non-empty SQLite database aside before changing its schema.</summary>
    static void BackupSqlite(DbConnection conn, DbSettings settings, string version, ILogger? log)
    {
        using var check = conn.CreateCommand();
        check.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type='table' AND name='users'";
        if (Convert.ToInt64(check.ExecuteScalar()) == 0) return;
        var dir = Path.Combine(settings.DataDir, "backups");
        Directory.CreateDirectory(dir);
        var file = Path.Combine(dir, $"otdel-before-{version}-{TimeProvider.System.GetUtcNow():yyyyMMddHHmmss}.db");
        using var cmd = conn.CreateCommand();
        cmd.CommandText = "VACUUM INTO @f";
        var p = cmd.CreateParameter(); p.ParameterName = "f"; p.Value = file; cmd.Parameters.Add(p);
        cmd.ExecuteNonQuery();
        log?.LogInformation("Backed up the database to {File} before migrating", file);
    }

    static DbCommand Command(DbConnection conn, DbTransaction? tx, string sql, (string Name, object Value)[] parameters)
    {
        var cmd = conn.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        cmd.CommandTimeout = 600;
        foreach (var (name, value) in parameters)
        {
            var p = cmd.CreateParameter(); p.ParameterName = name; p.Value = value; cmd.Parameters.Add(p);
        }
        return cmd;
    }

    static async Task Exec(DbConnection conn, string sql, CancellationToken ct, DbTransaction? tx = null, params (string Name, object Value)[] parameters)
    {
        await using var cmd = Command(conn, tx, sql, parameters);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    static async Task<object?> Scalar(DbConnection conn, DbTransaction tx, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var cmd = Command(conn, tx, sql, parameters);
        return await cmd.ExecuteScalarAsync(ct);
    }
}
