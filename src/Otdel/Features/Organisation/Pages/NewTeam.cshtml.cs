using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Otdel.Data;
using Otdel.Features.Organisation;
using Otdel.Platform;

namespace Otdel.Features.Organisation.Pages;

/// <summary>Новая команда: name, department (for those who see every department) and lead, saved by <see cref="SaveTeam"/>.</summary>
public sealed class NewTeamModel(OtdelDb db, Access access, SaveTeam save) : PageModel
{
    public Structure S { get; private set; } = null!;
    public FormState Form { get; } = new();
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public long? DepartmentId { get; set; }
    [BindProperty] public long? LeadId { get; set; }
    public bool ChoosesDepartment => access.Scope == Scope.All;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!access.CanManagePeople) return StatusCode(403);
        S = await Structure.LoadAsync(db, access, ct);
        DepartmentId ??= access.User?.DepartmentId ?? S.Departments.FirstOrDefault()?.Id;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var outcome = await save.Create(new TeamInput(Name, DepartmentId ?? access.User?.DepartmentId, LeadId), ct);
        if (outcome.Ok) return this.Done($"/team?addedTeam={outcome.Value!.Id}#team-{outcome.Value.Id}");
        Form.Fail(outcome.Failure!);
        Response.RefusedWith(Request, outcome.Failure!);
        S = await Structure.LoadAsync(db, access, ct);
        return Page();
    }
}
