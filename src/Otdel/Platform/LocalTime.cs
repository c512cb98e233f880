namespace Otdel.Platform;

/// <summary>
/// The time zone the person at the keyboard reads times in: their own (set on their profile), otherwise the
/// department's working calendar zone. Working-time arithmetic (stage limits) stays in the calendar's zone; this is for
/// showing moments. One per request.
/// </summary>
public sealed class LocalTime(Access access, WorkCalendar calendar)
{
    TimeZoneInfo? zone;

    public TimeZoneInfo Zone => zone ??= access.User?.TimeZone is { Length: > 0 } id && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var own)
        ? own : calendar.Zone;

    /// <summary>дд.мм.гггг чч:мм in the reader's zone.</summary>
    public string Show(DateTime utc) => WorkCalendar.Show(utc, Zone);

    /// <summary>Now, on the reader's wall clock.</summary>
    public DateTime Now(TimeProvider clock) => TimeZoneInfo.ConvertTimeFromUtc(clock.GetUtcNow().UtcDateTime, Zone);

    /// <summary>The zones offered on a person's profile: Russia's, west to east (IANA ids).</summary>
    public static readonly string[] Russian =
    [
        "Europe/Kaliningrad", "Europe/Moscow", "Europe/Samara", "Asia/Yekaterinburg", "Asia/Omsk", "Asia/Novosibirsk",
        "Asia/Krasnoyarsk", "Asia/Irkutsk", "Asia/Yakutsk", "Asia/Vladivostok", "Asia/Magadan", "Asia/Kamchatka",
    ];
}
