using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Features.Clients;
using Otdel.Features.Organisation;
using Otdel.Features.Reports.Pages;
using Otdel.Platform;

namespace Otdel.Features.ClientBase.Pages;

/// <summary>
/// /reports/abc: the ABC analysis of the caller's clients — the same figures as GET /api/v1/reports/abc with its CSV —
/// the three bands, each client's class, its key-account mark and KAM; a head marks the A clients as key accounts at once.
/// </summary>
public sealed class AbcModel(AbcReport report, OtdelDb db, Access access, References refs, Errors errors) : PageModel
{
    public string By { get; private set; } = "revenue";
    public string? From { get; private set; }
    public string? To { get; private set; }
    public long? OwnerId { get; private set; }
    public long? TeamId { get; private set; }
    public Errors Errors => errors;
    public AbcResult? Result { get; private set; }
    public string Query { get; private set; } = "";
    public List<(long Id, string Name)> People { get; private set; } = [];
    public List<(long Id, string Name)> Teams { get; private set; } = [];
    public bool CanMark => access.RunsDepartment;
    public int? Marked { get; private set; }
    public Failure? Refusal { get; private set; }

    public async Task OnGetAsync(string? by, string? from, string? to, long? ownerId, long? teamId, int? marked, CancellationToken ct)
    {
        Marked = marked;
        await Load(by, from, to, ownerId, teamId, ct);
        if (errors.Any) Response.StatusCode = 400;
    }

    /// <summary>Marks every A client of the report as shown (same filters) as a key account, with the KAM chosen or each one's owner.</summary>
    public async Task<IActionResult> OnPostMarkAsync(string? by, string? from, string? to, long? ownerId, long? teamId, long? kamId,
        [FromServices] MarkKeyAccount mark, CancellationToken ct)
    {
        if (!access.RunsDepartment) return StatusCode(403);
        await Load(by, from, to, ownerId, teamId, ct);
        if (Result is null)
        {
            Response.StatusCode = 400;
            return Page();
        }
        var ids = Result.Rows.Where(r => r.Class == "A").Select(r => r.ClientId).Take(MarkKeyAccount.MaxAtOnce).ToList();
        if (ids.Count == 0 && kamId is null) return Redirect($"/reports/abc?{Query}&marked=0");
        var outcome = await mark.MarkManyAsync(new KeyAccountsInput(ids, kamId), ct);
        db.ChangeTracker.Clear();
        if (outcome.Ok) return Redirect($"/reports/abc?{Query}&marked={outcome.Value!.Marked}");
        Refusal = outcome.Failure;
        Response.StatusCode = outcome.Failure!.Status;
        await Load(by, from, to, ownerId, teamId, ct);
        return Page();
    }

    async Task Load(string? by, string? from, string? to, long? ownerId, long? teamId, CancellationToken ct)
    {
        By = string.IsNullOrWhiteSpace(by) ? "revenue" : by.Trim();
        if (!AbcReport.Bases.Contains(By)) errors.Add("by", "ClientBase.Abc.BadBasis", string.Join(", ", AbcReport.Bases));
        var period = TypedPeriod.Read(from, to, db.UtcNow, errors);
        (From, To, OwnerId, TeamId) = (period.FromText, period.ToText, ownerId, teamId);
        People = await Assignable.PeopleAsync(db, access, ct);
        Teams = (await db.Teams.VisibleTo(access).AsNoTracking().OrderBy(x => x.Name).Select(x => new { x.Id, x.Name }).ToListAsync(ct))
            .Select(x => (x.Id, x.Name)).ToList();
        if (ownerId is { } oid) refs.Owner(oid, "ownerId");
        if (teamId is { } tid) await refs.TeamAsync(tid, "teamId", ct);
        if (errors.Any) return;
        Query = $"by={By}&{period.Query}" + (ownerId is { } o ? $"&ownerId={o}" : "") + (teamId is { } t ? $"&teamId={t}" : "");
        Result = await report.RunAsync(By, period.From, period.To, ownerId, teamId, ct);
    }
}
