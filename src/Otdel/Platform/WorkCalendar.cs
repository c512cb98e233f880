namespace Otdel.Platform;

/// <summary>
/// Working time by the company's production calendar (<see cref="ProductionCalendar"/>, "ru" by default, setting
/// Otdel:Calendar): stage time limits count only working hours (9:00–18:00 Europe/Moscow by default, settings
/// Otdel:WorkDayStart/WorkDayEnd/TimeZone). Days marked on the calendar settings page count from the next limit computed.
/// A shortened pre-holiday day counts as a full one here: limits are in whole working days' hours.
/// </summary>
public sealed class WorkCalendar
{
    readonly TimeZoneInfo zone;
    readonly int dayStart, dayEnd;
    ProductionCalendar days;

    public WorkCalendar(IConfiguration? config = null)
    {
        zone = TimeZoneInfo.FindSystemTimeZoneById(config?["Otdel:TimeZone"] ?? "Europe/Moscow");
        dayStart = int.TryParse(config?["Otdel:WorkDayStart"], out var s) ? s : 9;
        dayEnd = int.TryParse(config?["Otdel:WorkDayEnd"], out var e) ? e : 18;
        if (dayStart < 0 || dayEnd > 24 || dayEnd <= dayStart) throw new InvalidOperationException("Otdel:WorkDayStart/WorkDayEnd must satisfy 0 <= start < end <= 24.");
        var key = config?["Otdel:Calendar"] ?? ProductionCalendar.Russia;
        if (!ProductionCalendar.Keys.Contains(key)) throw new InvalidOperationException($"Otdel:Calendar must be one of: {string.Join(", ", ProductionCalendar.Keys)}.");
        days = ProductionCalendar.Of(key);
    }

    public double HoursPerDay => dayEnd - dayStart;
    public TimeZoneInfo Zone => zone;

    /// <summary>A moment as people of the department read it: дд.мм.гггг чч:мм in the department's time zone, never UTC.</summary>
    public string Show(DateTime utc) => Show(utc, zone);

    public static string Show(DateTime utc, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone).ToString("dd.MM.yyyy HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The production calendar the limits follow (Otdel:Calendar, "ru" by default), with people's edits once loaded.</summary>
    public ProductionCalendar Days => Volatile.Read(ref days);

    /// <summary>Takes the calendar with people's latest edits (at start-up and after each edit of the company's calendar).</summary>
    public void Use(ProductionCalendar calendar)
    {
        if (calendar.Key != Days.Key) return;
        Volatile.Write(ref days, calendar);
    }

    public bool IsWorkingDay(DateOnly day) => Days.IsWorkingDay(day);

    public int WorkingDaysIn(int year, int month)
    {
        var n = 0;
        for (var d = new DateOnly(year, month, 1); d.Month == month; d = d.AddDays(1))
            if (IsWorkingDay(d)) n++;
        return n;
    }

    /// <summary>The moment <paramref name="hours"/> working hours after <paramref name="startUtc"/>.</summary>
    public DateTime AddWorkingHours(DateTime startUtc, double hours)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(startUtc, DateTimeKind.Utc), zone);
        var left = TimeSpan.FromHours(Math.Max(0, hours));
        for (var guard = 0; guard < 3660; guard++)
        {
            var day = DateOnly.FromDateTime(local);
            var open = local.Date.AddHours(dayStart);
            var close = local.Date.AddHours(dayEnd);
            if (!IsWorkingDay(day) || local >= close) { local = local.Date.AddDays(1).AddHours(dayStart); continue; }
            if (local < open) local = open;
            var available = close - local;
            if (left <= available) return ToUtc(local + left);
            left -= available;
            local = local.Date.AddDays(1).AddHours(dayStart);
        }
        throw new InvalidOperationException("Working time limit too far in the future.");
    }

    /// <summary>Working hours between two moments (0 if the second is earlier).</summary>
    public double WorkingHoursBetween(DateTime fromUtc, DateTime toUtc)
    {
        if (toUtc <= fromUtc) return 0;
        var from = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(fromUtc, DateTimeKind.Utc), zone);
        var to = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(toUtc, DateTimeKind.Utc), zone);
        double total = 0;
        for (var date = from.Date; date <= to.Date; date = date.AddDays(1))
        {
            if (!IsWorkingDay(DateOnly.FromDateTime(date))) continue;
            var open = Max(date.AddHours(dayStart), from);
            var close = Min(date.AddHours(dayEnd), to);
            if (close > open) total += (close - open).TotalHours;
        }
        return total;
    }

    DateTime ToUtc(DateTime local) => TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), zone);
    static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;
    static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;

}
