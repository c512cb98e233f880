using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Features.Deals;
using Otdel.Features.Deals.Board;
using Otdel.Platform;
using Otdel.Resources;
using Microsoft.Extensions.Localization;

namespace Otdel.Features.Deals.Pages;

/// <summary>
/// Creates a deal from the board's dialog (htmx) or this page (a plain form); the rules are CreateDeal's, the same as the API's.
/// A refused create answers 200 to htmx with the form and its messages, since htmx does not swap 4xx answers.
/// </summary>
public sealed class NewModel(CreateDeal create, BoardQuery board, OtdelDb db, Access access, IStringLocalizer<Text> t) : PageModel
{
    public NewDealForm Form { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long? pipelineId, CancellationToken ct)
    {
        var pipelines = await board.PipelinesAsync(ct);
        var id = pipelineId ?? pipelines.FirstOrDefault()?.Id;
        if (id is null) return Redirect("/deals");
        if (pipelines.All(p => p.Id != id)) return NotFound();
        var stages = await SalesStages(id.Value, ct);
        Form = new NewDealForm(id.Value, stages, await Owners(ct), new DealInput { OwnerId = access.User?.Id, StageId = stages.FirstOrDefault()?.Id }, null, null);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long pipelineId, string? title, string? clientName, string? amount, string? source, long? stageId, long? ownerId, CancellationToken ct)
    {
        if ((await board.PipelinesAsync(ct)).All(p => p.Id != pipelineId)) return NotFound();
        var input = new DealInput
        {
            Title = title, ClientName = string.IsNullOrWhiteSpace(clientName) ? null : clientName.Trim(), PipelineId = pipelineId,
            StageId = stageId, OwnerId = ownerId, Source = string.IsNullOrWhiteSpace(source) ? null : source.Trim(),
            Amount = RuInput.TryParseMoney(amount, out var a) ? a : string.IsNullOrWhiteSpace(amount) ? 0 : null,
        };
        Failure? failure = null;
        if (input.Amount is null)
            failure = new Failure(400, t["Error.Validation"], new Dictionary<string, string[]> { ["amount"] = [t["DealPage.AmountInvalid"]] });
        else
        {
            var outcome = await create.Run(input, ct);
            if (outcome.Ok) return Done($"/deals/{outcome.Value!.Id}");
            failure = outcome.Failure;
        }
        Form = new NewDealForm(pipelineId, await SalesStages(pipelineId, ct), await Owners(ct), input, amount, failure);
        if (Request.Headers["HX-Request"] == "true") return Partial("_NewDeal", Form);
        Response.StatusCode = failure!.Status;
        return Page();
    }

    IActionResult Done(string url)
    {
        if (Request.Headers["HX-Request"] != "true") return Redirect(url);
        Response.Headers["HX-Redirect"] = url;
        return new NoContentResult();
    }

    async Task<List<BoardStage>> SalesStages(long pipelineId, CancellationToken ct) =>
        (await board.StagesAsync(pipelineId, ct)).Where(s => s.Kind == Otdel.Features.Pipelines.StageKind.Sales).ToList();

    async Task<List<(long, string)>> Owners(CancellationToken ct) =>
        (await access.Visible(db.Users.AsNoTracking().Where(u => u.IsActive), u => u.Id)
            .Where(u => access.Scope == Scope.All || u.DepartmentId == access.User!.DepartmentId)
            .OrderBy(u => u.FullName).Select(u => new { u.Id, u.FullName }).ToListAsync(ct))
        .Select(u => (u.Id, u.FullName)).ToList();
}
