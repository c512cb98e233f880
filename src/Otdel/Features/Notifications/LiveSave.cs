using System.Data.Common;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Otdel.Data;

namespace Otdel.Features.Notifications;

/// <summary>
/// What a save tells open pages once it has committed: the notifications it added and the topic events of what it
/// changed. On SQLite (one process) the hub gets them at once; on PostgreSQL they go out as NOTIFY on the saving
/// connection — after the save's own commit, or inside the caller's transaction, which PostgreSQL delivers only on its
/// commit (a rolled-back change announces nothing) — and every instance's <see cref="LiveListener"/> hands them on.
/// </summary>
public static class LiveSave
{
    public const string Channel = "otdel_live";
    /// <summary>PostgreSQL refuses payloads of 8000 bytes or more; a save announcing more sends several.</summary>
    const int MaxPayload = 7000;

    /// <summary>The notifications a save is about to add (they get their ids from it).</summary>
    public static List<Notification> Added(OtdelDb db) =>
        db.ChangeTracker.Entries<Notification>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();

    public static async Task AnnounceAsync(OtdelDb db, NotificationHub hub, List<Notification> added, List<(string Topic, LiveEvent Event)> topics,
        CancellationToken ct)
    {
        var saved = added.Where(n => n.Id != 0).ToList();
        if (saved.Count == 0 && topics.Count == 0) return;
        if (db.IsSqlite)
        {
            void Deliver()
            {
                foreach (var n in saved) hub.Publish(n.UserId, View(n));
                foreach (var (topic, e) in topics) hub.Broadcast(topic, e);
            }
            // Inside a caller's transaction: only once it commits (LiveCommits), as PostgreSQL does with NOTIFY.
            if (db.Database.CurrentTransaction is null) Deliver(); else db.AfterCommit(Deliver);
            return;
        }
        try
        {
            foreach (var payload in Payloads(saved.Select(n => new[] { n.Id, n.UserId }), topics))
                await db.Database.ExecuteSqlAsync($"SELECT pg_notify({Channel}, {payload})", ct);
        }
        catch (DbException) when (db.Database.CurrentTransaction is null)
        {
            // The change is committed and the notifications stored: pages show them on their next load.
        }
    }

    public static NotificationView View(Notification n) => new(n.Id, n.Kind, n.Text, n.Link, n.CreatedAt, n.ReadAt);

    /// <summary>Ids only ([notification id, person id]) and the topics' small events; each payload under the limit.</summary>
    public static IEnumerable<string> Payloads(IEnumerable<long[]> notifications, IEnumerable<(string Topic, LiveEvent Event)> topics)
    {
        var n = new List<long[]>();
        var t = new List<string[]>();
        var size = 0;
        foreach (var item in notifications.Select(x => (object)x).Concat(topics.Select(x => (object)new[] { x.Topic, x.Event.Name, x.Event.Data })))
        {
            var length = Encoding.UTF8.GetByteCount(JsonSerializer.Serialize(item)) + 1;
            if (size + length > MaxPayload && size > 0)
            {
                yield return JsonSerializer.Serialize(new Wire(n, t));
                n = [];
                t = [];
                size = 0;
            }
            if (item is long[] ids) n.Add(ids); else t.Add((string[])item);
            size += length;
        }
        if (size > 0) yield return JsonSerializer.Serialize(new Wire(n, t));
    }

    public static Wire? Read(string payload)
    {
        try { return JsonSerializer.Deserialize<Wire>(payload); }
        catch (JsonException) { return null; }
    }

    /// <summary>One NOTIFY's payload: n = [notification id, person id] pairs, t = [topic, event, data] triples.</summary>
    public sealed record Wire(
        [property: System.Text.Json.Serialization.JsonPropertyName("n")] List<long[]> N,
        [property: System.Text.Json.Serialization.JsonPropertyName("t")] List<string[]> T);
}

/// <summary>Runs what a context deferred to its transaction's commit (<see cref="OtdelDb.AfterCommit"/>); drops it on a rollback.</summary>
public sealed class LiveCommits : Microsoft.EntityFrameworkCore.Diagnostics.DbTransactionInterceptor
{
    public static readonly LiveCommits Instance = new();

    public override DbTransaction TransactionStarted(System.Data.Common.DbConnection connection,
        Microsoft.EntityFrameworkCore.Diagnostics.TransactionEndEventData eventData, DbTransaction result)
    {
        (eventData.Context as OtdelDb)?.TransactionEnded(committed: false);
        return result;
    }

    public override ValueTask<DbTransaction> TransactionStartedAsync(System.Data.Common.DbConnection connection,
        Microsoft.EntityFrameworkCore.Diagnostics.TransactionEndEventData eventData, DbTransaction result, CancellationToken ct = default)
    {
        (eventData.Context as OtdelDb)?.TransactionEnded(committed: false);
        return ValueTask.FromResult(result);
    }

    public override void TransactionCommitted(DbTransaction transaction, Microsoft.EntityFrameworkCore.Diagnostics.TransactionEndEventData eventData) =>
        (eventData.Context as OtdelDb)?.TransactionEnded(committed: true);

    public override Task TransactionCommittedAsync(DbTransaction transaction, Microsoft.EntityFrameworkCore.Diagnostics.TransactionEndEventData eventData,
        CancellationToken ct = default)
    {
        (eventData.Context as OtdelDb)?.TransactionEnded(committed: true);
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(DbTransaction transaction, Microsoft.EntityFrameworkCore.Diagnostics.TransactionEndEventData eventData) =>
        (eventData.Context as OtdelDb)?.TransactionEnded(committed: false);

    public override Task TransactionRolledBackAsync(DbTransaction transaction, Microsoft.EntityFrameworkCore.Diagnostics.TransactionEndEventData eventData,
        CancellationToken ct = default)
    {
        (eventData.Context as OtdelDb)?.TransactionEnded(committed: false);
        return Task.CompletedTask;
    }
}
