namespace Otdel.Features.Notifications;

public static class NotificationsModule
{
    public static IServiceCollection AddNotifications(this IServiceCollection s) => s;

    public static void MapNotificationsApi(this RouteGroupBuilder api, WebApplication app) { }
}
