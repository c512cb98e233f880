using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Features.Plans;
using Otdel.Platform;

namespace Otdel.Features.Duty;

public sealed record DutyShiftView(long UserId, string UserName, DutyKind Kind, int Weekday, string From, string To);

public sealed record DutyShiftInput(long? UserId, string? Kind, int? Weekday, string? From, string? To);

/// <summary>
/// A department's week: its blocks, the zone they are read in, who is on duty right now, and whether today is a holiday of
/// the department's production calendar (then nobody is).
/// </summary>
public sealed record DutyRosterView(long DepartmentId, string TimeZone, IReadOnlyList<DutyShiftView> Shifts, IReadOnlyList<DutyShiftView> OnDutyNow,
    bool TodayIsDayOff);

public sealed record DutyRosterInput(long? DepartmentId, IReadOnlyList<DutyShiftInput?>? Shifts);

/// <summary>
/// The weekly duty roster (issue 11 item 5): read by whoever sees the department, replaced whole by its head (or a
/// company-wide role). Times are the department's wall clock (its calendar's zone); a block may end at 24:00. A holiday
/// of the department's production calendar (a public holiday, a moved day off, a day marked off) switches the week off:
/// nobody is on duty, and web-form leads go to the channel's owner. Plain Saturdays and Sundays keep their own blocks
/// (a department on duty at weekends sets them), and so does a Saturday the calendar makes a working day.
/// </summary>
public sealed class DutyRoster(OtdelDb db, Access access, Errors errors, Problems problems, References refs, Calendars calendars, TimeProvider clock)
{
    public const int MaxShifts = 500;

    public async Task<Outcome<DutyRosterView>> ReadAsync(long? departmentId, CancellationToken ct = default)
    {
        if (await DepartmentOfAsync(departmentId, ct) is not { } dep) return errors.ToFailure();
        return await ViewAsync(dep, ct);
    }

    public async Task<Outcome<DutyRosterView>> SaveAsync(DutyRosterInput input, CancellationToken ct = default)
    {
        if (await DepartmentOfAsync(input.DepartmentId, ct) is not { } dep) return errors.ToFailure();
        if (!(access.Scope == Scope.All || (access.RunsDepartment && dep == access.User?.DepartmentId))) return problems.Forbidden();
        var shifts = input.Shifts ?? [];
        if (shifts.Count > MaxShifts) return errors.Add("shifts", "Duty.TooMany", MaxShifts).ToFailure();
        var people = await db.Users.AsNoTracking().Where(u => u.DepartmentId == dep && u.IsActive).Select(u => u.Id).ToListAsync(ct);
        var rows = new List<DutyShift>();
        for (var i = 0; i < shifts.Count; i++)
        {
            var f = $"shifts[{i}].";
            if (shifts[i] is not { } s)
            {
                errors.Add($"shifts[{i}]", "Error.Required");
                continue;
            }
            if (s.UserId is not { } user) errors.Add(f + "userId", "Error.Required");
            else if (!people.Contains(user)) errors.Add(f + "userId", "Duty.NotInDepartment");
            DutyKind? kind = s.Kind switch { "inbound" => DutyKind.Inbound, "outbound" => DutyKind.Outbound, _ => null };
            if (s.Kind is null) errors.Add(f + "kind", "Error.Required");
            else if (kind is null) errors.Add(f + "kind", "Duty.BadKind");
            if (s.Weekday is not (>= 1 and <= 7)) errors.Add(f + "weekday", "Duty.BadWeekday");
            var from = Minute(s.From, f + "from");
            var to = Minute(s.To, f + "to");
            if (from is not null && to is not null && to <= from) errors.Add(f + "to", "Duty.EndBeforeStart");
            if (!errors.Any)
                rows.Add(new DutyShift
                {
                    DepartmentId = dep, UserId = s.UserId!.Value, Kind = kind!.Value, Weekday = s.Weekday!.Value,
                    StartMinute = from!.Value, EndMinute = to!.Value,
                });
        }
        if (errors.Any) return errors.ToFailure();

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Set<DutyShift>().Where(x => x.DepartmentId == dep).ExecuteDeleteAsync(ct);
        db.AddRange(rows);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await ViewAsync(dep, ct);
    }

