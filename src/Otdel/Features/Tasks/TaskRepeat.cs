using System.Text.Json;
using Otdel.Platform;

namespace Otdel.Features.Tasks;

/// <summary>
/// How a task repeats: <c>every</c> daily | weekly | monthly; <c>weekdays</c> for weekly (1 = Monday … 7 = Sunday; the due
/// day's when not sent); <c>dayOfMonth</c> for monthly (1–31, a shorter month's last day; the due day's when not sent);
/// <c>workingDaysOnly</c>: an occurrence that falls on a day off of the assignee's department's production calendar moves
/// to the next working day. Completing an occurrence sets the next one, so open repeats never pile up.
/// </summary>
public sealed record TaskRepeat(string? Every, IReadOnlyList<int>? Weekdays = null, int? DayOfMonth = null, bool WorkingDaysOnly = false)
{
    public static readonly string[] Kinds = ["daily", "weekly", "monthly"];
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static TaskRepeat? Read(string? json) => string.IsNullOrEmpty(json) ? null : JsonSerializer.Deserialize<TaskRepeat>(json, Json);

    public static string? Write(TaskRepeat? r) => r is null ? null : JsonSerializer.Serialize(r, Json);

    /// <summary>The rule checked and completed from the due day (in the zone), or null with the field refused.</summary>
    public static TaskRepeat? Checked(TaskRepeat r, DateOnly dueDay, Errors errors)
    {
        switch (r.Every?.Trim().ToLowerInvariant())
        {
            case "daily":
                return new TaskRepeat("daily", null, null, r.WorkingDaysOnly);
            case "weekly":
                var days = r.Weekdays is { Count: > 0 } w ? w.Distinct().Order().ToList() : [Iso(dueDay)];
                if (days.Any(d => d is < 1 or > 7)) { errors.Add("repeat.weekdays", "Tasks.BadWeekdays"); return null; }
                return new TaskRepeat("weekly", days, null, r.WorkingDaysOnly);
            case "monthly":
                var day = r.DayOfMonth ?? dueDay.Day;
                if (day is < 1 or > 31) { errors.Add("repeat.dayOfMonth", "Tasks.BadDayOfMonth"); return null; }
                return new TaskRepeat("monthly", null, day, r.WorkingDaysOnly);
            default:
                errors.Add("repeat.every", "Tasks.BadRepeat");
                return null;
        }
    }

    static int Iso(DateOnly d) => d.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)d.DayOfWeek;

    /// <summary>The first day after <paramref name="day"/> the rule names (before any move off a day off).</summary>
    public DateOnly After(DateOnly day)
    {
        switch (Every)
        {
            case "weekly":
                var set = Weekdays ?? [];
                for (var d = day.AddDays(1); ; d = d.AddDays(1))
                    if (set.Contains(Iso(d))) return d;
            case "monthly":
                var month = new DateOnly(day.Year, day.Month, 1);
                var here = OnDay(month);
                return here > day ? here : OnDay(month.AddMonths(1));
            default:
                return day.AddDays(1);
        }
    }

    DateOnly OnDay(DateOnly month) => month.AddDays(Math.Min(DayOfMonth ?? 1, DateTime.DaysInMonth(month.Year, month.Month)) - 1);

    /// <summary>
    /// The next occurrence's due moment: the rule's next day after the due day (moved to the next working day when asked),
    /// at the same time of day in <paramref name="zone"/>; stepped on until it is after <paramref name="now"/> — an
    /// occurrence completed late is followed by one still ahead, not by a row of overdue ones.
    /// </summary>
    public DateTime Next(DateTime dueUtc, TimeZoneInfo zone, Func<DateOnly, bool> isWorkingDay, DateTime now)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(dueUtc, zone);
        var time = TimeOnly.FromDateTime(local);
        var dueDay = DateOnly.FromDateTime(local);
        var scheduled = dueDay;
        while (true)
        {
            scheduled = After(scheduled);
            var day = scheduled;
            // A calendar with no working day ahead (never shipped) would loop: a year's search is plenty.
            if (WorkingDaysOnly)
                for (var i = 0; i < 366 && !isWorkingDay(day); i++) day = day.AddDays(1);
            if (day <= dueDay) continue;
            var wall = day.ToDateTime(time, DateTimeKind.Unspecified);
            if (zone.IsInvalidTime(wall)) wall = wall.AddHours(1);
            var utc = TimeZoneInfo.ConvertTimeToUtc(wall, zone);
            if (utc > now) return utc;
        }
    }
}
