using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Platform;

namespace Otdel.Features.Notifications;

public static class NotificationsModule
{
    public static IServiceCollection AddNotifications(this IServiceCollection s) =>
        s.AddSingleton<NotificationHub>().AddScoped<Notifier>()
            .AddSingleton<LiveListener>().AddHostedService(sp => sp.GetRequiredService<LiveListener>())
            .AddSingleton<DateReminders>().AddHostedService(sp => sp.GetRequiredService<DateReminders>())
            .AddScoped<SaveDateReminderDays>();

    public static void MapNotificationsApi(this RouteGroupBuilder api, WebApplication app)
    {
        var g = api.MapGroup("/notifications").WithTags("Notifications");
        g.MapGet("/", async (bool? unread, OtdelDb db, Access access, CancellationToken ct) =>
            await db.Notifications.AsNoTracking().Where(n => n.UserId == access.UserId && (unread != true || n.ReadAt == null))
                .OrderByDescending(n => n.Id).Take(100)
                .Select(n => new NotificationView(n.Id, n.Kind, n.Text, n.Link, n.CreatedAt, n.ReadAt)).ToListAsync(ct));
        // The caller's own choice of which notifications to receive in the app and which also by e-mail.
        g.MapGet("/preferences", (OtdelDb db, Access access, CancellationToken ct) => NotificationPreferences.ReadAsync(db, access.UserId, ct));
        g.MapPut("/preferences", (PreferencesInput input, OtdelDb db, Access access, CancellationToken ct) =>
            NotificationPreferences.SaveAsync(db, access.UserId, input, ct));
        // How many days ahead a department hears of clients' birthdays and important dates (heads set it).
        g.MapGet("/date-reminders", async (long? departmentId, SaveDateReminderDays days, CancellationToken ct) =>
            (await days.ReadAsync(departmentId, ct)).ToResult(Results.Ok)).Produces<DateReminderDaysView>();
        g.MapPut("/date-reminders", async (DateReminderDaysInput input, SaveDateReminderDays days, CancellationToken ct) =>
            (await days.SaveAsync(input, ct)).ToResult(Results.Ok)).Produces<DateReminderDaysView>();
        g.MapPost("/{id:long}/read", async (long id, OtdelDb db, Access access, CancellationToken ct) =>
        {
            var mine = db.Notifications.VisibleTo(access).Where(n => n.Id == id);
            if (await mine.Where(n => n.ReadAt == null).ExecuteUpdateAsync(s => s.SetProperty(x => x.ReadAt, db.UtcNow), ct) == 0
                && !await mine.AnyAsync(ct))
                return Results.Problem(statusCode: 404); // someone else's, or none: the same answer
            return Results.NoContent();
        });
        g.MapPost("/read-all", async (OtdelDb db, Access access, CancellationToken ct) =>
        {
            await db.Notifications.Where(n => n.UserId == access.UserId && n.ReadAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.ReadAt, db.UtcNow), ct);
            return Results.NoContent();
        });

        // The layout's bell: the unread count as a fragment, and the live stream of new notifications.
        app.MapGet("/notifications/count", async (OtdelDb db, Access access, CancellationToken ct) =>
        {
            var count = await db.Notifications.CountAsync(n => n.UserId == access.UserId && n.ReadAt == null, ct);
            return Results.Content(count == 0 ? "" : count > 99 ? "99+" : count.ToString(), "text/html; charset=utf-8");
        }).RequireAuthorization().ExcludeFromDescription();
        app.MapGet("/events", Stream).RequireAuthorization().ExcludeFromDescription();
    }

    /// <summary>
    /// Server-sent events: each notification arrives as an HTML toast that htmx's sse extension swaps in; a page may also
    /// ask for topics (?topic=board:12), each allowed by the capability that publishes it, or silently left out.
    /// </summary>
    static async Task Stream(HttpContext ctx, NotificationHub hub, Access access, IEnumerable<ILiveTopics> topicRules, IHostApplicationLifetime life)
    {
        var topics = new HashSet<string>(StringComparer.Ordinal);
        foreach (var topic in ctx.Request.Query["topic"].Take(4))
        {
            if (string.IsNullOrEmpty(topic) || topic.Length > 64) continue;
            foreach (var rule in topicRules)
                if (await rule.AllowsAsync(topic, ctx.RequestAborted)) { topics.Add(topic); break; }
        }
        ctx.Response.ContentType = "text/event-stream";
        ctx.Response.Headers.CacheControl = "no-cache";
        ctx.Response.Headers["X-Accel-Buffering"] = "no";
        var (reader, subscription) = hub.Subscribe(access.UserId, topics);
        using var _ = subscription;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted, life.ApplicationStopping);
        await ctx.Response.WriteAsync(": connected\n\n", cts.Token);
        await ctx.Response.Body.FlushAsync(cts.Token);
        try
        {
            while (!cts.IsCancellationRequested)
            {
                using var beat = CancellationTokenSource.CreateLinkedTokenSource(cts.Token);
                beat.CancelAfter(TimeSpan.FromSeconds(20));
                try
                {
                    var e = await reader.ReadAsync(beat.Token);
                    await ctx.Response.WriteAsync($"event: {e.Name}\ndata: {e.Data}\n\n", cts.Token);
                }
                catch (OperationCanceledException) when (!cts.IsCancellationRequested)
                {
                    await ctx.Response.WriteAsync(": keep-alive\n\n", cts.Token);
                }
                await ctx.Response.Body.FlushAsync(cts.Token);
            }
        }
        catch (OperationCanceledException) { }
        catch (System.Threading.Channels.ChannelClosedException) { }
    }
}
