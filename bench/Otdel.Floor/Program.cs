using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;

// The floor of the benchmark (issue 13): a minimal API over raw ADO.NET doing the same kinds of writes and reads as
// Otdel's deal API with no logic at all — no authentication, access scope, audit, stage rules or totals. What Otdel
// costs above this is what its logic and its framework cost. Settings (environment): FLOOR_PROVIDER sqlite|postgres,
// FLOOR_DB (connection string), FLOOR_SEED (rows the deals table should hold at start); --urls as any ASP.NET Core app.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var provider = Environment.GetEnvironmentVariable("FLOOR_PROVIDER") ?? "sqlite";
var cs = Environment.GetEnvironmentVariable("FLOOR_DB") ?? "Data Source=floor.db";
var seed = long.Parse(Environment.GetEnvironmentVariable("FLOOR_SEED") ?? "0", CultureInfo.InvariantCulture);
var db = provider == "postgres" ? (IFloorDb)new PgFloor(cs) : new SqliteFloor(cs);
await db.PrepareAsync(seed);

var app = builder.Build();

app.MapPost("/deals", async (DealIn d) =>
{
    await using var c = await db.OpenAsync();
    await using var cmd = db.Command(c, "INSERT INTO deals (title, amount, stage, owner, version, created_at) VALUES (@t, @a, @s, @o, 1, @c) " +
        "RETURNING id, title, amount, stage, owner, version, created_at",
        ("t", d.Title), ("a", d.Amount), ("s", d.Stage), ("o", d.Owner), ("c", TimeProvider.System.GetUtcNow().UtcDateTime));
    var row = await ReadOneAsync(cmd);
    return Results.Created($"/deals/{row!.Id}", row);
});

app.MapPost("/deals/{id:long}/move", async (long id, MoveIn m) =>
{
    await using var c = await db.OpenAsync();
    await using var cmd = db.Command(c, "UPDATE deals SET stage = @s, version = version + 1 WHERE id = @id " +
        "RETURNING id, title, amount, stage, owner, version, created_at", ("s", m.Stage), ("id", id));
    return await ReadOneAsync(cmd) is { } row ? Results.Ok(row) : Results.NotFound();
});

app.MapGet("/deals", async (long stage, long? after, int? limit) =>
{
    await using var c = await db.OpenAsync();
    await using var cmd = db.Command(c,
        "SELECT id, title, amount, stage, owner, version, created_at FROM deals WHERE stage = @s AND id > @after ORDER BY id LIMIT @n",
        ("s", stage), ("after", after ?? 0), ("n", Math.Clamp(limit ?? 20, 1, 500)));
    var rows = new List<DealOut>();
    await using var r = await cmd.ExecuteReaderAsync();
    while (await r.ReadAsync()) rows.Add(Row(r));
    return Results.Ok(new PageOut(rows, rows.Count > 0 ? rows[^1].Id : null));
});

// One database round trip, like Otdel's /healthz.
app.MapGet("/ping", async () =>
{
    await using var c = await db.OpenAsync();
    await using var cmd = db.Command(c, "SELECT 1");
    await cmd.ExecuteScalarAsync();
    return Results.Ok(new { status = "ok" });
});

app.Run();

static async Task<DealOut?> ReadOneAsync(DbCommand cmd)
{
    await using var r = await cmd.ExecuteReaderAsync();
    return await r.ReadAsync() ? Row(r) : null;
}

static DealOut Row(DbDataReader r) =>
    new(r.GetInt64(0), r.GetString(1), r.GetDecimal(2), r.GetInt64(3), r.GetInt64(4), r.GetInt32(5), r.GetDateTime(6));

record DealIn(string Title, decimal Amount, long Stage, long Owner);

record MoveIn(long Stage);

record DealOut(long Id, string Title, decimal Amount, long Stage, long Owner, int Version, DateTime CreatedAt);

record PageOut(List<DealOut> Items, long? Last);

interface IFloorDb
{
    Task PrepareAsync(long seed);
    ValueTask<DbConnection> OpenAsync();
    DbCommand Command(DbConnection c, string sql, params (string Name, object Value)[] ps);
}

