using System.Data.Common;
using System.Reflection;
using Microsoft.EntityFrameworkCore;

namespace Otdel.Data;

/// <summary>
/// Applies the versioned SQL scripts of the current engine (Data/Migrations/{sqlite,postgres}/NNNN_name.sql),
/// each in its own transaction, recording them in schema_migrations. Safe to run on every start and from
/// several instances at once (PostgreSQL takes an advisory lock; SQLite writes are serialised).
/// See docs/decisions/0001-migrations-as-sql-per-engine.md.
/// </summary>
public static class Migrator
{
    public sealed record Script(string Version, string Sql);

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

    /// <summary>Brings the schema up to date; returns the versions it applied.</summary>
    public static async Task<List<string>> MigrateAsync(OtdelDb db, DbSettings settings, ILogger? log = null, CancellationToken ct = default)
    {
        var pg = settings.IsPostgres;
        var conn = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            if (!pg) await Exec(conn, "PRAGMA journal_mode=WAL;", ct);
            await Exec(conn, pg
                ? "CREATE TABLE IF NOT EXISTS schema_migrations (version varchar(100) PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())"
                : "CREATE TABLE IF NOT EXISTS schema_migrations (version TEXT PRIMARY KEY, applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)", ct);
            var applied = new List<string>();
            foreach (var script in Scripts(pg))
            {
                await using var tx = await conn.BeginTransactionAsync(ct);
                if (pg) await Exec(conn, "SELECT pg_advisory_xact_lock(74657)", ct, tx);
                if (await IsApplied(conn, tx, script.Version, ct)) { await tx.RollbackAsync(ct); continue; }
                if (!pg && applied.Count == 0) BackupSqlite(conn, settings, script.Version, log);
                await Exec(conn, script.Sql, ct, tx);
                await using (var cmd = conn.CreateCommand())
                {
                    cmd.Transaction = tx;
                    cmd.CommandText = "INSERT INTO schema_migrations (version) VALUES (@v)";
                    var p = cmd.CreateParameter(); p.ParameterName = "v"; p.Value = script.Version; cmd.Parameters.Add(p);
                    await cmd.ExecuteNonQueryAsync(ct);
                }
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

    static async Task<bool> IsApplied(DbConnection conn, DbTransaction tx, string version, CancellationToken ct)
    {
        await using var cmd = conn.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "SELECT COUNT(*) FROM schema_migrations WHERE version = @v";
        var p = cmd.CreateParameter(); p.ParameterName = "v"; p.Value = version; cmd.Parameters.Add(p);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct)) > 0;
    }

    /// <summary>Copies a non-empty SQLite database aside before changing its schema.</summary>
    static void BackupSqlite(DbConnection conn, DbSettings settings, string version, ILogger? log)
    {
        using var check = conn.CreateCommand();
        check.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type='table' AND name='users'";
        if (Convert.ToInt64(check.ExecuteScalar()) == 0) return;
        var dir = Path.Combine(settings.DataDir, "backups");
        Directory.CreateDirectory(dir);
        var file = Path.Combine(dir, $"otdel-before-{version}-{DateTime.UtcNow:yyyyMMddHHmmss}.db");
        using var cmd = conn.CreateCommand();
        cmd.CommandText = "VACUUM INTO @f";
        var p = cmd.CreateParameter(); p.ParameterName = "f"; p.Value = file; cmd.Parameters.Add(p);
        cmd.ExecuteNonQuery();
        log?.LogInformation("Backed up the database to {File} before migrating", file);
    }

    static async Task Exec(DbConnection conn, string sql, CancellationToken ct, DbTransaction? tx = null)
    {
        await using var cmd = conn.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        cmd.CommandTimeout = 600;
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
