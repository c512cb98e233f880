using System.Data.Common;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Otdel.Data;

namespace Otdel.Tests.Data;

/// <summary>
/// What a database records about its schema, as facts keyed by what they describe ("column clients.name" →
/// "character varying(300) NOT NULL"), and the differences between two databases of the same engine as readable lines.
/// PostgreSQL: tables, columns (type with length/precision/scale, nullability, identity, collation), primary keys,
/// unique/check constraints and foreign keys (pg_constraint), indexes (pg_indexes), triggers.
/// SQLite: tables, columns (declared type, nullability), primary keys, indexes and unique constraints
/// (pragma_index_list/pragma_index_xinfo, partial WHERE), foreign keys (pragma_foreign_key_list), triggers.
/// schema_migrations (the migrator's own table) is left out.
/// </summary>
public static partial class SchemaComparison
{
    /// <summary>The differences between the schema of the model side and the migrations side; empty when they agree.</summary>
    public static async Task<IReadOnlyList<Difference>> CompareAsync(DbSettings model, DbSettings migrations) =>
        Diff(await ReadAsync(model), await ReadAsync(migrations));

    /// <summary>One fact the two sides disagree on; null where a side lacks it.</summary>
    public sealed record Difference(string Key, string? Model, string? Migrations)
    {
        public override string ToString() => $"{Key}: model {Model ?? "(missing)"} | migrations {Migrations ?? "(missing)"}";
    }

    public static IReadOnlyList<Difference> Diff(IReadOnlyDictionary<string, string> model, IReadOnlyDictionary<string, string> migrations) =>
        model.Keys.Union(migrations.Keys).Order(StringComparer.Ordinal)
            .Select(key => new Difference(key, model.GetValueOrDefault(key), migrations.GetValueOrDefault(key)))
            .Where(d => d.Model != d.Migrations)
            .ToList();

    /// <summary>A message for an assertion: one difference a line.</summary>
    public static string Describe(IReadOnlyList<Difference> differences) =>
        differences.Count == 0 ? "no differences"
            : $"the model (EnsureCreated) and the migrations disagree in {differences.Count} place(s) — add a new NNNN script per engine:\n  "
              + string.Join("\n  ", differences);

    public static async Task<SortedDictionary<string, string>> ReadAsync(DbSettings settings)
    {
        await using var db = Database.Open(settings);
        var conn = db.Database.GetDbConnection();
        await conn.OpenAsync();
        var facts = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (settings.IsPostgres) await ReadPostgres(conn, facts);
        else await ReadSqlite(conn, facts);
        return facts;
    }

    const string Ours = "schema_migrations";

    static void Add(SortedDictionary<string, string> facts, string key, string value) =>
        // Two facts under one key (say two foreign keys over the same columns) are kept together, in a stable order.
        facts[key] = facts.TryGetValue(key, out var had) ? string.Join(" + ", new[] { had, value }.Order(StringComparer.Ordinal)) : value;

