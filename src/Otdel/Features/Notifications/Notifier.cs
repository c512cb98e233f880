using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Otdel.Data;
using Otdel.Platform.Mail;
using Otdel.Resources;

namespace Otdel.Features.Notifications;

/// <summary>
/// Stages notifications in the caller's unit of work: they are saved with the business change that caused them
/// and pushed to open pages only after that save committed (<see cref="LiveSave"/>). Just before the save each person's
/// choice (<see cref="NotificationPreference"/>) applies: a kind they switched off is not stored, a kind they want by
/// e-mail is queued in the outbox of the same save (sent in the background: a slow mail server holds nobody up).
/// </summary>
public sealed class Notifier
{
    readonly OtdelDb db;
    readonly Mailer mailer;
    readonly IStringLocalizer<Text> t;
    readonly IConfiguration config;
    readonly IServer? server;
    readonly List<Notification> pending = [];

    public Notifier(OtdelDb db, Mailer mailer, IStringLocalizer<Text> t, IConfiguration config, IServer? server = null)
    {
        (this.db, this.mailer, this.t, this.config, this.server) = (db, mailer, t, config, server);
        db.BeforeSave(ApplyChoicesAsync);
    }

    public void Notify(long userId, string kind, string text, string? link = null)
    {
        var n = new Notification { UserId = userId, Kind = kind, Text = text, Link = link, CreatedAt = db.UtcNow };
        db.Notifications.Add(n);
        pending.Add(n);
    }

    async Task ApplyChoicesAsync(CancellationToken ct)
    {
        var staged = pending.Where(n => db.Entry(n).State == EntityState.Added).ToList();
        pending.Clear();
        if (staged.Count == 0) return;
        var people = staged.Select(n => n.UserId).Distinct().ToList();
        var choices = await db.Set<NotificationPreference>().AsNoTracking().Where(p => people.Contains(p.UserId))
            .ToDictionaryAsync(p => (p.UserId, p.Kind), ct);
        Dictionary<long, (string Email, string? Language)>? addresses = null;
        foreach (var n in staged)
        {
            var choice = choices.GetValueOrDefault((n.UserId, n.Kind)) ?? NotificationKinds.Default(n.UserId, n.Kind);
            if (!choice.InApp) db.Entry(n).State = EntityState.Detached;
            if (!choice.ByEmail) continue;
            addresses ??= await db.Users.AsNoTracking().Where(u => people.Contains(u.Id) && u.IsActive)
                .ToDictionaryAsync(u => u.Id, u => (u.Email, u.Language), ct);
            if (addresses.TryGetValue(n.UserId, out var to)) Mail(n, to.Email, to.Language);
        }
    }

    void Mail(Notification n, string email, string? language)
    {
        var site = Account.Pages.SiteUrl.Of(config, server).TrimEnd('/');
        var kind = DateReminders.In(t, language, "Notifications.Kind." + n.Kind);
        var link = n.Link is { } l && l.StartsWith('/') ? site + l : "";
        mailer.Queue(email, DateReminders.In(t, language, "Notifications.Mail.Subject", kind),
            DateReminders.In(t, language, "Notifications.Mail.Body", n.Text, link, site + "/notifications"));
    }
}
