using Otdel.Data;

namespace Otdel.Features.Notifications;

/// <summary>
/// Stages notifications in the caller's unit of work: they are saved with the business change that caused them
/// and pushed to open pages only after that save succeeded.
/// </summary>
public sealed class Notifier
{
    readonly OtdelDb db;
    readonly NotificationHub hub;
    readonly List<Notification> pending = [];

    public Notifier(OtdelDb db, NotificationHub hub)
    {
        this.db = db;
        this.hub = hub;
        db.SavedChanges += (_, _) => Flush();
    }

    public void Notify(long userId, string kind, string text, string? link = null)
    {
        var n = new Notification { UserId = userId, Kind = kind, Text = text, Link = link, CreatedAt = db.UtcNow };
        db.Notifications.Add(n);
        pending.Add(n);
    }

    void Flush()
    {
        foreach (var n in pending.Where(n => n.Id != 0).ToList())
        {
            hub.Publish(n.UserId, new NotificationView(n.Id, n.Kind, n.Text, n.Link, n.CreatedAt, null));
            pending.Remove(n);
        }
    }
}
