using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Features.Plans;
using Otdel.Platform;

namespace Otdel.Features.Reports;

/// <summary>
/// Working minutes by one department's calendar: its production calendar and time zone (<see cref="Calendars"/>; the
/// company's when it keeps none) and the company's working hours (Otdel:WorkDayStart/WorkDayEnd, 9–18 by default, as
/// <see cref="WorkCalendar"/>). Pure: no database, no clock.
/// </summary>
public sealed class ResponseClock(ProductionCalendar days, TimeZoneInfo zone, int dayStart, int dayEnd)
{
    /// <summary>Working minutes between two moments (0 when the second is not later).</summary>
    public double MinutesBetween(DateTime fromUtc, DateTime toUtc)
    {
        if (toUtc <= fromUtc) return 0;
        var from = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(fromUtc, DateTimeKind.Utc), zone);
        var to = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(toUtc, DateTimeKind.Utc), zone);
        double total = 0;
        for (var date = from.Date; date <= to.Date; date = date.AddDays(1))
        {
            if (!days.IsWorkingDay(DateOnly.FromDateTime(date))) continue;
            var open = date.AddHours(dayStart) > from ? date.AddHours(dayStart) : from;
            var close = date.AddHours(dayEnd) < to ? date.AddHours(dayEnd) : to;
            if (close > open) total += (close - open).TotalMinutes;
        }
        return total;
    }
}

/// <summary>
/// Each department's response target and working clock, read once per use (a report or a watcher pass) and kept for it.
/// The default target is Otdel:ResponseTargetMinutes (15 minutes unless set).
/// </summary>
public sealed class ResponseTargets(OtdelDb db, Calendars calendars, IConfiguration config)
{
    public const int MinMinutes = 1;
    public const int MaxMinutes = 7 * 24 * 60;
    readonly Dictionary<long, (int, ResponseClock)> known = [];

    public int DefaultMinutes => Math.Clamp(config.GetValue("Otdel:ResponseTargetMinutes", 15), MinMinutes, MaxMinutes);

    public async Task<(int Minutes, ResponseClock Clock)> OfAsync(long? departmentId, CancellationToken ct = default)
    {
        var key = departmentId ?? 0;
        if (known.TryGetValue(key, out var k)) return k;
        var own = departmentId is null ? null
            : await db.Set<ResponseTarget>().AsNoTracking().Where(x => x.DepartmentId == departmentId).Select(x => (int?)x.Minutes).FirstOrDefaultAsync(ct);
        var (days, zone) = await calendars.ForDepartmentAsync(departmentId, ct);
        var clock = new ResponseClock(days, zone, config.GetValue("Otdel:WorkDayStart", 9), config.GetValue("Otdel:WorkDayEnd", 18));
        return known[key] = (own ?? DefaultMinutes, clock);
    }

    /// <summary>
    /// A lead's response time — THE measure every report uses: working minutes from arrival to first contact (or to now,
    /// while it waits) by the clock of its owner's department.
    /// </summary>
    public async Task<double> ResponseMinutesAsync(long? ownerDepartmentId, DateTime arrivedUtc, DateTime contactedUtc, CancellationToken ct = default)
    {
        var (_, clock) = await OfAsync(ownerDepartmentId, ct);
        return clock.MinutesBetween(arrivedUtc, contactedUtc);
    }
}
