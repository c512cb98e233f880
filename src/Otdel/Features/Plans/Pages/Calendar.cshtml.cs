using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Features.Organisation.Pages;
using Otdel.Features.Plans;
using Otdel.Platform;

namespace Otdel.Features.Plans.Pages;

/// <summary>
/// The production calendar as a year of months, each day coloured by its kind; directors and admins mark a day (with the
/// reason) through <see cref="Calendars.MarkAsync"/>, everyone else reads. Below: the department's calendar and time zone,
/// set by those who run the department (<see cref="Calendars.SetDepartmentAsync"/>).
/// </summary>
public sealed class CalendarModel(OtdelDb db, Access access, Errors errors, Calendars calendars) : PageModel
{
    /// <summary>Zones offered (Russia west to east, then neighbours); a department's own zone is added when it is another.</summary>
    public static readonly string[] Zones =
    [
        "Europe/Kaliningrad", "Europe/Moscow", "Europe/Samara", "Asia/Yekaterinburg", "Asia/Omsk", "Asia/Novosibirsk", "Asia/Krasnoyarsk",
        "Asia/Irkutsk", "Asia/Yakutsk", "Asia/Vladivostok", "Asia/Magadan", "Asia/Kamchatka", "Europe/Minsk", "Asia/Almaty", "Asia/Tashkent",
        "Asia/Yerevan", "Asia/Tbilisi", "Asia/Baku", "Europe/Istanbul", "Asia/Dubai", "Europe/Berlin", "Europe/London", "UTC",
    ];

    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    [BindProperty(SupportsGet = true, Name = "calendar")] public string? Key { get; set; }
    [BindProperty(SupportsGet = true)] public long? DepartmentId { get; set; }
    [BindProperty] public string? Date { get; set; }
    [BindProperty] public string? Kind { get; set; }
    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public string? DepartmentCalendar { get; set; }
    [BindProperty] public string? TimeZone { get; set; }
    [BindProperty(SupportsGet = true)] public string? Saved { get; set; }

    public CalendarYearView View { get; private set; } = null!;
    public ProductionCalendar Calendar { get; private set; } = null!;
    public bool MayMark => access.Scope == Scope.All;
    public bool MaySetDepartment => access.RunsDepartment;
    public List<(long Id, string Name)> Departments { get; private set; } = [];
    public DepartmentCalendarView? Department { get; private set; }
    public FormState MarkForm { get; } = new();
    public FormState DepartmentForm { get; } = new();
    public HashSet<DateOnly> Edited { get; private set; } = [];
    public Dictionary<DateOnly, string?> Reasons { get; private set; } = [];

    async Task LoadAsync(CancellationToken ct)
    {
        Departments = (await db.Departments.VisibleTo(access).AsNoTracking().Select(d => new { d.Id, d.Name }).ToListAsync(ct))
            .OrderBy(d => d.Name, Structure.Names).Select(d => (d.Id, d.Name)).ToList();
        var dep = DepartmentId is { } id && Departments.Any(d => d.Id == id) ? id : access.User?.DepartmentId is { } own && Departments.Any(d => d.Id == own)
            ? own : Departments.Select(d => (long?)d.Id).FirstOrDefault();
        DepartmentId = dep;
        if (dep is { } depId && (await calendars.OfDepartmentAsync(depId, ct)).Value is { } view) Department = view;
        Key = Key is { } k && ProductionCalendar.Keys.Contains(k) ? k : Department?.Calendar ?? ProductionCalendar.Russia;
        var (_, zone) = await calendars.ForDepartmentAsync(dep, ct);
        Year = Year is >= 2000 and <= 2100 ? Year : TimeZoneInfo.ConvertTimeFromUtc(db.UtcNow, zone).Year;
        View = (await calendars.YearAsync(Key, Year, ct)).Value!;
        Calendar = await calendars.LoadAsync(Key, ct);
        Edited = View.Days.Where(d => d.Edited).Select(d => d.Date).ToHashSet();
        Reasons = View.Days.Where(d => d.Reason is not null).ToDictionary(d => d.Date, d => d.Reason);
    }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    /// <summary>Marks one day (company-wide roles); the reason is required here, the date typed дд.мм.гггг.</summary>
    public async Task<IActionResult> OnPostMarkAsync(CancellationToken ct)
    {
        DateOnly? date = null;
        if (string.IsNullOrWhiteSpace(Date)) errors.Add("date", "Error.Required");
        else if (RuInput.TryParseDate(Date, out var d)) date = d;
        else errors.Add("date", "Plans.Calendar.BadDate");
        errors.Required("reason", Reason);
        var outcome = await calendars.MarkAsync(new CalendarDayInput(Key, date, Kind, Reason), ct);
        if (outcome.Ok) return this.Done($"/settings/calendar?calendar={Key}&year={date!.Value.Year}&saved={Calendars.Iso(date.Value)}");
        MarkForm.Fail(outcome.Failure!);
        errors.Clear();
        Response.RefusedWith(Request, outcome.Failure!);
        if (date is { } shown) Year = shown.Year;
        await LoadAsync(ct);
        return Page();
    }

    /// <summary>The department's calendar and time zone (those who run it).</summary>
    public async Task<IActionResult> OnPostDepartmentAsync(CancellationToken ct)
    {
        var outcome = DepartmentId is { } id
            ? await calendars.SetDepartmentAsync(id, new DepartmentCalendarInput(DepartmentCalendar, TimeZone), ct)
            : errors.Add("departmentId", "Error.Required").ToFailure();
        if (outcome.Ok) return this.Done($"/settings/calendar?departmentId={DepartmentId}&saved=department");
        DepartmentForm.Fail(outcome.Failure!);
        errors.Clear();
        Response.RefusedWith(Request, outcome.Failure!);
        if (outcome.Failure!.Status == 404) return NotFound();
        await LoadAsync(ct);
        return Page();
    }

    public static string ZoneLabel(string id)
    {
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(id, out var z)) return id;
        var offset = z.BaseUtcOffset;
        return $"UTC{(offset < TimeSpan.Zero ? "−" : "+")}{offset.Duration():hh\\:mm} · {id}";
    }

    /// <summary>The css kind of a day: a weekday's or a weekend's usual kind, or what the calendar makes of it.</summary>
    public string KindOf(DateOnly d)
    {
        var kind = Calendar.KindOf(d);
        var weekend = d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
        return kind switch
        {
            DayKind.Holiday => "holiday",
            DayKind.Short => "short",
            DayKind.Working when weekend => "moved",
            DayKind.Working => "working",
            _ => "weekend",
        };
    }

    public static string Month(int year, int month)
    {
        var text = new DateOnly(year, month, 1).ToString("MMMM", CultureInfo.CurrentCulture);
        return char.ToUpper(text[0], CultureInfo.CurrentCulture) + text[1..];
    }
}
