using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Platform;

namespace Otdel.Features.Duty.Pages;

/// <summary>A block as the form shows it (texts as typed, so a refused one comes back as it was).</summary>
public sealed record ShiftRow(string? UserId, string? Kind, string? Weekday, string? From, string? To);

/// <summary>
/// The department's duty roster (Settings): the week at a glance — people by weekday, inbound and outbound blocks — and
/// the blocks as a form the head saves whole (through <see cref="DutyRoster"/>, as PUT /api/v1/duty).
/// </summary>
public sealed class DutyModel(OtdelDb db, Access access, DutyRoster roster) : PageModel
{
    public const int BlankRows = 3;
    public DutyRosterView View { get; private set; } = new(0, "", [], [], false);
    public List<ShiftRow> Rows { get; private set; } = [];
    public List<(long Id, string Name)> People { get; private set; } = [];
    public Failure? Failure { get; private set; }
    public bool Saved { get; private set; }
    public bool MayEdit => access.RunsDepartment || access.Scope == Scope.All;

    public async Task<IActionResult> OnGetAsync(bool? saved, CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return StatusCode(403);
        Saved = saved == true;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string[]? userId, string[]? kind, string[]? weekday, string[]? from, string[]? to, CancellationToken ct)
    {
        var rows = new List<ShiftRow>();
        for (var i = 0; i < (userId?.Length ?? 0); i++)
            rows.Add(new ShiftRow(userId![i], At(kind, i), At(weekday, i), At(from, i), At(to, i)));
        rows = rows.Where(r => !string.IsNullOrWhiteSpace(r.UserId)).ToList();
        var input = new DutyRosterInput(null, rows.Select(r => (DutyShiftInput?)new DutyShiftInput(
            long.TryParse(r.UserId, out var u) ? u : -1, r.Kind, int.TryParse(r.Weekday, out var w) ? w : 0, r.From, r.To)).ToList());
        var outcome = await roster.SaveAsync(input, ct);
        if (outcome.Ok) return Redirect("/settings/duty?saved=true");
        db.ChangeTracker.Clear();
        if (!await LoadAsync(ct)) return StatusCode(403);
        (Rows, Failure) = ([.. rows, .. Blank()], outcome.Failure);
        Response.StatusCode = Failure!.Status;
        return Page();
    }

    public string? ErrorFor(string field) => Failure?.For(field);

    /// <summary>The blocks of one person on one weekday, in order.</summary>
    public IEnumerable<DutyShiftView> Of(long userId, int weekday) => View.Shifts.Where(s => s.UserId == userId && s.Weekday == weekday);

    static IEnumerable<ShiftRow> Blank() => Enumerable.Repeat(new ShiftRow(null, "inbound", null, "09:00", "18:00"), BlankRows);

    static string? At(string[]? a, int i) => a is not null && i < a.Length ? a[i] : null;

    async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (access.User?.DepartmentId is not { } dep) return false;
        var read = await roster.ReadAsync(dep, ct);
        if (!read.Ok) return false;
        View = read.Value!;
        People = (await db.Users.AsNoTracking().Where(u => u.DepartmentId == dep && u.IsActive).OrderBy(u => u.FullName)
            .Select(u => new { u.Id, u.FullName }).ToListAsync(ct)).Select(u => (u.Id, u.FullName)).ToList();
        Rows = [.. View.Shifts.Select(s => new ShiftRow(s.UserId.ToString(), s.Kind == DutyKind.Inbound ? "inbound" : "outbound",
            s.Weekday.ToString(), s.From, s.To)), .. Blank()];
        return true;
    }
}
