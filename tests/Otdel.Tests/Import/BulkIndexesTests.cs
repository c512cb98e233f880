using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Features.Import;
using Otdel.Tests.Data;

namespace Otdel.Tests.Import;

/// <summary>
/// A big import sets the deals' and visits' indexes (on PostgreSQL also their foreign keys) aside and builds them back:
/// afterwards the schema is exactly the migrated one, a rolled-back import leaves it untouched, and on PostgreSQL a row
/// breaking a foreign key written while the keys were aside is still refused when they come back.
/// </summary>
public abstract class BulkIndexesTests(bool postgres) : IAsyncLifetime
{
    readonly ScratchDatabases databases = new(postgres);
    static readonly string[] Tables = ["deals", "stage_visits"];

    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => databases.DisposeAsync().AsTask();

    [Fact]
    public async Task Indexes_and_keys_set_aside_come_back_as_they_were()
    {
        var settings = await MigratedAsync();
        var before = await SchemaComparison.ReadAsync(settings);
        Assert.Contains(before.Keys, k => k.StartsWith("index deals.", StringComparison.Ordinal));

        await using (var db = Database.Open(settings))
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            var indexes = new BulkIndexes(Tables);
            await indexes.SetAsideAsync(db, default);
            Assert.Equal(0, await SecondaryIndexCountAsync(db));
            await indexes.RestoreAsync(db, default);
            await tx.CommitAsync();
        }
        AssertSame(before, await SchemaComparison.ReadAsync(settings));

        await using (var db = Database.Open(settings))
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            await new BulkIndexes(Tables).SetAsideAsync(db, default);
            await tx.RollbackAsync();
        }
        AssertSame(before, await SchemaComparison.ReadAsync(settings));
    }

    [Fact]
    public async Task A_broken_foreign_key_is_refused_when_the_keys_come_back()
    {
        if (!postgres) return; // SQLite keeps checking its keys row by row: nothing is set aside there but indexes
        var settings = await MigratedAsync();
        await using var db = Database.Open(settings);
        await using var tx = await db.Database.BeginTransactionAsync();
        var indexes = new BulkIndexes(Tables);
        await indexes.SetAsideAsync(db, default);
        await db.Database.ExecuteSqlRawAsync(
            "INSERT INTO stage_visits (deal_id, pipeline_id, stage_id, executor_id, entered_at, is_first_entry, advanced) "
            + "VALUES (987654, 1, 1, 1, now(), true, false)");
        var e = await Assert.ThrowsAnyAsync<Npgsql.PostgresException>(() => indexes.RestoreAsync(db, default));
        Assert.Equal("23503", e.SqlState); // foreign_key_violation
    }

    [Fact]
    public async Task PostgreSQL_sets_aside_a_primary_key_nothing_refers_to_and_keeps_the_indexes_it_is_told_to()
    {
        if (!postgres) return; // SQLite's keys live in the table itself
        var settings = await MigratedAsync();
        await using var db = Database.Open(settings);
        await using var tx = await db.Database.BeginTransactionAsync();
        var indexes = new BulkIndexes(Tables, keepOnPostgres: ["IX_deals_owner_id_status"]);
        await indexes.SetAsideAsync(db, default);
        Assert.Equal(["PK_deals"], await PrimaryKeysAsync(db)); // deals' key is referred to by visits, tasks, payments…
        Assert.Equal(1, await SecondaryIndexCountAsync(db));
        await indexes.RestoreAsync(db, default);
        Assert.Equal(["PK_deals", "PK_stage_visits"], await PrimaryKeysAsync(db));

        // Two visits with one id while the key is aside: refused when it comes back, so setting it aside lets nothing in.
        indexes = new BulkIndexes(Tables);
        await indexes.SetAsideAsync(db, default);
        await db.Database.ExecuteSqlRawAsync(
            "INSERT INTO stage_visits (id, deal_id, pipeline_id, stage_id, executor_id, entered_at, is_first_entry, advanced) "
            + "VALUES (5, 1, 1, 1, 1, now(), true, false), (5, 1, 1, 1, 1, now(), true, false)");
        var e = await Assert.ThrowsAnyAsync<Npgsql.PostgresException>(() => indexes.RestoreAsync(db, default));
        Assert.Equal("23505", e.SqlState); // unique_violation
    }

    static Task<List<string>> PrimaryKeysAsync(OtdelDb db) => db.Database.SqlQueryRaw<string>(
        """
        SELECT c.conname AS "Value" FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
        WHERE c.contype = 'p' AND t.relname IN ('deals', 'stage_visits') ORDER BY 1
        """).ToListAsync();

    static async Task<int> SecondaryIndexCountAsync(OtdelDb db) => db.IsSqlite
        ? await db.Database.SqlQueryRaw<int>(
            "SELECT count(*) AS \"Value\" FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ('deals', 'stage_visits')").SingleAsync()
        : await db.Database.SqlQueryRaw<int>(
            """
            SELECT count(*)::int AS "Value" FROM pg_index x JOIN pg_class t ON t.oid = x.indrelid
            WHERE t.relname IN ('deals', 'stage_visits') AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
            """).SingleAsync();

    static void AssertSame(IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> after)
    {
        var differences = SchemaComparison.Diff(before, after);
        Assert.True(differences.Count == 0, SchemaComparison.Describe(differences));
    }

    async Task<DbSettings> MigratedAsync()
    {
        var settings = await databases.NewAsync();
        await using var db = Database.Open(settings);
        Assert.NotEmpty(await Migrator.MigrateAsync(db, settings));
        return settings;
    }
}

public sealed class BulkIndexesTests_Sqlite() : BulkIndexesTests(postgres: false);

public sealed class BulkIndexesTests_Postgres() : BulkIndexesTests(postgres: true);
