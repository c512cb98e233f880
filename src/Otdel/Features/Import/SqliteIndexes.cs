using Microsoft.EntityFrameworkCore;
using Otdel.Data;

namespace Otdel.Features.Import;

/// <summary>
/// A bulk load's old trick, for SQLite only: drop a table's secondary indexes inside the import's transaction and build
/// them again from their own CREATE statements at the end. A million deals inserted one by one into nine indexes of
/// deals and four of stage visits spent most of the import in B-tree page lookups (measured: about half of the CPU);
/// building an index from sorted data is a fraction of that. Other connections keep reading the committed snapshot (WAL),
/// and writers wait for the import's lock in any case. PostgreSQL keeps its indexes: dropping one there would lock the
/// table against readers for the whole import.
/// </summary>
public sealed class SqliteIndexes(IReadOnlyList<string> tables)
{
    readonly List<(string Name, string Sql)> kept = [];

    public async Task SetAsideAsync(OtdelDb db, CancellationToken ct)
    {
        var list = string.Join(", ", tables.Select(t => "'" + t + "'"));
#pragma warning disable EF1002 // table names are this class's constants
        var rows = await db.Database.SqlQueryRaw<IndexRow>(
            $"SELECT name AS \"Name\", sql AS \"Sql\" FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ({list})").ToListAsync(ct);
        foreach (var r in rows)
        {
            kept.Add((r.Name, r.Sql));
            await db.Database.ExecuteSqlRawAsync($"DROP INDEX \"{r.Name}\"", ct);
        }
#pragma warning restore EF1002
    }

    public async Task RestoreAsync(OtdelDb db, CancellationToken ct)
    {
        foreach (var (_, sql) in kept) await db.Database.ExecuteSqlRawAsync(sql, ct);
        kept.Clear();
    }

    sealed record IndexRow(string Name, string Sql);
}
