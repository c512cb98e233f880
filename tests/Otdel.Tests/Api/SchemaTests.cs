using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Tests.Infrastructure;

namespace Otdel.Tests.Api;

/// <summary>The hand-kept SQL migrations and the EF model must describe the same schema, on both engines.</summary>
public abstract class SchemaTests
{
    protected abstract Task<DbSettings> NewDatabaseAsync();

    [Fact]
    public async Task Migrated_schema_matches_the_model_and_migrating_twice_is_harmless()
    {
        var migrated = await NewDatabaseAsync();
        await using (var db = Database.Open(migrated))
        {
            Assert.NotEmpty(await Migrator.MigrateAsync(db, migrated));
            Assert.Empty(await Migrator.MigrateAsync(db, migrated));
        }
        var created = await NewDatabaseAsync();
        await using (var db = Database.Open(created)) await db.Database.EnsureCreatedAsync();

        var fromMigrations = await Columns(migrated);
        var fromModel = await Columns(created);
        fromMigrations.Remove("schema_migrations");
        Assert.Equal(fromModel.Keys.Order(), fromMigrations.Keys.Order());
        foreach (var (table, cols) in fromModel)
            Assert.True(cols.SequenceEqual(fromMigrations[table]), $"{table}: model [{string.Join(", ", cols)}] vs migrations [{string.Join(", ", fromMigrations[table])}]");
    }

    static async Task<Dictionary<string, List<string>>> Columns(DbSettings settings)
    {
        await using var db = Database.Open(settings);
        var conn = db.Database.GetDbConnection();
        await conn.OpenAsync();
        var sql = settings.IsPostgres
            ? "SELECT table_name, column_name || ':' || data_type || ':' || is_nullable FROM information_schema.columns WHERE table_schema = 'public'"
            : "SELECT m.name, p.name || ':' || p.type || ':' || (CASE p.\"notnull\" WHEN 1 THEN 'NO' ELSE 'YES' END) FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'";
        var result = new Dictionary<string, List<string>>();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        await using DbDataReader r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            if (!result.TryGetValue(r.GetString(0), out var list)) result[r.GetString(0)] = list = [];
            list.Add(r.GetString(1));
        }
        foreach (var list in result.Values) list.Sort(StringComparer.Ordinal);
        return result;
    }
}

public sealed class SchemaTests_Sqlite : SchemaTests
{
    protected override Task<DbSettings> NewDatabaseAsync()
    {
        var dir = Path.Combine(Path.GetTempPath(), "otdel-tests", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        return Task.FromResult(new DbSettings(dir, "sqlite", $"Data Source={Path.Combine(dir, "otdel.db")}"));
    }
}

public sealed class SchemaTests_Postgres : SchemaTests
{
    protected override async Task<DbSettings> NewDatabaseAsync() =>
        new(Path.GetTempPath(), "postgres", await Postgres.CreateDatabaseAsync());
}
