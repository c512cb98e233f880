using Otdel.Data;

namespace Otdel.Features.Notifications;

/// <summary>
/// Stages notifications in the caller's unit of work: they are saved with the business change that caused them
/// and pushed to open pages only after that save committed (<see cref="LiveSave"/>).
/// </summary>
public sealed class Notifier(OtdelDb db)
{
    public void Notify(long userId, string kind, string text, string? link = null) =>
        db.Notifications.Add(new Notification { UserId = userId, Kind = kind, Text = text, Link = link, CreatedAt = db.UtcNow });
}
