using System.Globalization;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Otdel.Features.Import;

/// <summary>
/// SQLite's side of <see cref="BulkTable"/>: many rows per INSERT statement, bound straight through SQLitePCL (the library
/// under Microsoft.Data.Sqlite) on the import's own connection and transaction. Microsoft.Data.Sqlite's command did a
/// reader, a UTF-8 copy of every text and a formatted string of every date per value and row — a million deals are about
/// 40 million values — where this binds texts and dates from the stack and steps once per <see cref="RowsPerStatement"/> rows.
/// Values are stored the way Otdel's SQLite model stores them: dates as text, money in kopecks (OtdelDb's minor units), flags as 0/1.
/// </summary>
sealed class SqliteRows(SqliteConnection connection, string table, string[] columns) : IDisposable
{
    /// <summary>Rows per statement: under SQLite's old limit of 999 bound values, so any build of it takes them.</summary>
    int RowsPerStatement => Math.Max(1, 999 / columns.Length);

    sqlite3_stmt? full;

    public void Write(IReadOnlyList<object?[]> rows)
    {
        var db = connection.Handle ?? throw new InvalidOperationException("The import's connection is closed.");
        var per = RowsPerStatement;
        var i = 0;
        if (rows.Count >= per)
        {
            full ??= Prepare(db, per);
            for (; i + per <= rows.Count; i += per) Run(db, full, rows, i, per);
        }
        if (i == rows.Count) return;
        using var rest = Prepare(db, rows.Count - i);
        Run(db, rest, rows, i, rows.Count - i);
    }

    sqlite3_stmt Prepare(sqlite3 db, int count)
    {
        var one = "(" + string.Join(", ", Enumerable.Repeat("?", columns.Length)) + ")";
        var sql = $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES {string.Join(", ", Enumerable.Repeat(one, count))}";
        Check(db, raw.sqlite3_prepare_v2(db, sql, out var stmt));
        return stmt;
    }

    void Run(sqlite3 db, sqlite3_stmt stmt, IReadOnlyList<object?[]> rows, int from, int count)
    {
        var n = 1;
        for (var r = from; r < from + count; r++)
            foreach (var v in rows[r]) Check(db, Bind(stmt, n++, v));
        var rc = raw.sqlite3_step(stmt);
        raw.sqlite3_reset(stmt);
        if (rc != raw.SQLITE_DONE) Check(db, rc);
    }

    /// <summary>
    /// Statements with parameters $p0, $p1… (one or several, separated by semicolons) run once per row, bound as
    /// <see cref="Write"/> binds: small updates after a bulk write.
    /// </summary>
    public static void Each(SqliteConnection connection, string sql, IReadOnlyList<object?[]> rows)
    {
        var db = connection.Handle ?? throw new InvalidOperationException("The import's connection is closed.");
        var statements = new List<(sqlite3_stmt Stmt, int[] Slots)>();
        try
        {
            for (var rest = sql; !string.IsNullOrWhiteSpace(rest);)
            {
                Check(db, raw.sqlite3_prepare_v2(db, rest, out var stmt, out rest));
                if (stmt.IsInvalid) break;
                statements.Add((stmt, Enumerable.Range(0, rows[0].Length).Select(i => raw.sqlite3_bind_parameter_index(stmt, "$p" + i)).ToArray()));
            }
            foreach (var row in rows)
                foreach (var (stmt, slots) in statements)
                {
                    for (var i = 0; i < slots.Length; i++)
                        if (slots[i] > 0) Check(db, Bind(stmt, slots[i], row[i]));
                    var rc = raw.sqlite3_step(stmt);
                    raw.sqlite3_reset(stmt);
                    if (rc != raw.SQLITE_DONE) Check(db, rc);
                }
        }
        finally
        {
            foreach (var (stmt, _) in statements) stmt.Dispose();
        }
    }

    static int Bind(sqlite3_stmt stmt, int i, object? v)
    {
        Span<char> text = stackalloc char[32];
        switch (v)
        {
            case null: return raw.sqlite3_bind_null(stmt, i);
            case string s: return raw.sqlite3_bind_text16(stmt, i, s.AsSpan());
            case long l: return raw.sqlite3_bind_int64(stmt, i, l);
            case int n: return raw.sqlite3_bind_int64(stmt, i, n);
            case bool b: return raw.sqlite3_bind_int64(stmt, i, b ? 1 : 0);
            case double d: return raw.sqlite3_bind_double(stmt, i, d);
            case decimal m: return raw.sqlite3_bind_int64(stmt, i, (long)decimal.Round(m * 100m, MidpointRounding.AwayFromZero));
            case DateTime t:
                t.TryFormat(text, out var tn, "yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
                return raw.sqlite3_bind_text16(stmt, i, text[..tn]);
            case DateOnly d:
                d.TryFormat(text, out var dn, "yyyy-MM-dd", CultureInfo.InvariantCulture);
                return raw.sqlite3_bind_text16(stmt, i, text[..dn]);
            default: throw new ArgumentException($"No SQLite binding for {v.GetType().Name}.");
        }
    }

    static void Check(sqlite3 db, int rc)
    {
        if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, db);
    }

    public void Dispose() => full?.Dispose();
}
