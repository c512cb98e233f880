using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Threading.Channels;

namespace Otdel.Features.Notifications;

public sealed record NotificationView(long Id, string Kind, string Text, string? Link, DateTime CreatedAt, DateTime? ReadAt);

/// <summary>One server-sent event: its name (the sse-swap a page listens to) and its data, one line.</summary>
public sealed record LiveEvent(string Name, string Data);

/// <summary>
/// The open pages of this process. Each server-sent-events connection subscribes for its person and for the topics its
/// page asked for and was allowed (e.g. "board:12", the deals of pipeline 12; see <see cref="ILiveTopics"/>): one stream
/// a tab carries both, so several open boards do not exhaust the browser's six connections a host.
/// What reaches the hub comes from a committed save (<see cref="LiveSave"/>): on SQLite (one process) straight from the
/// save; on PostgreSQL every instance — the saving one too — hears it through LISTEN/NOTIFY (<see cref="LiveListener"/>,
/// decision 0010), so a browser gets it whichever instance it is connected to, once. A notification is stored first, so a
/// page that missed the push still shows it on its next load, and a board that missed a move shows it on its next load.
/// </summary>
public sealed class NotificationHub
{
    sealed record Subscriber(Channel<LiveEvent> Channel, IReadOnlySet<string> Topics);

    readonly ConcurrentDictionary<long, ConcurrentDictionary<Guid, Subscriber>> byUser = new();

    public (ChannelReader<LiveEvent> Reader, IDisposable Subscription) Subscribe(long userId, IReadOnlySet<string>? topics = null)
    {
        var channel = Channel.CreateBounded<LiveEvent>(new BoundedChannelOptions(100) { FullMode = BoundedChannelFullMode.DropOldest });
        var id = Guid.NewGuid();
        var subs = byUser.GetOrAdd(userId, _ => new());
        subs[id] = new Subscriber(channel, topics ?? new HashSet<string>());
        return (channel.Reader, new Unsubscribe(() => { subs.TryRemove(id, out _); channel.Writer.TryComplete(); }));
    }

    /// <summary>Whether someone has a page open here for this person (a notification for nobody here is not re-read).</summary>
    public bool Follows(long userId) => byUser.TryGetValue(userId, out var subs) && !subs.IsEmpty;

    /// <summary>The people with a page open here.</summary>
    public IReadOnlyList<long> Followed() => byUser.Where(p => !p.Value.IsEmpty).Select(p => p.Key).ToList();

    public void Publish(long userId, NotificationView n)
    {
        if (!byUser.TryGetValue(userId, out var subs)) return;
        var e = new LiveEvent("notification", Toast(n));
        foreach (var s in subs.Values) s.Channel.Writer.TryWrite(e);
    }

    /// <summary>To every open page subscribed to the topic, whoever it belongs to: the page itself re-reads what it may see.</summary>
    public void Broadcast(string topic, LiveEvent e)
    {
        foreach (var subs in byUser.Values)
            foreach (var s in subs.Values)
                if (s.Topics.Contains(topic)) s.Channel.Writer.TryWrite(e);
    }

    static string Toast(NotificationView n)
    {
        var sb = new StringBuilder();
        sb.Append($"<div class=\"toast {WebUtility.HtmlEncode(n.Kind)}\" role=\"status\" data-notification=\"{n.Id}\">");
        sb.Append(WebUtility.HtmlEncode(n.Text));
        if (n.Link is { } link && link.StartsWith('/')) sb.Append($" <a href=\"{WebUtility.HtmlEncode(link)}\">→</a>");
        sb.Append("</div>");
        return sb.ToString().Replace("\n", " ");
    }

    sealed class Unsubscribe(Action action) : IDisposable
    {
        public void Dispose() => action();
    }
}

/// <summary>
/// Which live topics a page may follow. Capabilities that publish topics implement it (Deals: "board:{pipelineId}" for a
/// pipeline the caller sees); the /events stream subscribes only to the topics some implementation allows.
/// </summary>
public interface ILiveTopics
{
    Task<bool> AllowsAsync(string topic, CancellationToken ct);
}