    static async Task ReadPostgres(DbConnection conn, SortedDictionary<string, string> facts)
    {
        await Rows(conn, $"""
            SELECT table_name, table_type FROM information_schema.tables
            WHERE table_schema = current_schema() AND table_name <> '{Ours}'
            """, r => Add(facts, $"table {r.GetString(0)}", r.GetString(1)));

        await Rows(conn, $"""
            SELECT table_name, column_name, data_type, udt_name, character_maximum_length, numeric_precision, numeric_scale,
                   datetime_precision, is_nullable, is_identity, identity_generation, collation_name
            FROM information_schema.columns WHERE table_schema = current_schema() AND table_name <> '{Ours}'
            """, r =>
        {
            var dataType = r.GetString(2);
            int? Int(int i) => r.IsDBNull(i) ? null : Convert.ToInt32(r.GetValue(i));
            var type = dataType switch
            {
                "character varying" or "character" or "bit" or "bit varying" => Int(4) is { } len ? $"{dataType}({len})" : dataType,
                "numeric" => Int(5) is { } p ? $"numeric({p},{Int(6) ?? 0})" : "numeric",
                _ when dataType.StartsWith("timestamp", StringComparison.Ordinal) || dataType.StartsWith("time ", StringComparison.Ordinal) || dataType == "interval"
                    => $"{dataType} precision {Int(7)}",
                "ARRAY" => $"array {r.GetString(3)}",
                "USER-DEFINED" => r.GetString(3),
                _ => dataType,
            };
            var value = new StringBuilder(type).Append(r.GetString(8) == "YES" ? " NULL" : " NOT NULL");
            if (r.GetString(9) == "YES") value.Append(" IDENTITY ").Append(r.IsDBNull(10) ? "" : r.GetString(10));
            if (!r.IsDBNull(11)) value.Append(" COLLATE ").Append(r.GetString(11));
            Add(facts, $"column {r.GetString(0)}.{r.GetString(1)}", value.ToString());
        });

        await Rows(conn, $"""
            SELECT t.relname, c.conname, c.contype, pg_get_constraintdef(c.oid, true)
            FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
            WHERE n.nspname = current_schema() AND t.relname <> '{Ours}' AND c.contype IN ('p', 'u', 'f', 'c', 'x')
            """, r =>
        {
            var kind = Convert.ToString(r.GetValue(2)) switch { "p" => "primary key", "u" => "unique constraint", "f" => "foreign key", "c" => "check", _ => "exclusion" };
            Add(facts, $"{kind} {r.GetString(0)}.{r.GetString(1)}", r.GetString(3));
        });

        await Rows(conn, $"""
            SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename <> '{Ours}'
            """, r =>
        {
            // "CREATE UNIQUE INDEX "IX_x" ON public.t USING btree (a, b) WHERE …" → "UNIQUE btree (a, b) WHERE …"
            var def = r.GetString(2);
            var at = def.IndexOf(" USING ", StringComparison.Ordinal);
            var unique = def.StartsWith("CREATE UNIQUE ", StringComparison.Ordinal) ? "UNIQUE " : "";
            Add(facts, $"index {r.GetString(0)}.{r.GetString(1)}", at < 0 ? def : unique + def[(at + 7)..]);
        });

        await Rows(conn, $"""
            SELECT c.relname, t.tgname, pg_get_triggerdef(t.oid, true)
            FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = current_schema() AND NOT t.tgisinternal AND c.relname <> '{Ours}'
            """, r => Add(facts, $"trigger {r.GetString(0)}.{r.GetString(1)}", r.GetString(2)));
    }

