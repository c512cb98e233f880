namespace Otdel.Features.Notifications;

/// <summary>Anchor of this capability's texts (NotificationsText.resx, NotificationsText.ru.resx): keys Notifications.*.</summary>
public sealed class NotificationsText;
