using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Features.Duty;
using Otdel.Features.Plans;
using Otdel.Platform;

namespace Otdel.Features.Activities;

/// <summary>How many of each kind: calls in and out, meetings, e-mails, messages, proposals, notes, tasks done.</summary>
public sealed record WorkingDayCounts(int CallsIn, int CallsOut, int Meetings, int Emails, int Messages, int Proposals, int Notes, int TasksDone);

/// <summary>
/// One kind's count and time. <see cref="Seconds"/> is the time recorded on the rows (a call's or a meeting's length);
/// <see cref="DefaultSeconds"/> the time given by the rule to meetings with no length (<see cref="WorkingDayReport.MeetingDefaultMinutes"/>);
/// <see cref="Untimed"/> the rows counted with no time at all (a call with no length, every e-mail, message, proposal,
/// note and task done). <see cref="Time"/> says which: recorded, recorded_or_default, none.
/// </summary>
public sealed record WorkingDayKind(string Kind, string Time, int Count, int Seconds, int DefaultSeconds, int Untimed);

/// <summary>
/// One hour of the working day (<see cref="From"/>–<see cref="To"/> on the department's clock; the first and last slots
/// gather the hours before and after it), summed over the period's days: what happened then, its time (recorded and by
/// default, at the hour the thing began), and the minutes the person was on inbound and outbound duty in it.
/// </summary>
public sealed record WorkingDayHour(int From, int To, WorkingDayCounts Counts, int Seconds, int InboundMinutes, int OutboundMinutes);

/// <summary>A person's block of the weekly roster (1 Monday … 7 Sunday), on their department's clock.</summary>
public sealed record WorkingDayDuty(int Weekday, string Kind, string From, string To);

/// <summary>
/// One person's map: their kinds with count and time, the hours of the day, their roster's blocks beside and the
/// period's holidays (when the roster rests), all on their department's clock.
/// </summary>
public sealed record WorkingDayPerson(long UserId, string Name, long? TeamId, string TimeZone, WorkingDayCounts Counts, IReadOnlyList<WorkingDayKind> Kinds,
    int Seconds, int DefaultSeconds, IReadOnlyList<WorkingDayHour> Hours, IReadOnlyList<WorkingDayDuty> Duty, IReadOnlyList<DateOnly> DaysOff);

public sealed record WorkingDayResult(DateOnly From, DateOnly To, int DayStart, int DayEnd, int MeetingDefaultMinutes, IReadOnlyList<WorkingDayPerson> People);

/// <summary>
/// The department's working-day map (issue 11 item 5): per person, per kind of activity, how many and how much time, and
/// per hour of the working day which kinds happened when, beside the person's duty blocks. Among the people the caller sees
/// (the one visibility rule: a seller, themself; a head, their people), narrowed to a team or a person. Each person's days
/// and hours are their department's (its calendar's zone). Time is never made up silently: calls count their recorded
/// length; meetings theirs, or <see cref="MeetingDefaultMinutes"/> when none was recorded (shown apart as "by default");
/// e-mails, messages, proposals, notes and tasks done carry no time in the model and count without it.
/// </summary>
public sealed class WorkingDayReport(OtdelDb db, Access access, Calendars calendars)
{
    public const int DayStart = 8, DayEnd = 20, MeetingDefaultMinutes = 60;

    /// <summary>The kinds in the order the map shows them, with where their time comes from.</summary>
    public static readonly (string Kind, string Time)[] Kinds =
    [
        ("call_in", "recorded"), ("call_out", "recorded"), ("meeting", "recorded_or_default"), ("email", "none"), ("message", "none"),
        ("proposal", "none"), ("note", "none"), ("task_done", "none"),
    ];

    /// <summary>The slots of the map: before the day, each hour of it, after it.</summary>
    public static IEnumerable<(int From, int To)> Slots() =>
        [(0, DayStart), .. Enumerable.Range(DayStart, DayEnd - DayStart).Select(h => (h, h + 1)), (DayEnd, 24)];