    static async Task ReadSqlite(DbConnection conn, SortedDictionary<string, string> facts)
    {
        const string Tables = $"sqlite_master m WHERE m.type IN ('table', 'view') AND m.name NOT LIKE 'sqlite_%' AND m.name <> '{Ours}'";

        await Rows(conn, $"SELECT m.name, m.type, m.sql FROM {Tables}", r =>
            Add(facts, $"table {r.GetString(0)}", r.GetString(1) + (AutoIncrement().IsMatch(r.IsDBNull(2) ? "" : r.GetString(2)) ? " AUTOINCREMENT" : "")));

        var primaryKeys = new Dictionary<string, SortedDictionary<int, string>>();
        await Rows(conn, $"SELECT m.name, p.name, p.type, p.\"notnull\", p.pk FROM {Tables.Replace("WHERE", "JOIN pragma_table_info(m.name) p WHERE")}", r =>
        {
            Add(facts, $"column {r.GetString(0)}.{r.GetString(1)}", $"{r.GetString(2)} {(r.GetInt64(3) == 1 ? "NOT NULL" : "NULL")}");
            if (r.GetInt64(4) > 0)
            {
                if (!primaryKeys.TryGetValue(r.GetString(0), out var pk)) primaryKeys[r.GetString(0)] = pk = [];
                pk[(int)r.GetInt64(4)] = r.GetString(1);
            }
        });
        foreach (var (table, pk) in primaryKeys) Add(facts, $"primary key {table}", $"({string.Join(", ", pk.Values)})");

        // Index columns in order (with DESC and a non-default collation), where a partial index says so.
        var indexes = new List<(string Table, string Name, bool Unique, string Origin, string? Sql)>();
        await Rows(conn, $"""
            SELECT m.name, il.name, il."unique", il.origin, (SELECT s.sql FROM sqlite_master s WHERE s.type = 'index' AND s.name = il.name)
            FROM {Tables.Replace("WHERE", "JOIN pragma_index_list(m.name) il WHERE")}
            """, r => indexes.Add((r.GetString(0), r.GetString(1), r.GetInt64(2) == 1, r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4))));
        foreach (var ix in indexes)
        {
            var cols = new List<string>();
            await Rows(conn, $"SELECT x.name, x.\"desc\", x.coll, x.cid FROM pragma_index_xinfo('{ix.Name.Replace("'", "''")}') x WHERE x.key = 1 ORDER BY x.seqno", r =>
                cols.Add((r.IsDBNull(0) ? (r.GetInt64(3) == -2 ? "<expression>" : "rowid") : r.GetString(0))
                         + (r.GetInt64(1) == 1 ? " DESC" : "")
                         + (r.IsDBNull(2) || r.GetString(2) == "BINARY" ? "" : $" COLLATE {r.GetString(2)}")));
            var columns = $"({string.Join(", ", cols)})";
            switch (ix.Origin)
            {
                case "pk": break; // the primary key, above
                case "u": Add(facts, $"unique constraint {ix.Table}{columns}", "UNIQUE"); break; // sqlite_autoindex_* names are positional
                default:
                    var where = ix.Sql is null ? "" : PartialWhere(ix.Sql);
                    Add(facts, $"index {ix.Table}.{ix.Name}", $"{(ix.Unique ? "UNIQUE " : "")}{columns}{where}");
                    break;
            }
        }

        var foreignKeys = new SortedDictionary<(string Table, long Id), (List<string> From, string To, List<string> ToCols, string Rules)>();
        await Rows(conn, $"""
            SELECT m.name, fk.id, fk."table", fk."from", fk."to", fk.on_delete, fk.on_update, fk."match"
            FROM {Tables.Replace("WHERE", "JOIN pragma_foreign_key_list(m.name) fk WHERE")} ORDER BY m.name, fk.id, fk.seq
            """, r =>
        {
            var key = (r.GetString(0), r.GetInt64(1));
            if (!foreignKeys.TryGetValue(key, out var fk))
                foreignKeys[key] = fk = ([], r.GetString(2), [], $"ON DELETE {r.GetString(5)} ON UPDATE {r.GetString(6)} MATCH {r.GetString(7)}");
            fk.From.Add(r.GetString(3));
            fk.ToCols.Add(r.IsDBNull(4) ? "<primary key>" : r.GetString(4));
        });
        foreach (var ((table, _), fk) in foreignKeys)
            Add(facts, $"foreign key {table}({string.Join(", ", fk.From)})", $"REFERENCES {fk.To}({string.Join(", ", fk.ToCols)}) {fk.Rules}");

        await Rows(conn, $"SELECT tbl_name, name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name <> '{Ours}'", r =>
            Add(facts, $"trigger {r.GetString(0)}.{r.GetString(1)}", Normalise(r.GetString(2))));
    }

    /// <summary>" WHERE …" of a partial index, without quoting and case differences ("" for a full index).</summary>
    static string PartialWhere(string sql)
    {
        var m = Where().Match(sql);
        return m.Success ? " WHERE " + Normalise(m.Groups[1].Value) : "";
    }

    static string Normalise(string sql) => Spaces().Replace(sql.Replace("\"", "").Replace("`", "").Replace("[", "").Replace("]", ""), " ").Trim().ToLowerInvariant();

    [GeneratedRegex(@"\bWHERE\b(.*)$", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex Where();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"\bAUTOINCREMENT\b", RegexOptions.IgnoreCase)]
    private static partial Regex AutoIncrement();

    static async Task Rows(DbConnection conn, string sql, Action<DbDataReader> each)
    {
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) each(r);
    }
}
