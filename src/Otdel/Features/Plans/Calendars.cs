using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Platform;

namespace Otdel.Features.Plans;

public sealed record CalendarDayInput(string? Calendar, DateOnly? Date, string? Kind, string? Reason);
public sealed record CalendarDayView(string Calendar, DateOnly Date, string Kind, bool Edited, string? Reason);
public sealed record CalendarMonthView(int Month, int WorkingDays, int Hours);
public sealed record CalendarYearView(string Calendar, int Year, string Source, int WorkingDays, int Hours, List<CalendarMonthView> Months,
    List<CalendarDayView> Days);
public sealed record DepartmentCalendarInput(string? Calendar, string? TimeZone);
public sealed record DepartmentCalendarView(long DepartmentId, string Calendar, string TimeZone);

/// <summary>
/// The production calendars as the company uses them: the shipped data with people's marks on top, each department's
/// calendar and time zone, and marking a day (company-wide roles only: the calendar is the company's). A mark on the
/// calendar stage limits follow reaches <see cref="WorkCalendar"/> at once in this instance, in others at their next start.
/// </summary>
public sealed class Calendars(OtdelDb db, Access access, Errors errors, Problems problems, WorkCalendar work)
{
    public static readonly string[] Kinds = ["working", "short", "holiday", "default"];

    public async Task<ProductionCalendar> LoadAsync(string key, CancellationToken ct = default)
    {
        var marks = await db.CalendarDays.AsNoTracking().Where(d => d.Calendar == key).Select(d => new { d.Day, d.Kind }).ToListAsync(ct);
        return ProductionCalendar.Of(key).With(marks.Select(m => KeyValuePair.Create(m.Day, m.Kind)));
    }

    /// <summary>At start-up: the company calendar stage limits follow takes people's marks.</summary>
    public static async Task LoadIntoWorkCalendarAsync(IServiceProvider services, CancellationToken ct)
    {
        var work = services.GetRequiredService<WorkCalendar>();
        var db = services.GetRequiredService<OtdelDb>();
        var marks = await db.CalendarDays.AsNoTracking().Where(d => d.Calendar == work.Days.Key).Select(d => new { d.Day, d.Kind }).ToListAsync(ct);
        work.Use(ProductionCalendar.Of(work.Days.Key).With(marks.Select(m => KeyValuePair.Create(m.Day, m.Kind))));
    }

    /// <summary>A department's calendar and zone; the company's (Otdel:Calendar, Otdel:TimeZone) when it has none of its own.</summary>
    public async Task<(ProductionCalendar Calendar, TimeZoneInfo Zone)> ForDepartmentAsync(long? departmentId, CancellationToken ct = default)
    {
        var own = departmentId is null ? null : await db.DepartmentCalendars.AsNoTracking().FirstOrDefaultAsync(c => c.DepartmentId == departmentId, ct);
        var key = own?.Calendar ?? work.Days.Key;
        var zone = own is not null && TimeZoneInfo.TryFindSystemTimeZoneById(own.TimeZone, out var z) ? z : work.Zone;
        return (await LoadAsync(key, ct), zone);
    }

    public async Task<Outcome<CalendarYearView>> YearAsync(string? calendar, int? year, CancellationToken ct = default)
    {
        var key = calendar ?? work.Days.Key;
        if (!ProductionCalendar.Keys.Contains(key)) errors.Add("calendar", "Plans.Calendar.Unknown", string.Join(", ", ProductionCalendar.Keys));
        var y = year ?? DateOnly.FromDateTime(db.UtcNow).Year;
        if (y is < 1900 or > 2200) errors.Add("year", "Error.NumberRange");
        if (errors.Any) return errors.ToFailure();
        var cal = await LoadAsync(key, ct);
        var months = Enumerable.Range(1, 12).Select(m => new CalendarMonthView(m, cal.WorkingDaysIn(y, m).Count, cal.HoursIn(y, m))).ToList();
        var days = cal.SpecialDays(y).Select(kv => View(cal, kv.Key, kv.Value)).ToList();
        var reasons = await db.CalendarDays.AsNoTracking().Where(d => d.Calendar == key && d.Day >= new DateOnly(y, 1, 1) && d.Day <= new DateOnly(y, 12, 31))
            .ToDictionaryAsync(d => d.Day, d => d.Reason, ct);
        days = days.Select(d => d with { Reason = reasons.GetValueOrDefault(d.Date) }).ToList();
        return new CalendarYearView(key, y, cal.SourceOf(y), months.Sum(m => m.WorkingDays), months.Sum(m => m.Hours), months, days);
    }

