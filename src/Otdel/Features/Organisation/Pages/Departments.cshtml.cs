using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Otdel.Data;
using Otdel.Features.Organisation;
using Otdel.Platform;

namespace Otdel.Features.Organisation.Pages;

/// <summary>Отделы: the list and a form to open a new one, for those who see the whole company (<see cref="SaveDepartment"/>).</summary>
public sealed class DepartmentsModel(OtdelDb db, Access access, SaveDepartment save) : PageModel
{
    public Structure S { get; private set; } = null!;
    public FormState Form { get; } = new();
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public long? HeadId { get; set; }
    public long? Added { get; private set; }

    public async Task<IActionResult> OnGetAsync(long? added, CancellationToken ct)
    {
        if (access.Scope != Scope.All) return StatusCode(403);
        S = await Structure.LoadAsync(db, access, ct);
        Added = added;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var outcome = await save.Create(new DepartmentInput(Name, HeadId), ct);
        if (outcome.Ok) return this.Done($"/team/departments?added={outcome.Value!.Id}");
        Form.Fail(outcome.Failure!);
        Response.RefusedWith(Request, outcome.Failure!);
        S = await Structure.LoadAsync(db, access, ct);
        return Page();
    }
}
