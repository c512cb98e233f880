using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Otdel.Data;
using Otdel.Platform;
using Otdel.Resources;

namespace Otdel.Features.Segments.Pages;

/// <summary>
/// A segment: its conditions in words, its counts, its members (as the reader sees them) a page at a time, the CSV
/// export; its author and the department's head change or remove it here.
/// </summary>
public sealed class SegmentModel(OtdelDb db, Access access, IStringLocalizer<Text> t) : PageModel
{
    public const int Shown = 100;
    public Segment S { get; private set; } = null!;
    public SegmentCounts Counts { get; private set; } = new(0, 0, 0, 0, 0);
    public List<SegmentMember> Members { get; private set; } = [];
    public long? Next { get; private set; }
    [FromQuery(Name = "cursor")] public long? Cursor { get; set; }
    [BindProperty] public SegmentForm Form { get; set; } = new();
    public SegmentForm.Choices Choices { get; private set; } = new([], [], []);
    public Failure? Failure { get; private set; }
    public bool MayChange => SaveSegment.MayChange(S, access);

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        if (!await Load(id, ct)) return NotFound();
        Form = SegmentForm.Of(S);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, int? version, [FromServices] SaveSegment save, CancellationToken ct)
    {
        var input = Form.ToInput(version, t["Error.BadValue"]);
        var outcome = Form.Unread.Count > 0 ? new Failure(400, t["Error.Validation"]) : await save.UpdateAsync(id, input, ct);
        if (outcome.Ok) return Redirect($"/segments/{id}");
        db.ChangeTracker.Clear();
        if (outcome.Failure!.Status == 404 || !await Load(id, ct)) return NotFound();
        Failure = outcome.Failure;
        Response.StatusCode = Failure.Status;
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync(long id, [FromServices] SaveSegment save, CancellationToken ct)
    {
        var outcome = await save.DeleteAsync(id, ct);
        if (outcome.Ok) return Redirect("/segments");
        if (outcome.Failure!.Status == 404 || !await Load(id, ct)) return NotFound();
        Form = SegmentForm.Of(S);
        Failure = outcome.Failure;
        Response.StatusCode = Failure.Status;
        return Page();
    }

    async Task<bool> Load(long id, CancellationToken ct)
    {
        var s = await db.Segments.VisibleTo(access).AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (s is null) return false;
        S = s;
        var members = SegmentMembers.Query(db, access, s.Conditions, db.UtcNow);
        Counts = await SegmentMembers.CountAsync(db, access, members, ct);
        var rows = await SegmentMembers.PageAsync(db, access, members, Cursor, Shown + 1, ct);
        Members = rows.Take(Shown).ToList();
        Next = rows.Count > Shown ? Members[^1].Id : null;
        Choices = await SegmentForm.ChoicesAsync(db, access, ct);
        return true;
    }
}
