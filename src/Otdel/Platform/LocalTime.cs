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

    /// <summary>
    /// A moment typed by a reader, as UTC: one given with an offset (or Z) as it is; one without, on the reader's wall
    /// clock (<paramref name="zone"/>). Null, with the field refused, for a moment the zone skips (<paramref name="badKey"/>)
    /// or one outside the sane range. Tasks' due moments and activities' times use it.
    /// </summary>
    public static DateTime? ToUtc(DateTime value, TimeZoneInfo zone, string field, Errors errors, string badKey)
    {
        DateTime utc;
        try
        {
            utc = value.Kind switch
            {
                DateTimeKind.Utc => value,
                DateTimeKind.Local => value.ToUniversalTime(),
                _ => TimeZoneInfo.ConvertTimeToUtc(value, zone),
            };
        }
        catch (ArgumentException)
        {
            errors.Add(field, badKey);
            return null;
        }
        if (!Inputs.IsSaneDate(DateOnly.FromDateTime(utc)))
        {
            errors.Date(field, DateOnly.FromDateTime(utc));
            return null;
        }
        return utc;
    }
}
