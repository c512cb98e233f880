using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace Otdel.Bench;

/// <summary>Where generated rows go: the fastest bulk path of each engine.</summary>
interface IRowSink : IAsyncDisposable
{
    void Deal(GenDeal d);
    void Visit(in GenVisit v);
    Task CompleteAsync();
}

/// <summary>
/// SQLite: one transaction, two prepared INSERTs reused for every row, no journal and no fsync during the load.
/// Dates are bound as DateTime so they are stored in the same text form EF writes; money as minor units like the app.
/// </summary>
sealed class SqliteSink : IRowSink
{
    readonly SqliteConnection conn;
    readonly SqliteTransaction tx;
    readonly SqliteCommand deal, visit;
    readonly SqliteParameter[] dp, vp;
    readonly long pipelineId;

    public SqliteSink(string connectionString, long pipelineId)
    {
        this.pipelineId = pipelineId;
        conn = new SqliteConnection(connectionString);
        conn.Open();
        Exec(conn, "PRAGMA synchronous=OFF; PRAGMA journal_mode=OFF; PRAGMA cache_size=-500000; PRAGMA foreign_keys=OFF;");
        tx = conn.BeginTransaction();
        (deal, dp) = Prepare("deals", ["id", "title", "search_key", "client_name", "amount", "currency", "pipeline_id", "stage_id", "owner_id", "status", "source", "segment",
            "fields", "created_at", "stage_entered_at", "stage_due_at", "closed_at", "loss_reason_id", "loss_comment", "lost_at_stage_id", "version"]);
        (visit, vp) = Prepare("stage_visits", ["id", "deal_id", "pipeline_id", "stage_id", "executor_id", "entered_at", "exited_at", "hours", "outcome", "is_first_entry", "advanced"]);
    }