/// <summary>SQLite in WAL with synchronous=NORMAL, set per connection like Otdel's interceptor does.</summary>
sealed class SqliteFloor(string cs) : IFloorDb
{
    public async Task PrepareAsync(long seed)
    {
        await using var c = await OpenAsync();
        await Exec(c, "PRAGMA journal_mode=WAL");
        await Exec(c, "CREATE TABLE IF NOT EXISTS deals (id INTEGER PRIMARY KEY, title TEXT NOT NULL, amount TEXT NOT NULL, stage INTEGER NOT NULL, " +
            "owner INTEGER NOT NULL, version INTEGER NOT NULL, created_at TEXT NOT NULL)");
        await Exec(c, "CREATE INDEX IF NOT EXISTS ix_deals_stage_id ON deals (stage, id)");
        await using var count = Command(c, "SELECT count(*) FROM deals");
        var have = (long)(await count.ExecuteScalarAsync())!;
        if (have < seed)
        {
            await using var tx = c.BeginTransaction();
            await using var fill = Command(c, "WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < @k) " +
                "INSERT INTO deals (title, amount, stage, owner, version, created_at) SELECT 'Сделка ' || n, (n % 5000) * 1000, n % 7 + 1, n % 200 + 1, 1, " +
                "'2026-01-01 00:00:00' FROM s", ("k", seed - have));
            fill.Transaction = (SqliteTransaction)tx;
            fill.CommandTimeout = 0;
            await fill.ExecuteNonQueryAsync();
            await tx.CommitAsync();
            await Exec(c, "ANALYZE");
        }
    }

    public async ValueTask<DbConnection> OpenAsync()
    {
        var c = new SqliteConnection(cs);
        await c.OpenAsync();
        await Exec(c, "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;");
        return c;
    }

    public DbCommand Command(DbConnection c, string sql, params (string Name, object Value)[] ps)
    {
        var cmd = ((SqliteConnection)c).CreateCommand();
        cmd.CommandText = sql;
        foreach (var (n, v) in ps) cmd.Parameters.AddWithValue("@" + n, v);
        return cmd;
    }

    static async Task Exec(DbConnection c, string sql)
    {
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync();
    }
}

/// <summary>PostgreSQL through one NpgsqlDataSource (a pool), at the server's settings: durable unless the server is not.</summary>
sealed class PgFloor(string cs) : IFloorDb
{
    readonly NpgsqlDataSource source = NpgsqlDataSource.Create(cs);

    public async Task PrepareAsync(long seed)
    {
        await using var c = await OpenAsync();
        await Exec(c, "CREATE TABLE IF NOT EXISTS deals (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, title text NOT NULL, " +
            "amount numeric(18,2) NOT NULL, " +
            "stage bigint NOT NULL, owner bigint NOT NULL, version integer NOT NULL, created_at timestamptz NOT NULL)");
        await Exec(c, "CREATE INDEX IF NOT EXISTS ix_deals_stage_id ON deals (stage, id)");
        await using var count = Command(c, "SELECT count(*) FROM deals");
        var have = (long)(await count.ExecuteScalarAsync())!;
        if (have < seed)
        {
            await using var fill = Command(c, "INSERT INTO deals (title, amount, stage, owner, version, created_at) " +
                "SELECT 'Сделка ' || n, (n % 5000) * 1000, n % 7 + 1, " +
                "n % 200 + 1, 1, timestamptz '2026-01-01 00:00:00+00' FROM generate_series(1, @k) n", ("k", seed - have));
            fill.CommandTimeout = 0;
            await fill.ExecuteNonQueryAsync();
            await Exec(c, "VACUUM (ANALYZE) deals");
        }
    }

    public async ValueTask<DbConnection> OpenAsync() => await source.OpenConnectionAsync();

    public DbCommand Command(DbConnection c, string sql, params (string Name, object Value)[] ps)
    {
        var cmd = new NpgsqlCommand(sql, (NpgsqlConnection)c);
        foreach (var (n, v) in ps) cmd.Parameters.AddWithValue(n, v);
        return cmd;
    }

    static async Task Exec(DbConnection c, string sql)
    {
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.CommandTimeout = 0;
        await cmd.ExecuteNonQueryAsync();
    }
}
