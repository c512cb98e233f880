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
        var input = new DealInput { OwnerId = access.User?.Id, StageId = stages.FirstOrDefault()?.Id };
        var needs = await Needs(id.Value, input.StageId, new Dictionary<string, string?>(), ct);
        Form = new NewDealForm(id.Value, stages, await Owners(ct), input, null, null, needs);
        return Page();
    }

    /// <summary>The dialog's conditions block for the chosen stage (htmx, on changing the stage), keeping what was typed.</summary>
    public async Task<IActionResult> OnGetNeedsAsync(long pipelineId, long? stageId, CancellationToken ct)
    {
        if ((await board.PipelinesAsync(ct)).All(p => p.Id != pipelineId)) return NotFound();
        var typed = Request.Query.Where(q => q.Key.StartsWith("f.", StringComparison.Ordinal) || Extras.Contains(q.Key))
            .ToDictionary(q => q.Key, q => (string?)q.Value.ToString());
        var needs = await Needs(pipelineId, stageId, typed, ct);
        return Partial("_NewDealNeeds", new NewDealForm(pipelineId, [], [], new DealInput { StageId = stageId }, null, null, needs));
    }

    /// <summary>Built-in fields a stage's conditions may ask for that the dialog has no input of its own for.</summary>
    static readonly string[] Extras = ["expectedCloseDate", "segment", "products", "leadScore"];

    public async Task<IActionResult> OnPostAsync(long pipelineId, string? title, string? clientName, string? amount, string? source, long? stageId, long? ownerId,
        CancellationToken ct)
    {
        if ((await board.PipelinesAsync(ct)).All(p => p.Id != pipelineId)) return NotFound();
        var typed = Request.Form.Where(f => f.Key.StartsWith("f.", StringComparison.Ordinal) || Extras.Contains(f.Key))
            .ToDictionary(f => f.Key, f => string.IsNullOrWhiteSpace(f.Value) ? null : (string?)f.Value.ToString().Trim());
        var custom = typed.Where(kv => kv.Key.StartsWith("f.", StringComparison.Ordinal) && kv.Value is not null)
            .ToDictionary(kv => kv.Key[2..], kv => kv.Value);
        var errors = new Dictionary<string, string[]>();
        DateOnly? closeDate = null;
        if (typed.GetValueOrDefault("expectedCloseDate") is { } dateText)
        {
            if (RuInput.TryParseDate(dateText, out var date)) closeDate = date;
            else errors["expectedCloseDate"] = [t["DealPage.DateInvalid"]];
        }
        int? score = null;
        if (typed.GetValueOrDefault("leadScore") is { } scoreText)
        {
            if (int.TryParse(scoreText, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n)) score = n;
            else errors["leadScore"] = [t["Deals.LeadScoreRange"]];
        }
        var input = new DealInput
        {
            Title = title, ClientName = string.IsNullOrWhiteSpace(clientName) ? null : clientName.Trim(), PipelineId = pipelineId,
            StageId = stageId, OwnerId = ownerId, Source = string.IsNullOrWhiteSpace(source) ? null : source.Trim(),
            Amount = RuInput.TryParseMoney(amount, out var a) ? a : string.IsNullOrWhiteSpace(amount) ? 0 : null,
            ExpectedCloseDate = closeDate, LeadScore = score,
            Segment = typed.GetValueOrDefault("segment"), Products = typed.GetValueOrDefault("products"),
            Fields = custom.Count > 0 ? custom : null,
        };
        if (input.Amount is null) errors["amount"] = [t["DealPage.AmountInvalid"]];
        Failure? failure;
        if (errors.Count > 0)
            failure = new Failure(400, t["Error.Validation"], errors);
        else
        {
            var outcome = await create.Run(input, ct);
            if (outcome.Ok) return Done($"/deals/{outcome.Value!.Id}");
            failure = outcome.Failure;
        }
        var stageNeeds = await Needs(pipelineId, stageId, typed, ct);
        Form = new NewDealForm(pipelineId, await SalesStages(pipelineId, ct), await Owners(ct), input, amount, failure, stageNeeds);
        if (Request.Headers["HX-Request"] == "true") return Partial("_NewDeal", Form);
        Response.StatusCode = failure!.Status;
        return Page();
    }

    async Task<List<NewDealNeed>> Needs(long pipelineId, long? stageId, IReadOnlyDictionary<string, string?> typed, CancellationToken ct)
    {
        var stages = await db.StagesOfAsync(pipelineId, ct);
        if (stageId is null || stages.All(s => s.Id != stageId)) return [];
        var fields = await db.PipelineFields.AsNoTracking().Where(f => f.PipelineId == pipelineId).ToListAsync(ct);
        return NewDealNeed.For(stages, stageId, access.RunsDepartment, fields, key => t[key], typed);
    }

    IActionResult Done(string url)
    {
        if (Request.Headers["HX-Request"] != "true") return Redirect(url);
        Response.Headers["HX-Redirect"] = url;
        return new NoContentResult();
    }

    async Task<List<BoardStage>> SalesStages(long pipelineId, CancellationToken ct) =>
        (await board.StagesAsync(pipelineId, ct)).Where(s => s.Kind == Otdel.Features.Pipelines.StageKind.Sales).ToList();

    Task<List<(long Id, string Name)>> Owners(CancellationToken ct) => Organisation.Assignable.PeopleAsync(db, access, ct);
}
