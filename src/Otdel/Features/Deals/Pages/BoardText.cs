using System.Globalization;
using Otdel.Platform;
using Microsoft.Extensions.Localization;
using Otdel.Resources;

namespace Otdel.Features.Deals.Pages;

/// <summary>How the board and the deal page put times and money into words.</summary>
public static class BoardText
{
    /// <summary>"5 ч" under a day, "3 дн" after: short, so a card stays one line.</summary>
    public static string Span(IStringLocalizer<Text> t, TimeSpan span) =>
        span.TotalHours < 1 ? t["Board.UnderHour"] : span.TotalHours < 24 ? t["Board.Hours", (int)span.TotalHours] : t["Board.Days", (int)span.TotalDays];

    /// <summary>A file's size as a person reads it: "12 КБ", "3,4 МБ".</summary>
    public static string Size(IStringLocalizer<Text> t, long bytes) =>
        bytes < 1024 * 1024 ? t["Common.SizeKb", Math.Max(1, bytes / 1024)] : t["Common.SizeMb", (bytes / 1024.0 / 1024.0).ToString("0.#", CultureInfo.CurrentCulture)];

    /// <summary>An absolute time in the department's zone, for hovers and the history.</summary>
    public static string Date(DateTime utc, TimeZoneInfo zone) => WorkCalendar.Show(utc, zone);

    /// <summary>Colour of an owner's avatar, stable per person, so a head scans a column by who holds what.</summary>
    public static string AvatarHue(long ownerId) => ((ownerId * 47) % 360).ToString(CultureInfo.InvariantCulture);
}
