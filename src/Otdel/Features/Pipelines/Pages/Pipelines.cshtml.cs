using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Otdel.Features.Pipelines;
using Otdel.Features.Organisation.Pages;
using Otdel.Platform;

namespace Otdel.Features.Pipelines.Pages;

/// <summary>Настройки → Воронки: the department's pipelines and a form to start one from a template (<see cref="SavePipeline"/>).</summary>
public sealed class PipelinesModel(FindPipelines find, SavePipeline save, Access access) : PageModel
{
    public List<PipelineView> Pipelines { get; private set; } = [];
    public FormState Form { get; } = new();
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Template { get; set; } = "b2b";
    [BindProperty] public string? HandoffRule { get; set; }
    public bool CanEdit => access.RunsDepartment;

    public async Task OnGetAsync(CancellationToken ct) => Pipelines = await find.ListAsync(includeArchived: true, ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var outcome = await save.Create(new PipelineInput(Name, Template == "empty" ? null : Template, HandoffRule), ct);
        if (outcome.Ok) return this.Done($"/settings/pipelines/{outcome.Value!.Id}");
        Form.Fail(outcome.Failure!);
        Response.RefusedWith(Request, outcome.Failure!);
        Pipelines = await find.ListAsync(includeArchived: true, ct);
        return Page();
    }
}