    /// <summary>Who is on <paramref name="kind"/> duty in the department at <paramref name="utc"/>, by the department's wall clock.</summary>
    public async Task<List<long>> OnDutyAsync(long departmentId, DutyKind kind, DateTime utc, CancellationToken ct = default)
    {
        var (calendar, zone) = await calendars.ForDepartmentAsync(departmentId, ct);
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone);
        if (Rests(calendar, DateOnly.FromDateTime(local))) return [];
        var weekday = Weekday(DateOnly.FromDateTime(local));
        var minute = local.Hour * 60 + local.Minute;
        return await db.Set<DutyShift>().AsNoTracking()
            .Where(x => x.DepartmentId == departmentId && x.Kind == kind && x.Weekday == weekday && x.StartMinute <= minute && x.EndMinute > minute)
            .Join(db.Users.Where(u => u.IsActive), x => x.UserId, u => u.Id, (x, u) => u.Id).Distinct().OrderBy(id => id).ToListAsync(ct);
    }

    /// <summary>
    /// Whom an inbound lead arriving now goes to: of those on inbound duty, the one given the fewest leads since the
    /// department's midnight (the lowest id among equals), so two on duty share the flow; null when nobody is on duty.
    /// </summary>
    public async Task<long?> InboundOwnerAsync(long departmentId, DateTime utc, CancellationToken ct = default)
    {
        var onDuty = await OnDutyAsync(departmentId, DutyKind.Inbound, utc, ct);
        if (onDuty.Count <= 1) return onDuty.Count == 0 ? null : onDuty[0];
        var (_, zone) = await calendars.ForDepartmentAsync(departmentId, ct);
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone);
        var midnight = TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local.Date, DateTimeKind.Unspecified), zone);
        var given = await db.Leads.AsNoTracking().Where(l => onDuty.Contains(l.OwnerId) && l.ArrivedAt >= midnight)
            .GroupBy(l => l.OwnerId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        return onDuty.OrderBy(id => given.GetValueOrDefault(id)).ThenBy(id => id).First();
    }

    async Task<long?> DepartmentOfAsync(long? departmentId, CancellationToken ct)
    {
        if (departmentId is { } d) return await refs.DepartmentAsync(d, "departmentId", ct) is null ? null : d;
        if (access.User?.DepartmentId is { } own) return own;
        errors.Add("departmentId", "Error.Required");
        return null;
    }

    async Task<DutyRosterView> ViewAsync(long dep, CancellationToken ct)
    {
        var (calendar, zone) = await calendars.ForDepartmentAsync(dep, ct);
        var shifts = await db.Set<DutyShift>().AsNoTracking().Where(x => x.DepartmentId == dep)
            .Join(db.Users, x => x.UserId, u => u.Id, (x, u) => new { x, Name = u.FullName })
            .OrderBy(r => r.x.Weekday).ThenBy(r => r.x.StartMinute).ThenBy(r => r.x.Kind).ThenBy(r => r.Name).ToListAsync(ct);
        DutyShiftView View(DutyShift x, string name) => new(x.UserId, name, x.Kind, x.Weekday, Clock(x.StartMinute), Clock(x.EndMinute));
        var views = shifts.Select(r => View(r.x, r.Name)).ToList();
        var local = TimeZoneInfo.ConvertTimeFromUtc(clock.GetUtcNow().UtcDateTime, zone);
        var dayOff = Rests(calendar, DateOnly.FromDateTime(local));
        var weekday = Weekday(DateOnly.FromDateTime(local));
        var minute = local.Hour * 60 + local.Minute;
        var now = dayOff ? [] : shifts.Where(r => r.x.Weekday == weekday && r.x.StartMinute <= minute && r.x.EndMinute > minute)
            .Select(r => View(r.x, r.Name)).ToList();
        return new DutyRosterView(dep, zone.Id, views, now, dayOff);
    }

    /// <summary>
    /// Whether the roster rests on a day of the department's calendar: holidays and moved days off do; plain weekends do not
    /// (their own blocks, usually none, apply), nor does a Saturday made a working day.
    /// </summary>
    public static bool Rests(ProductionCalendar calendar, DateOnly day) => calendar.KindOf(day) == DayKind.Holiday;

    /// <summary>1 Monday … 7 Sunday, as the blocks name weekdays.</summary>
    public static int Weekday(DateOnly day) => day.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)day.DayOfWeek;

    /// <summary>"09:00" → 540; "24:00" is the end of the day. Anything else is named by its field.</summary>
    int? Minute(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text)) { errors.Add(field, "Error.Required"); return null; }
        var t = text.Trim();
        if (t == "24:00") return 24 * 60;
        if (TimeOnly.TryParseExact(t, ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)) return time.Hour * 60 + time.Minute;
        errors.Add(field, "Duty.BadTime");
        return null;
    }

    public static string Clock(int minute) => $"{minute / 60:00}:{minute % 60:00}";
}
