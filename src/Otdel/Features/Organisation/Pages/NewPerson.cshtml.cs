using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Otdel.Data;
using Otdel.Features.Organisation;
using Otdel.Platform;

namespace Otdel.Features.Organisation.Pages;

/// <summary>Новый сотрудник: saved by <see cref="SaveUser"/>, the same rules as POST /api/v1/users.</summary>
public sealed class NewPersonModel(OtdelDb db, Access access, SaveUser save) : PageModel
{
    public Structure S { get; private set; } = null!;
    public FormState Form { get; } = new();
    [BindProperty] public PersonForm Input { get; set; } = new();
    public bool ChoosesDepartment => access.Scope == Scope.All;

    public async Task<IActionResult> OnGetAsync(long? teamId, CancellationToken ct)
    {
        if (!access.CanManagePeople) return StatusCode(403);
        S = await Structure.LoadAsync(db, access, ct);
        if (teamId is { } tid && S.Teams.All(t => t.Id != tid)) return NotFound();
        Input.TeamId = teamId;
        // The new person reports to the team's lead by default, or to the one adding them.
        Input.ManagerId = S.Teams.FirstOrDefault(t => t.Id == teamId)?.LeadId ?? access.User?.Id;
        Input.DepartmentId = access.User?.DepartmentId ?? S.Departments.FirstOrDefault()?.Id;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var outcome = await save.Create(Input.ToInput(ChoosesDepartment ? Input.DepartmentId : null), ct);
        if (outcome.Ok) return this.Done($"/team?added={outcome.Value!.Id}#person-{outcome.Value.Id}");
        Form.Fail(outcome.Failure!);
        Response.RefusedWith(Request, outcome.Failure!);
        S = await Structure.LoadAsync(db, access, ct);
        return Page();
    }
}

/// <summary>The person form's fields as typed; re-rendered unchanged after a refusal so nothing is lost.</summary>
public sealed class PersonForm
{
    public string? Email { get; set; }
    public string? FullName { get; set; }
    public string? Position { get; set; }
    public long? DepartmentId { get; set; }
    public long? TeamId { get; set; }
    public long? ManagerId { get; set; }
    public string? Segment { get; set; }
    public string? TimeZone { get; set; }
    public string? Password { get; set; }
    /// <summary>Asked when a person changes their own password.</summary>
    public string? CurrentPassword { get; set; }
    public int? Version { get; set; }

    public UserInput ToInput(long? departmentId) => new()
    {
        Email = Email, FullName = FullName, Position = Position, DepartmentId = departmentId, TeamId = TeamId,
        ManagerId = ManagerId, Segment = Segment, TimeZone = TimeZone, Password = Password, CurrentPassword = CurrentPassword, Version = Version,
    };

    public static PersonForm Of(User u) => new()
    {
        Email = u.Email, FullName = u.FullName, Position = u.Position.Code(), DepartmentId = u.DepartmentId, TeamId = u.TeamId,
        ManagerId = u.ManagerId, Segment = u.Segment, TimeZone = u.TimeZone, Version = u.Version,
    };
}