    (SqliteCommand, SqliteParameter[]) Prepare(string table, string[] cols)
    {
        var cmd = conn.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = $"INSERT INTO {table} ({string.Join(",", cols.Select(c => $"\"{c}\""))}) VALUES ({string.Join(",", cols.Select((_, i) => "$p" + i))})";
        var ps = cols.Select((_, i) => cmd.Parameters.Add(new SqliteParameter("$p" + i, null))).ToArray();
        cmd.Prepare();
        return (cmd, ps);
    }

    static object N(object? v) => v ?? DBNull.Value;

    public void Deal(GenDeal d)
    {
        dp[0].Value = d.Id; dp[1].Value = d.Title; dp[2].Value = (d.Title + " " + d.ClientName).ToLowerInvariant(); dp[3].Value = d.ClientName;
        dp[4].Value = (long)(d.Amount * 100); dp[5].Value = "RUB"; dp[6].Value = pipelineId; dp[7].Value = d.StageId; dp[8].Value = d.OwnerId;
        dp[9].Value = d.Status; dp[10].Value = N(d.Source); dp[11].Value = N(d.Segment); dp[12].Value = "{}"; dp[13].Value = d.CreatedAt;
        dp[14].Value = d.StageEnteredAt; dp[15].Value = N(d.StageDueAt); dp[16].Value = N(d.ClosedAt); dp[17].Value = N(d.LossReasonId);
        dp[18].Value = N(d.LossComment); dp[19].Value = N(d.LostAtStageId); dp[20].Value = 1;
        deal.ExecuteNonQuery();
    }

    public void Visit(in GenVisit v)
    {
        vp[0].Value = v.Id; vp[1].Value = v.DealId; vp[2].Value = pipelineId; vp[3].Value = v.StageId; vp[4].Value = v.ExecutorId;
        vp[5].Value = v.EnteredAt; vp[6].Value = N(v.ExitedAt); vp[7].Value = N(v.Hours); vp[8].Value = N(v.Outcome);
        vp[9].Value = v.IsFirstEntry ? 1 : 0; vp[10].Value = v.Advanced ? 1 : 0;
        visit.ExecuteNonQuery();
    }

    public Task CompleteAsync()
    {
        tx.Commit();
        Exec(conn, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
        return Task.CompletedTask;
    }

    static void Exec(DbConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.CommandTimeout = 0;
        cmd.ExecuteNonQuery();
    }

    public ValueTask DisposeAsync()
    {
        deal.Dispose(); visit.Dispose(); tx.Dispose(); conn.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>PostgreSQL: binary COPY into both tables at once over two connections, foreign-key triggers off for the load.</summary>
sealed class PostgresSink : IRowSink
{
    readonly NpgsqlConnection dc, vc;
    readonly NpgsqlBinaryImporter deals, visits;
    readonly long pipelineId;

    public PostgresSink(string connectionString, long pipelineId)
    {
        this.pipelineId = pipelineId;
        dc = Open(connectionString); vc = Open(connectionString);
        deals = dc.BeginBinaryImport("COPY deals (id, title, search_key, client_name, amount, currency, pipeline_id, stage_id, owner_id, status, source, segment, fields, " +
            "created_at, stage_entered_at, stage_due_at, closed_at, loss_reason_id, loss_comment, lost_at_stage_id, version) FROM STDIN (FORMAT BINARY)");
        visits = vc.BeginBinaryImport("COPY stage_visits (id, deal_id, pipeline_id, stage_id, executor_id, entered_at, exited_at, hours, outcome, is_first_entry, advanced) FROM STDIN (FORMAT BINARY)");
    }

    static NpgsqlConnection Open(string cs)
    {
        var c = new NpgsqlConnection(cs);
        c.Open();
        using var cmd = new NpgsqlCommand("SET session_replication_role = replica; SET synchronous_commit = off;", c);
        cmd.ExecuteNonQuery();
        return c;
    }

    static void W<T>(NpgsqlBinaryImporter w, T? v, NpgsqlDbType t) where T : struct
    {
        if (v is { } x) w.Write(x, t); else w.WriteNull();
    }

    static void S(NpgsqlBinaryImporter w, string? v)
    {
        if (v is null) w.WriteNull(); else w.Write(v, NpgsqlDbType.Varchar);
    }

    public void Deal(GenDeal d)
    {
        var w = deals;
        w.StartRow();
        w.Write(d.Id, NpgsqlDbType.Bigint); S(w, d.Title); S(w, (d.Title + " " + d.ClientName).ToLowerInvariant()); S(w, d.ClientName);
        w.Write(d.Amount, NpgsqlDbType.Numeric); S(w, "RUB"); w.Write(pipelineId, NpgsqlDbType.Bigint); w.Write(d.StageId, NpgsqlDbType.Bigint);
        w.Write(d.OwnerId, NpgsqlDbType.Bigint); S(w, d.Status); S(w, d.Source); S(w, d.Segment); S(w, "{}");
        w.Write(d.CreatedAt, NpgsqlDbType.TimestampTz); w.Write(d.StageEnteredAt, NpgsqlDbType.TimestampTz); W(w, d.StageDueAt, NpgsqlDbType.TimestampTz);
        W(w, d.ClosedAt, NpgsqlDbType.TimestampTz); W(w, d.LossReasonId, NpgsqlDbType.Bigint); S(w, d.LossComment); W(w, d.LostAtStageId, NpgsqlDbType.Bigint);
        w.Write(1, NpgsqlDbType.Integer);
    }

    public void Visit(in GenVisit v)
    {
        var w = visits;
        w.StartRow();
        w.Write(v.Id, NpgsqlDbType.Bigint); w.Write(v.DealId, NpgsqlDbType.Bigint); w.Write(pipelineId, NpgsqlDbType.Bigint); w.Write(v.StageId, NpgsqlDbType.Bigint);
        w.Write(v.ExecutorId, NpgsqlDbType.Bigint); w.Write(v.EnteredAt, NpgsqlDbType.TimestampTz); W(w, v.ExitedAt, NpgsqlDbType.TimestampTz);
        W(w, v.Hours, NpgsqlDbType.Double); S(w, v.Outcome); w.Write(v.IsFirstEntry, NpgsqlDbType.Boolean); w.Write(v.Advanced, NpgsqlDbType.Boolean);
    }

    public async Task CompleteAsync()
    {
        await deals.CompleteAsync();
        await visits.CompleteAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await deals.DisposeAsync(); await visits.DisposeAsync();
        await dc.DisposeAsync(); await vc.DisposeAsync();
    }
}
