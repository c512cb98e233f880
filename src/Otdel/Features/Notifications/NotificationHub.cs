using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Otdel.Features.Notifications;

public sealed record NotificationView(long Id, string Kind, string Text, string? Link, DateTime CreatedAt, DateTime? ReadAt);

/// <summary>
/// Live delivery to open pages in this process: each server-sent-events connection subscribes for its user.
/// Several app instances would need PostgreSQL LISTEN/NOTIFY here; a notification is stored first, so a page
/// that missed the push still shows it on its next load.
/// </summary>
public sealed class NotificationHub
{
    readonly ConcurrentDictionary<long, ConcurrentDictionary<Guid, Channel<NotificationView>>> byUser = new();

    public (ChannelReader<NotificationView> Reader, IDisposable Subscription) Subscribe(long userId)
    {
        var channel = Channel.CreateBounded<NotificationView>(new BoundedChannelOptions(100) { FullMode = BoundedChannelFullMode.DropOldest });
        var id = Guid.NewGuid();
        var subs = byUser.GetOrAdd(userId, _ => new());
        subs[id] = channel;
        return (channel.Reader, new Unsubscribe(() => { subs.TryRemove(id, out _); channel.Writer.TryComplete(); }));
    }

    public void Publish(long userId, NotificationView n)
    {
        if (!byUser.TryGetValue(userId, out var subs)) return;
        foreach (var c in subs.Values) c.Writer.TryWrite(n);
    }

    sealed class Unsubscribe(Action action) : IDisposable
    {
        public void Dispose() => action();
    }
}
