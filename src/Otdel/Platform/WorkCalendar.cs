namespace Otdel.Platform;

/// <summary>
/// Working time by the Russian production calendar: stage time limits count only working hours
/// (9:00–18:00 Europe/Moscow by default, settings Otdel:WorkDayStart/WorkDayEnd/TimeZone).
/// Years with an explicit table below follow the government's decree (holidays and transfers);
/// other years follow the Labour Code rule (a holiday on a weekend moves to the next working day).
/// Shortened pre-holiday days are not modelled: a day is either working or not.
/// </summary>
public sealed class WorkCalendar
{
    readonly TimeZoneInfo zone;
    readonly int dayStart, dayEnd;

    public WorkCalendar(IConfiguration? config = null)
    {
        zone = TimeZoneInfo.FindSystemTimeZoneById(config?["Otdel:TimeZone"] ?? "Europe/Moscow");
        dayStart = int.TryParse(config?["Otdel:WorkDayStart"], out var s) ? s : 9;
        dayEnd = int.TryParse(config?["Otdel:WorkDayEnd"], out var e) ? e : 18;
        if (dayStart < 0 || dayEnd > 24 || dayEnd <= dayStart) throw new InvalidOperationException("Otdel:WorkDayStart/WorkDayEnd must satisfy 0 <= start < end <= 24.");
    }

    public double HoursPerDay => dayEnd - dayStart;
    public TimeZoneInfo Zone => zone;

    /// <summary>A moment as people of the department read it: дд.мм.гггг чч:мм in the department's time zone, never UTC.</summary>
    public string Show(DateTime utc) => Show(utc, zone);

    public static string Show(DateTime utc, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone).ToString("dd.MM.yyyy HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    // Decrees of the Government of the Russian Federation on the transfer of days off.
    static readonly Dictionary<int, (DateOnly[] Off, DateOnly[] Working)> Decrees = new()
    {
        [2025] = (Days(2025, (1, 1), (1, 2), (1, 3), (1, 6), (1, 7), (1, 8), (5, 1), (5, 2), (5, 8), (5, 9), (6, 12), (6, 13), (11, 3), (11, 4), (12, 31)),
                  Days(2025, (11, 1))),
        [2026] = (Days(2026, (1, 1), (1, 2), (1, 5), (1, 6), (1, 7), (1, 8), (1, 9), (2, 23), (3, 9), (5, 1), (5, 11), (6, 12), (11, 4), (12, 31)),
                  []),
    };

    static readonly (int M, int D)[] Holidays = [(1, 1), (1, 2), (1, 3), (1, 4), (1, 5), (1, 6), (1, 7), (1, 8), (2, 23), (3, 8), (5, 1), (5, 9), (6, 12), (11, 4)];

    readonly Dictionary<int, HashSet<DateOnly>> offByYear = [];
    readonly Dictionary<int, HashSet<DateOnly>> workingByYear = [];
    readonly Lock sync = new();

    public bool IsWorkingDay(DateOnly day)
    {
        var (off, working) = Year(day.Year);
        if (working.Contains(day)) return true;
        if (off.Contains(day)) return false;
        return day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
    }

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

    (HashSet<DateOnly> Off, HashSet<DateOnly> Working) Year(int year)
    {
        lock (sync)
        {
            if (offByYear.TryGetValue(year, out var off)) return (off, workingByYear[year]);
            HashSet<DateOnly> working;
            if (Decrees.TryGetValue(year, out var decree))
            {
                off = [.. decree.Off];
                working = [.. decree.Working];
                // The decree lists the moved and weekday days off; holidays that fall on weekends are off anyway.
                foreach (var (m, d) in Holidays) off.Add(new DateOnly(year, m, d));
            }
            else (off, working) = ByLabourCode(year);
            offByYear[year] = off;
            workingByYear[year] = working;
            return (off, working);
        }
    }

    /// <summary>Article 112: a holiday on a weekend moves to the next working day (except the New Year holidays).</summary>
    static (HashSet<DateOnly>, HashSet<DateOnly>) ByLabourCode(int year)
    {
        var off = Holidays.Select(h => new DateOnly(year, h.M, h.D)).ToHashSet();
        foreach (var (m, d) in Holidays.Where(h => h.M != 1))
        {
            var day = new DateOnly(year, m, d);
            if (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)) continue;
            var next = day.AddDays(1);
            while (next.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday || off.Contains(next)) next = next.AddDays(1);
            off.Add(next);
        }
        return (off, []);
    }

    static DateOnly[] Days(int year, params (int M, int D)[] days) => days.Select(d => new DateOnly(year, d.M, d.D)).ToArray();
}
