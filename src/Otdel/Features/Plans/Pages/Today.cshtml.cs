using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Platform;

namespace Otdel.Features.Plans.Pages;

/// <summary>
/// /plans/today: a seller's day — the reader's own, or (for a head or team lead) any seller they see, picked from the list.
/// A seller the reader does not see answers 404, as the API does.
/// </summary>
public sealed class TodayModel(OtdelDb db, Access access, SellerDay day) : PageModel
{
    [BindProperty(SupportsGet = true)] public long? UserId { get; set; }

    public sealed record Person(long Id, string Name);

    public List<Person> Sellers { get; private set; } = [];
    /// <summary>For a head with no seller picked: every seller's today in every plan.</summary>
    public List<SellerTodayLine> Everyone { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (UserId is { } u && (!access.CanSee(u) || !await db.Users.AnyAsync(x => x.Id == u, ct))) return NotFound();
        if (access.Scope != Scope.Own)
        {
            var visible = access.VisibleUserIds?.ToList();
            var q = db.Users.AsNoTracking().Where(x => x.IsActive && SavePlan.SellerPositions.Contains(x.Position));
            if (visible is not null) q = q.Where(x => visible.Contains(x.Id));
            else if (access.User?.DepartmentId is { } dep) q = q.Where(x => x.DepartmentId == dep);
            Sellers = (await q.Select(x => new Person(x.Id, x.FullName)).Take(500).ToListAsync(ct))
                .OrderBy(x => x.Name, StringComparer.CurrentCulture).ToList();
        }
        if (UserId == access.UserId) UserId = null;
        if (UserId is null && access.Scope != Scope.Own) Everyone = await day.EveryoneAsync("carryNext", ct);
        return Page();
    }
}
