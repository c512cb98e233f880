using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Otdel.Data;
using Otdel.Features.Organisation;
using Otdel.Platform;
using TeamEntity = Otdel.Features.Organisation.Team;

namespace Otdel.Features.Organisation.Pages;

/// <summary>A team: its people, and for those who manage people a form to rename it or change its lead (<see cref="SaveTeam"/>).</summary>
public sealed class TeamPageModel(OtdelDb db, Access access, SaveTeam save) : PageModel
{
    public Structure S { get; private set; } = null!;
    public TeamEntity Team { get; private set; } = null!;
    public FormState Form { get; } = new();
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public long? LeadId { get; set; }
    [BindProperty] public int? Version { get; set; }
    public bool CanManage => access.CanManagePeople;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        (Name, LeadId, Version) = (Team.Name, Team.LeadId, Team.Version);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        var outcome = await save.Update(id, new TeamInput(Name, Team.DepartmentId, LeadId, Version), ct);
        if (outcome.Ok)
        {
            if (!Request.IsHtmx()) return Redirect($"/team/teams/{id}");
            await LoadAsync(id, ct);
            (Name, LeadId, Version) = (Team.Name, Team.LeadId, Team.Version);
            Form.Saved = true;
            return Page();
        }
        Form.Fail(outcome.Failure!);
        if (Form.Stale) Version = Team.Version;
        Response.RefusedWith(Request, outcome.Failure!);
        return Page();
    }

    async Task<bool> LoadAsync(long id, CancellationToken ct)
    {
        S = await Structure.LoadAsync(db, access, ct);
        Team = S.Teams.FirstOrDefault(t => t.Id == id)!;
        return Team is not null;
    }
}
