using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Features.Pipelines;
using Otdel.Features.Organisation.Pages;
using Otdel.Platform;

namespace Otdel.Features.Pipelines.Pages;

/// <summary>
/// One pipeline's settings: name and handoff rule, its stages in board order (reorder, add, open to edit) and the
/// managed list of loss reasons. Every change goes through B's handlers: SavePipeline, SaveStage, SaveLossReason.
/// </summary>
public sealed class PipelineModel(Access access, IStageOccupants occupants, FindPipelines find, SavePipeline savePipeline, SaveStage saveStage, SaveLossReason saveReason) : PageModel
{
    public PipelineView P { get; private set; } = null!;
    public Dictionary<long, int> DealCounts { get; private set; } = [];
    public bool CanEdit { get; private set; }
    public FormState PipelineForm { get; } = new();
    public FormState StageForm { get; } = new();
    public FormState ReasonForm { get; } = new();
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? HandoffRule { get; set; }
    [BindProperty] public int? Version { get; set; }
    [BindProperty] public string? StageName { get; set; }
    [BindProperty] public string? StageGroup { get; set; }
    [BindProperty] public string? ReasonName { get; set; }
    [BindProperty] public bool ReasonIsOther { get; set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        Fill();
        return Page();
    }

    public Task<IActionResult> OnPostRenameAsync(long id, CancellationToken ct) => Run(id, PipelineForm, async () =>
        (await savePipeline.Update(id, new PipelineInput(Name, null, HandoffRule, Version), ct)).Failure, ct, refill: true);

    public Task<IActionResult> OnPostArchiveAsync(long id, bool archived, CancellationToken ct) => Run(id, PipelineForm, async () =>
        (await savePipeline.Update(id, new PipelineInput(null, null, null, null, archived), ct)).Failure, ct, refill: true);

    public Task<IActionResult> OnPostAddStageAsync(long id, CancellationToken ct) => Run(id, StageForm, async () =>
        (await saveStage.Create(id, new StageInput { Name = StageName, Group = StageGroup }, ct)).Failure, ct, clear: () => (StageName, StageGroup) = (null, null));

    /// <summary>Moves a stage one column left (up) or right (down).</summary>
    public Task<IActionResult> OnPostMoveAsync(long id, long stageId, int to, CancellationToken ct) => Run(id, StageForm, async () =>
        (await saveStage.Update(stageId, new StageInput { Order = to }, ct)).Failure, ct);

    public Task<IActionResult> OnPostAddReasonAsync(long id, CancellationToken ct) => Run(id, ReasonForm, async () =>
        (await saveReason.Create(new LossReasonInput(id, ReasonName, ReasonIsOther), ct)).Failure, ct, clear: () => (ReasonName, ReasonIsOther) = (null, false));

    public Task<IActionResult> OnPostRenameReasonAsync(long id, long reasonId, string? name, int? version, CancellationToken ct) => Run(id, ReasonForm, async () =>
        (await saveReason.Update(reasonId, new LossReasonInput(id, name, null, null, version), ct)).Failure, ct);

    public Task<IActionResult> OnPostArchiveReasonAsync(long id, long reasonId, int? version, CancellationToken ct) => Run(id, ReasonForm, async () =>
        (await saveReason.Archive(reasonId, version, ct)).Failure, ct);

    /// <summary>Runs one change; htmx gets the refreshed page to swap (with the messages if refused), a plain post a redirect.</summary>
    async Task<IActionResult> Run(long id, FormState form, Func<Task<Failure?>> change, CancellationToken ct, bool refill = false, Action? clear = null)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        var failure = await change();
        if (failure is null)
        {
            if (!Request.IsHtmx()) return Redirect($"/settings/pipelines/{id}");
            clear?.Invoke();
            form.Saved = true;
            await LoadAsync(id, ct);
            Fill();
            return Page();
        }
        form.Fail(failure);
        Response.RefusedWith(Request, failure);
        await LoadAsync(id, ct);
        if (!refill) Fill();
        else if (form.Stale) Version = P.Version;
        return Page();
    }

    void Fill() => (Name, HandoffRule, Version) = (P.Name, Otdel.Platform.SnakeCase.Of(P.HandoffRule.ToString()), P.Version);

    async Task<bool> LoadAsync(long id, CancellationToken ct)
    {
        var p = await find.GetAsync(id, ct);
        if (p is null) return false;
        P = p;
        var ids = p.Stages.Select(s => s.Id).ToList();
        DealCounts = await occupants.DealCountsAsync(ids, ct);
        CanEdit = PipelineAccess.CanEdit(access, new Pipeline { Name = p.Name, DepartmentId = p.DepartmentId });
        return true;
    }
}
