using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Otdel.Features.Import.Pages;

/// <summary>
/// /import/runs/{id}: one import as it goes — the progress bar (rows read, share of the file), then its result or why it
/// failed. The page is the run's, so a reload (or coming back later) shows the same run; ?handler=progress is the block alone.
/// </summary>
public sealed class RunModel(RunImport run) : PageModel
{
    public ImportRunStatus Status { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        var status = await run.StatusAsync(id, ct);
        if (!status.Ok) return StatusCode(status.Failure!.Status);
        Status = status.Value!;
        return Page();
    }

    public async Task<IActionResult> OnGetProgressAsync(long id, CancellationToken ct)
    {
        var status = await run.StatusAsync(id, ct);
        return status.Ok ? Partial("_RunProgress", status.Value!) : StatusCode(status.Failure!.Status);
    }
}