    static int SlotOf(int hour) => hour < DayStart ? 0 : hour >= DayEnd ? DayEnd - DayStart + 1 : hour - DayStart + 1;

    /// <summary>One thing counted: who, its kind's index in <see cref="Kinds"/>, the local hour, its time and how it was taken.</summary>
    sealed record Thing(int Kind, int Hour, int Seconds, int DefaultSeconds, bool Untimed);

    public async Task<WorkingDayResult> RunAsync(DateOnly from, DateOnly to, long? teamId, long? userId, CancellationToken ct)
    {
        var q = db.Users.AsNoTracking().Where(u => u.IsActive);
        if (access.VisibleUserIds is { } visible)
        {
            var ids = visible.ToList();
            q = q.Where(u => ids.Contains(u.Id));
        }
        if (teamId is { } tid) q = q.Where(u => u.TeamId == tid);
        if (userId is { } uid) q = q.Where(u => u.Id == uid);
        var people = await q.Select(u => new { u.Id, u.FullName, u.TeamId, u.DepartmentId }).ToListAsync(ct);

        var clocks = new Dictionary<long, (ProductionCalendar Calendar, TimeZoneInfo Zone)>();
        foreach (var dep in people.Select(p => p.DepartmentId ?? 0).Distinct())
            clocks[dep] = await calendars.ForDepartmentAsync(dep == 0 ? null : dep, ct);
        (DateTime From, DateTime To) Window(TimeZoneInfo zone) =>
            (TimeZoneInfo.ConvertTimeToUtc(from.ToDateTime(TimeOnly.MinValue), zone),
             TimeZoneInfo.ConvertTimeToUtc(to.AddDays(1).ToDateTime(TimeOnly.MinValue), zone));
        var windows = clocks.Values.Select(c => Window(c.Zone)).ToList();
        var (lo, hi) = windows.Count == 0 ? (DateTime.MinValue, DateTime.MinValue) : (windows.Min(w => w.From), windows.Max(w => w.To));

        var ids2 = people.Select(p => p.Id).ToList();
        var acts = await db.Activities.AsNoTracking().Where(a => a.At >= lo && a.At < hi && ids2.Contains(a.AuthorId))
            .Select(a => new { a.AuthorId, a.At, a.Kind, a.Direction, a.DurationSeconds }).ToListAsync(ct);
        var done = await db.Tasks.AsNoTracking().Where(x => x.DoneAt >= lo && x.DoneAt < hi && ids2.Contains(x.AssigneeId))
            .Select(x => new { x.AssigneeId, DoneAt = x.DoneAt!.Value }).ToListAsync(ct);
        var shifts = await db.Set<DutyShift>().AsNoTracking().Where(s => ids2.Contains(s.UserId)).ToListAsync(ct);
        var actsBy = acts.ToLookup(a => a.AuthorId);
        var doneBy = done.ToLookup(d => d.AssigneeId);
        var shiftsBy = shifts.ToLookup(s => s.UserId);

        var list = new List<WorkingDayPerson>();
        foreach (var p in people.OrderBy(p => p.FullName, StringComparer.CurrentCulture).ThenBy(p => p.Id))
        {
            var (calendar, zone) = clocks[p.DepartmentId ?? 0];
            var (f, t) = Window(zone);
            int Hour(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone).Hour;
            var things = actsBy[p.Id].Where(a => a.At >= f && a.At < t).Select(a => Weigh(a.Kind, a.Direction, a.DurationSeconds, Hour(a.At)))
                .Concat(doneBy[p.Id].Where(d => d.DoneAt >= f && d.DoneAt < t).Select(d => new Thing(7, Hour(d.DoneAt), 0, 0, true)))
                .ToList();
            var blocks = shiftsBy[p.Id].Where(s => s.DepartmentId == p.DepartmentId).OrderBy(s => s.Weekday).ThenBy(s => s.StartMinute).ToList();
            list.Add(Person(p.Id, p.FullName, p.TeamId, zone, calendar, things, blocks, from, to));
        }
        return new WorkingDayResult(from, to, DayStart, DayEnd, MeetingDefaultMinutes, list);
    }

