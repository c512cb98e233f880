using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Otdel.Data;
using Otdel.Platform;
using Otdel.Resources;

namespace Otdel.Features.Segments.Pages;

public sealed record SegmentRow(Segment Segment, SegmentCounts Counts, string? Author);

/// <summary>The segments of the department with their member counts as the reader sees them, and the form for a new one.</summary>
public sealed class IndexModel(OtdelDb db, Access access, IStringLocalizer<Text> t) : PageModel
{
    public List<SegmentRow> Rows { get; private set; } = [];
    [BindProperty] public SegmentForm Form { get; set; } = new();
    public SegmentForm.Choices Choices { get; private set; } = new([], [], []);
    public Failure? Failure { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await Load(ct);

    public async Task<IActionResult> OnPostAsync([FromServices] SaveSegment save, CancellationToken ct)
    {
        var input = Form.ToInput(null, t["Error.BadValue"]);
        var outcome = Form.Unread.Count > 0 ? new Failure(400, t["Error.Validation"]) : await save.CreateAsync(input, ct);
        if (outcome.Ok) return Redirect($"/segments/{outcome.Value!.Id}");
        db.ChangeTracker.Clear();
        await Load(ct);
        Failure = outcome.Failure;
        Response.StatusCode = Failure!.Status;
        return Page();
    }

    async Task Load(CancellationToken ct)
    {
        var list = await db.Segments.VisibleTo(access).AsNoTracking().OrderBy(s => s.Name).ThenBy(s => s.Id).ToListAsync(ct);
        var authorIds = list.Select(s => s.AuthorId).Distinct().ToList();
        var authors = await db.Users.AsNoTracking().Where(u => authorIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.FullName, ct);
        var now = db.UtcNow;
        Rows = [];
        foreach (var s in list)
            Rows.Add(new SegmentRow(s, await SegmentMembers.CountAsync(db, access, SegmentMembers.Query(db, access, s.Conditions, now), ct),
                authors.GetValueOrDefault(s.AuthorId)));
        Choices = await SegmentForm.ChoicesAsync(db, access, ct);
    }
}
