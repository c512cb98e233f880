using Microsoft.EntityFrameworkCore;
using Otdel.Data;

namespace Otdel.Features.Import;

/// <summary>
/// A bulk load's old trick (pg_restore does the same): set a table's secondary indexes — and on PostgreSQL its foreign keys
/// — aside inside the import's transaction and build them again from their own definitions at the end. A million deals
/// inserted one by one into nine indexes of deals and four of stage visits spent most of the import in B-tree page
/// lookups (SQLite: about half of the CPU; PostgreSQL: its index upkeep, their WAL and a foreign-key trigger lookup per row
/// and key); building an index from all the rows at once, or checking a foreign key with one join, is a fraction of that.
/// The transaction keeps it all-or-nothing: a failed import rolls the drops back with the rows.
/// SQLite's readers keep reading the committed snapshot (WAL) and writers wait for the import's lock in any case.
/// PostgreSQL's readers of these tables wait until the import commits (a dropped index locks its table), so the caller
/// does it there only for an arrival — a file much larger than the table (see <see cref="DealImport"/>).
/// </summary>
/// <param name="keepOnPostgres">Indexes left in place on PostgreSQL: those whose upkeep row by row costs less than building them
/// again (a few distinct leading keys, so every insert lands on a page already in memory).</param>
public sealed class BulkIndexes(IReadOnlyList<string> tables, IReadOnlyCollection<string>? keepOnPostgres = null)
{
    readonly List<string> restore = [];

    public async Task SetAsideAsync(OtdelDb db, CancellationToken ct)
    {
#pragma warning disable EF1002, EF1003 // table and index names come from the database's own catalogue, for this class's constant tables
        if (db.IsSqlite)
        {
            var list = string.Join(", ", tables.Select(t => "'" + t + "'"));
            var rows = await db.Database.SqlQueryRaw<Definition>(
                $"SELECT name AS \"Name\", '' AS \"Table\", sql AS \"Sql\" FROM sqlite_master "
                + $"WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ({list})")
                .ToListAsync(ct);
            foreach (var r in rows)
            {
                restore.Add(r.Sql);
                await db.Database.ExecuteSqlRawAsync($"DROP INDEX \"{r.Name}\"", ct);
            }
            // Rows without indexes are appended, which needs no large page cache; and the sorter that builds the indexes
            // back keeps up to the cache's size in memory per thread before it hands a sorted run to disk: a small cache keeps
            // the import's memory flat as files grow (and gives the sorter's threads more, smaller runs to sort at once).
            if (rows.Count > 0) await db.Database.ExecuteSqlRawAsync("PRAGMA cache_size = -16384", ct);
            return;
        }
        // Foreign keys first (they may lean on an index), then every index that backs no constraint, and the primary keys
        // no foreign key leans on: a primary key kept row by row cost a stage visit more than its row (3,000,000 visits:
        // 13 s of COPY with it, 5 s without, 1.5 s to build it back), while the deals' key, which others refer to, stays.
        var keys = await db.Database.SqlQueryRaw<Definition>(
            """
            SELECT c.conname AS "Name", t.relname AS "Table", pg_get_constraintdef(c.oid) AS "Sql"
            FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
            WHERE c.contype = 'f' AND t.relnamespace = current_schema()::regnamespace AND t.relname = ANY({0})
            """, new object[] { tables.ToArray() }).ToListAsync(ct);
        var indexes = await db.Database.SqlQueryRaw<Definition>(
            """
            SELECT i.relname AS "Name", t.relname AS "Table", pg_get_indexdef(i.oid) AS "Sql"
            FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
            WHERE t.relnamespace = current_schema()::regnamespace AND t.relname = ANY({0})
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
            """, new object[] { tables.ToArray() }).ToListAsync(ct);
        var primaryKeys = await db.Database.SqlQueryRaw<Definition>(
            """
            SELECT c.conname AS "Name", t.relname AS "Table", pg_get_constraintdef(c.oid) AS "Sql"
            FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
            WHERE c.contype = 'p' AND t.relnamespace = current_schema()::regnamespace AND t.relname = ANY({0})
              AND NOT EXISTS (SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.confrelid = c.conrelid)
            """, new object[] { tables.ToArray() }).ToListAsync(ct);
        foreach (var k in keys)
        {
            await db.Database.ExecuteSqlRawAsync($"ALTER TABLE \"{k.Table}\" DROP CONSTRAINT \"{k.Name}\"", ct);
            restore.Add($"ALTER TABLE \"{k.Table}\" ADD CONSTRAINT \"{k.Name}\" {k.Sql}");
        }
        foreach (var k in primaryKeys)
        {
            await db.Database.ExecuteSqlRawAsync($"ALTER TABLE \"{k.Table}\" DROP CONSTRAINT \"{k.Name}\"", ct);
            restore.Insert(0, $"ALTER TABLE \"{k.Table}\" ADD CONSTRAINT \"{k.Name}\" {k.Sql}");
        }
        foreach (var i in indexes.Where(i => keepOnPostgres?.Contains(i.Name) != true))
        {
            await db.Database.ExecuteSqlRawAsync($"DROP INDEX \"{i.Name}\"", ct);
            restore.Insert(0, i.Sql); // indexes before the keys: a key's check may use them
        }
        // Building them back sorts in memory rather than on disk (raised, never lowered; for this transaction only).
        await db.Database.ExecuteSqlRawAsync(
            "SELECT set_config('maintenance_work_mem', '256MB', true) "
            + "WHERE (SELECT setting::bigint FROM pg_settings WHERE name = 'maintenance_work_mem') < 262144",
            ct);
#pragma warning restore EF1002, EF1003
    }

    public async Task RestoreAsync(OtdelDb db, CancellationToken ct)
    {
        // SQLite sorts an index's keys on worker threads when allowed (none by default): the cores are free by now.
        if (db.IsSqlite && restore.Count > 0)
            await db.Database.ExecuteSqlRawAsync(
                Environment.ProcessorCount switch { 1 => "PRAGMA threads = 0", < 4 => "PRAGMA threads = 2", _ => "PRAGMA threads = 4" }, ct);
        foreach (var sql in restore) await db.Database.ExecuteSqlRawAsync(sql, ct);
        restore.Clear();
    }

    sealed record Definition(string Name, string Table, string Sql);
}