    static Thing Weigh(ActivityKind kind, ActivityDirection? direction, int? seconds, int hour) => kind switch
    {
        ActivityKind.Call => new(direction == ActivityDirection.In ? 0 : 1, hour, seconds ?? 0, 0, seconds is null),
        ActivityKind.Meeting => new(2, hour, seconds ?? 0, seconds is null ? MeetingDefaultMinutes * 60 : 0, false),
        ActivityKind.Email => new(3, hour, 0, 0, true),
        ActivityKind.Message => new(4, hour, 0, 0, true),
        ActivityKind.Proposal => new(5, hour, 0, 0, true),
        _ => new(6, hour, 0, 0, true),
    };

    static WorkingDayPerson Person(long id, string name, long? teamId, TimeZoneInfo zone, ProductionCalendar calendar, List<Thing> things,
        List<DutyShift> blocks, DateOnly from, DateOnly to)
    {
        var kinds = Kinds.Select((k, i) =>
        {
            var of = things.Where(x => x.Kind == i).ToList();
            return new WorkingDayKind(k.Kind, k.Time, of.Count, of.Sum(x => x.Seconds), of.Sum(x => x.DefaultSeconds), of.Count(x => x.Untimed));
        }).ToList();

        // Duty minutes per slot, over the period's days the roster does not rest on; blocks that overlap count once.
        var slots = Slots().ToList();
        var inbound = new int[slots.Count];
        var outbound = new int[slots.Count];
        var daysOff = new List<DateOnly>();
        var week = Enumerable.Range(1, 7)
            .ToDictionary(w => w, w => (In: Cover(blocks, w, DutyKind.Inbound, slots), Out: Cover(blocks, w, DutyKind.Outbound, slots)));
        for (var d = from; d <= to; d = d.AddDays(1))
        {
            if (DutyRoster.Rests(calendar, d)) { daysOff.Add(d); continue; }
            var (inMinutes, outMinutes) = week[DutyRoster.Weekday(d)];
            for (var s = 0; s < slots.Count; s++) (inbound[s], outbound[s]) = (inbound[s] + inMinutes[s], outbound[s] + outMinutes[s]);
        }
        var bySlot = things.ToLookup(x => SlotOf(x.Hour));
        var hours = slots.Select((s, i) => new WorkingDayHour(s.From, s.To, Count(bySlot[i]), bySlot[i].Sum(x => x.Seconds + x.DefaultSeconds),
            inbound[i], outbound[i])).ToList();
        var duty = blocks.Select(b => new WorkingDayDuty(b.Weekday, b.Kind == DutyKind.Inbound ? "inbound" : "outbound",
            DutyRoster.Clock(b.StartMinute), DutyRoster.Clock(b.EndMinute))).ToList();
        return new WorkingDayPerson(id, name, teamId, zone.Id, Count(things), kinds, kinds.Sum(k => k.Seconds), kinds.Sum(k => k.DefaultSeconds),
            hours, duty, daysOff);
    }

    /// <summary>The minutes of each slot a weekday's blocks of one kind cover (their union).</summary>
    static int[] Cover(List<DutyShift> blocks, int weekday, DutyKind kind, List<(int From, int To)> slots)
    {
        var covered = new bool[24 * 60];
        foreach (var b in blocks.Where(b => b.Weekday == weekday && b.Kind == kind))
            for (var m = Math.Max(0, b.StartMinute); m < Math.Min(covered.Length, b.EndMinute); m++) covered[m] = true;
        return slots.Select(s => Enumerable.Range(s.From * 60, (s.To - s.From) * 60).Count(m => covered[m])).ToArray();
    }

    static WorkingDayCounts Count(IEnumerable<Thing> things)
    {
        var n = new int[Kinds.Length];
        foreach (var x in things) n[x.Kind]++;
        return new(n[0], n[1], n[2], n[3], n[4], n[5], n[6], n[7]);
    }
}
