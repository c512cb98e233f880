using Npgsql;
using NpgsqlTypes;
using Otdel.Features.Import;
using Otdel.Tests.Data;

namespace Otdel.Tests.Import;

/// <summary>
/// The import's hand-written binary COPY must store exactly what Npgsql's own typed importer stores: the same rows go into
/// two tables, one by each, and PostgreSQL compares them as text (numeric scale, time zone, infinities and all).
/// </summary>
public sealed class PgCopyRowsTests : IAsyncLifetime
{
    readonly ScratchDatabases databases = new(postgres: true);
    NpgsqlConnection conn = null!;

    static readonly NpgsqlDbType[] Types =
    [
        NpgsqlDbType.Bigint, NpgsqlDbType.Integer, NpgsqlDbType.Boolean, NpgsqlDbType.Double, NpgsqlDbType.TimestampTz,
        NpgsqlDbType.Date, NpgsqlDbType.Varchar, NpgsqlDbType.Numeric, NpgsqlDbType.Numeric,
    ];

    const string Columns = "(n bigint, i integer, b boolean, d double precision, t timestamptz, day date, s varchar(5000), m numeric, money numeric(18,2))";
    const string Names = "n, i, b, d, t, day, s, m, money";

    public async Task InitializeAsync()
    {
        var settings = await databases.NewAsync();
        conn = new NpgsqlConnection(settings.ConnectionString);
        await conn.OpenAsync();
        await Exec($"CREATE TABLE mine {Columns}; CREATE TABLE theirs {Columns}");
    }

    public async Task DisposeAsync()
    {
        await conn.DisposeAsync();
        await databases.DisposeAsync();
    }

    static IEnumerable<decimal> Amounts() =>
    [
        0m, 0.00m, 1m, -1m, 0.01m, -0.01m, 12345.67m, 10000m, 100000000m, 0.0001m, 0.00001m, 1.5m, 9999.9999m, 10000.0001m,
        123456789012345678.9m, -79228162514264337593543950335m, 79228162514264337593543950335m, 0.0000000000000000000000000001m,
        1234567.890123m, 50000.10m,
    ];

    static List<object?[]> Rows()
    {
        var utc = DateTimeKind.Utc;
        var rows = new List<object?[]>();
        var texts = new[] { "", "Ромашка", "ООО «Вектор» — поставка", "emoji 😀 and \t tab", new string('я', 4000), "a\"b'c\\d" };
        var moments = new[]
        {
            new DateTime(2026, 12, 3, 10, 15, 30, utc), new DateTime(1999, 12, 31, 23, 59, 59, 999, utc).AddTicks(7),
            new DateTime(2000, 1, 1, 0, 0, 0, utc), new DateTime(1970, 1, 1, 0, 0, 0, utc).AddTicks(-3), DateTime.MinValue, DateTime.MaxValue,
        };
        var days = new[] { new DateOnly(2026, 2, 28), new DateOnly(1999, 12, 31), new DateOnly(2000, 1, 1), DateOnly.MinValue, DateOnly.MaxValue };
        var amounts = Amounts().ToArray();
        for (var k = 0; k < 60; k++)
        {
            var m = amounts[k % amounts.Length];
            rows.Add(
            [
                k % 7 == 0 ? null : (object)(k % 2 == 0 ? long.MaxValue - k : -k * 1_000_000_007L),
                k % 5 == 0 ? null : (object)(k % 3 == 0 ? int.MinValue + k : k),
                k % 4 == 0 ? null : (object)(k % 2 == 0),
                k % 6 == 0 ? null : (object)(k * Math.PI * (k % 2 == 0 ? 1 : -1)),
                k % 9 == 0 ? null : (object)moments[k % moments.Length],
                k % 8 == 0 ? null : (object)days[k % days.Length],
                k % 10 == 0 ? null : (object)texts[k % texts.Length],
                k % 11 == 0 ? null : (object)m,
                k % 12 == 0 ? null : (object)decimal.Round(m / 100_000_000_000_000m, 2),
            ]);
        }
        return rows;
    }

    [Fact]
    public async Task Every_value_is_stored_as_Npgsqls_own_binary_import_stores_it()
    {
        var rows = Rows();
        await PgCopyRows.WriteAsync(conn, $"COPY mine ({Names}) FROM STDIN (FORMAT BINARY)", Types, rows, default);
        await using (var theirs = await conn.BeginBinaryImportAsync($"COPY theirs ({Names}) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var row in rows)
            {
                await theirs.StartRowAsync();
                for (var i = 0; i < Types.Length; i++)
                    if (row[i] is null) await theirs.WriteNullAsync();
                    else await theirs.WriteAsync(row[i], Types[i]);
            }
            await theirs.CompleteAsync();
        }

        var mine = await TextsAsync("mine");
        Assert.Equal(rows.Count * Types.Length, mine.Count);
        Assert.Equal(await TextsAsync("theirs"), mine);
        // And a few read back as values, so a shared mistake of both writers would show too.
        Assert.Contains("12345.67", mine);
        Assert.Contains("-79228162514264337593543950335", mine);
        Assert.Contains("0.0000000000000000000000000001", mine);
        Assert.Contains("-infinity", mine);
    }

    [Fact]
    public async Task A_value_it_cannot_write_cancels_the_copy_and_leaves_the_connection_usable()
    {
        var rows = new List<object?[]> { new object?[] { 1L }, new object?[] { 2L } };
        await Assert.ThrowsAsync<NotSupportedException>(() =>
            PgCopyRows.WriteAsync(conn, "COPY mine (n) FROM STDIN (FORMAT BINARY)", [NpgsqlDbType.Jsonb], rows, default));
        await Assert.ThrowsAsync<ArgumentException>(() => PgCopyRows.WriteAsync(conn, "COPY mine (t) FROM STDIN (FORMAT BINARY)",
            [NpgsqlDbType.TimestampTz], [[new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Unspecified)]], default));
        await using var count = new NpgsqlCommand("SELECT count(*) FROM mine", conn);
        Assert.Equal(0L, await count.ExecuteScalarAsync());
    }

    async Task<List<string>> TextsAsync(string table)
    {
        // One string per row, every column as PostgreSQL prints it, in the order written.
        await using var cmd = new NpgsqlCommand(
            $"SELECT concat_ws('|', coalesce(n::text, '∅'), coalesce(i::text, '∅'), coalesce(b::text, '∅'), coalesce(d::text, '∅'), "
            + "coalesce((t AT TIME ZONE 'UTC')::text, '∅'), coalesce(day::text, '∅'), coalesce(md5(s), '∅'), coalesce(m::text, '∅'), "
            + $"coalesce(money::text, '∅')) FROM {table} ORDER BY ctid", conn);
        var list = new List<string>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) list.AddRange(r.GetString(0).Split('|'));
        return list;
    }

    async Task Exec(string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
