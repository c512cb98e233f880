using Microsoft.EntityFrameworkCore;
using Npgsql;
using Otdel.Data;

namespace Otdel.Features.Notifications;

/// <summary>
/// On PostgreSQL: one dedicated connection per instance LISTENs to <see cref="LiveSave.Channel"/> and hands what any
/// instance's saves announce to this instance's open pages — a notification re-read by its id (only for people with a
/// page open here), a topic event as it came. A lost connection is reopened with growing pauses (1 s … 30 s); then the
/// notifications stored meanwhile for the people with a page open here are pushed, so a blip loses no toast.
/// On SQLite it does nothing: saves hand their events to the hub directly.
/// </summary>
public sealed class LiveListener(DbSettings settings, NotificationHub hub, IServiceScopeFactory scopes, ILogger<LiveListener> log) : BackgroundService
{
    NpgsqlConnection? connection;
    long lastSeen;
    readonly List<string> heard = [];
    /// <summary>Pushed by the last catch-up: their NOTIFY may still arrive, and must not push them twice.</summary>
    HashSet<long> caughtUp = [];

    /// <summary>Times a connection was opened and listening (tests watch it reconnect).</summary>
    public int Connections { get; private set; }

    public override async Task StartAsync(CancellationToken ct)
    {
        // Listen before the app takes requests, so a page connected right after start hears the next save.
        if (settings.IsPostgres)
        {
            try { await ConnectAsync(ct); }
            catch (Exception e) when (e is NpgsqlException or TimeoutException) { log.LogWarning(e, "Live listener: no connection yet, retrying"); }
        }
        await base.StartAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!settings.IsPostgres) return;
        var pause = TimeSpan.FromSeconds(1);
        var lost = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (connection is null)
                {
                    await ConnectAsync(stoppingToken);
                    if (lost) await CatchUpAsync(stoppingToken);
                    lost = false;
                    pause = TimeSpan.FromSeconds(1);
                }
                await connection!.WaitAsync(stoppingToken);
                await HandOnAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { break; }
            catch (Exception e)
            {
                log.LogWarning("Live listener: connection lost ({Error}), reconnecting in {Pause}", e.Message, pause);
                await DropAsync();
                lost = true;
                try { await Task.Delay(pause, stoppingToken); } catch (OperationCanceledException) { break; }
                pause = TimeSpan.FromSeconds(Math.Min(30, pause.TotalSeconds * 2));
            }
        }
        await DropAsync();
    }

    async Task ConnectAsync(CancellationToken ct)
    {
        // Its own physical connection, outside the pool; keep-alives let a silently dropped one be noticed while waiting.
        var cs = new NpgsqlConnectionStringBuilder(settings.ConnectionString) { Pooling = false, KeepAlive = 15, ApplicationName = "otdel-live" };
        var conn = new NpgsqlConnection(cs.ConnectionString);
        try
        {
            await conn.OpenAsync(ct);
            conn.Notification += (_, e) => { lock (heard) heard.Add(e.Payload); };
            await using (var cmd = new NpgsqlCommand($"LISTEN {LiveSave.Channel}", conn)) await cmd.ExecuteNonQueryAsync(ct);
            if (lastSeen == 0)
                await using (var max = new NpgsqlCommand("SELECT coalesce(max(id), 0) FROM notifications", conn))
                    lastSeen = Convert.ToInt64(await max.ExecuteScalarAsync(ct));
        }
        catch
        {
            await conn.DisposeAsync();
            throw;
        }
        connection = conn;
        Connections++;
    }

    async Task DropAsync()
    {
        if (connection is null) return;
        try { await connection.DisposeAsync(); } catch (Exception e) when (e is NpgsqlException or IOException) { }
        connection = null;
    }

    async Task HandOnAsync(CancellationToken ct)
    {
        List<string> payloads;
        lock (heard)
        {
            payloads = [.. heard];
            heard.Clear();
        }
        var wanted = new List<long>();
        foreach (var wire in payloads.Select(LiveSave.Read).OfType<LiveSave.Wire>())
        {
            foreach (var t in wire.T ?? [])
                if (t.Length == 3) hub.Broadcast(t[0], new LiveEvent(t[1], t[2]));
            foreach (var n in wire.N ?? [])
            {
                if (n.Length != 2) continue;
                lastSeen = Math.Max(lastSeen, n[0]);
                if (hub.Follows(n[1]) && !caughtUp.Contains(n[0])) wanted.Add(n[0]);
            }
        }
        if (wanted.Count > 0) await PushAsync(q => q.Where(n => wanted.Contains(n.Id)), ct);
    }

    /// <summary>After a reconnect: what was stored while nobody listened, for the people with a page open here.</summary>
    async Task CatchUpAsync(CancellationToken ct)
    {
        var people = hub.Followed();
        var since = lastSeen;
        caughtUp = people.Count == 0 ? []
            : (await PushAsync(q => q.Where(n => n.Id > since && people.Contains(n.UserId) && n.ReadAt == null), ct)).ToHashSet();
    }

    async Task<IEnumerable<long>> PushAsync(Func<IQueryable<Notification>, IQueryable<Notification>> which, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OtdelDb>();
        var found = await which(db.Notifications.AsNoTracking()).OrderBy(n => n.Id).Take(500).ToListAsync(ct);
        foreach (var n in found)
        {
            lastSeen = Math.Max(lastSeen, n.Id);
            hub.Publish(n.UserId, LiveSave.View(n));
        }
        return found.Select(n => n.Id);
    }
}