    static CalendarDayView View(ProductionCalendar cal, DateOnly d, DayKind kind) =>
        new(cal.Key, d, SnakeCase.Of(kind.ToString()), cal.Edits.ContainsKey(d), null);

    /// <summary>Marks a day working, short or a holiday ("default" takes the mark off, back to the shipped data).</summary>
    public async Task<Outcome<CalendarDayView>> MarkAsync(CalendarDayInput input, CancellationToken ct = default)
    {
        if (access.Scope != Scope.All) return problems.Forbidden();
        var key = input.Calendar ?? work.Days.Key;
        if (!ProductionCalendar.Keys.Contains(key)) errors.Add("calendar", "Plans.Calendar.Unknown", string.Join(", ", ProductionCalendar.Keys));
        if (input.Date is not { } date) errors.Add("date", "Error.Required");
        else errors.Date("date", date);
        if (!Kinds.Contains(input.Kind)) errors.Add("kind", "Plans.Calendar.Kind", string.Join(", ", Kinds));
        var reason = input.Reason?.Trim();
        errors.MaxLength("reason", reason, 500);
        if (errors.Any) return errors.ToFailure();

        var row = await db.CalendarDays.FirstOrDefaultAsync(d => d.Calendar == key && d.Day == input.Date!.Value, ct);
        if (input.Kind == "default")
        {
            if (row is not null) db.CalendarDays.Remove(row);
        }
        else
        {
            row ??= db.CalendarDays.Add(new CalendarDay { Calendar = key, Day = input.Date!.Value }).Entity;
            row.Kind = Enum.Parse<DayKind>(input.Kind!, true);
            row.Reason = string.IsNullOrEmpty(reason) ? null : reason;
            row.ChangedById = access.UserId;
            row.ChangedAt = db.UtcNow;
        }
        await db.SaveChangesAsync(ct);
        var cal = await LoadAsync(key, ct);
        work.Use(cal);
        var d = input.Date!.Value;
        return View(cal, d, cal.KindOf(d)) with { Reason = input.Kind == "default" ? null : row?.Reason };
    }

    public async Task<Outcome<DepartmentCalendarView>> OfDepartmentAsync(long departmentId, CancellationToken ct = default)
    {
        if (!await db.Departments.VisibleTo(access).AnyAsync(d => d.Id == departmentId, ct)) return problems.NotFound();
        var own = await db.DepartmentCalendars.AsNoTracking().FirstOrDefaultAsync(c => c.DepartmentId == departmentId, ct);
        return new DepartmentCalendarView(departmentId, own?.Calendar ?? work.Days.Key, own?.TimeZone ?? work.Zone.Id);
    }

    /// <summary>Sets a department's calendar and time zone (those who run the department).</summary>
    public async Task<Outcome<DepartmentCalendarView>> SetDepartmentAsync(long departmentId, DepartmentCalendarInput input, CancellationToken ct = default)
    {
        if (!await db.Departments.VisibleTo(access).AnyAsync(d => d.Id == departmentId, ct)) return problems.NotFound();
        if (!access.RunsDepartment) return problems.Forbidden();
        if (!ProductionCalendar.Keys.Contains(input.Calendar)) errors.Add("calendar", "Plans.Calendar.Unknown", string.Join(", ", ProductionCalendar.Keys));
        if (string.IsNullOrWhiteSpace(input.TimeZone) || input.TimeZone.Length > 64 || !TimeZoneInfo.TryFindSystemTimeZoneById(input.TimeZone, out _))
            errors.Add("timeZone", "Plans.Calendar.Zone");
        if (errors.Any) return errors.ToFailure();
        var row = await db.DepartmentCalendars.FirstOrDefaultAsync(c => c.DepartmentId == departmentId, ct)
            ?? db.DepartmentCalendars.Add(new DepartmentCalendar { DepartmentId = departmentId, Calendar = "", TimeZone = "" }).Entity;
        row.Calendar = input.Calendar!;
        row.TimeZone = input.TimeZone!;
        await db.SaveChangesAsync(ct);
        return new DepartmentCalendarView(departmentId, row.Calendar, row.TimeZone);
    }

    public static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
