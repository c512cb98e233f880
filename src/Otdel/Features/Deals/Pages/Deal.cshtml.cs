using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Otdel.Data;
using Otdel.Features.Deals;
using Otdel.Platform;
using Otdel.Resources;

namespace Otdel.Features.Deals.Pages;

/// <summary>
/// The deal page. Every change goes through the same handlers as the API (UpdateDeal, MoveDeal, CloseDeal, DealFiles,
/// ApproveDeal); a refusal is shown where it belongs: next to the field, or as a banner with what is missing.
/// </summary>
public sealed class DealModel(OtdelDb db, Access access, DealFiles files, TimeProvider clock, IStringLocalizer<Text> t,
    Handoffs handoffs, LocalTime local) : PageModel
{
    public TimeZoneInfo Zone => local.Zone;
    public DealDetails D { get; private set; } = null!;
    /// <summary>A refused action (move, win, lose…), shown as a banner with its missing items.</summary>
    public Failure? Failure { get; private set; }
    public string? Notice { get; private set; }
    /// <summary>The field edit that was refused, with what was typed, so nothing typed is lost.</summary>
    public (string Field, string? Value)? Typed { get; private set; }
    /// <summary>Answering an inline edit: the requirements block rides along out of band.</summary>
    public bool FieldPost { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, string? done, CancellationToken ct)
    {
        if (!await Load(id, ct)) return NotFound();
        if (done is not null) Notice = t["DealPage.Done." + done] is { ResourceNotFound: false } text ? text.Value : null;
        return Page();
    }

    /// <summary>One field edited inline (htmx, on change); answers the fields block, and the requirements out of band.</summary>
    public async Task<IActionResult> OnPostFieldAsync(long id, string field, string? value, int? version, [FromServices] UpdateDeal update, CancellationToken ct)
    {
        var (input, present, parseError) = Parse(field, value, version);
        var outcome = parseError is not null
            ? (Outcome<DealView>)new Failure(400, t["Error.Validation"], new Dictionary<string, string[]> { [field] = [parseError] })
            : await update.Run(id, input, present, ct);
        FieldPost = true;
        db.ChangeTracker.Clear();
        if (!await Load(id, ct)) return NotFound();
        if (!outcome.Ok)
        {
            Failure = outcome.Failure;
            if (outcome.Failure!.Status != 409) Typed = (field, value);
            else Notice = null;
        }
        else Notice = t["Common.Saved"];
        return Partial("_DealFields", this);
    }

    public Task<IActionResult> OnPostMoveAsync(long id, long stageId, int? version, string? overrideReason, [FromServices] MoveDeal move, CancellationToken ct) =>
        Act(id, "moved", () => move.Run(id, new MoveInput(stageId, version, string.IsNullOrWhiteSpace(overrideReason) ? null : overrideReason), ct), ct);

    public Task<IActionResult> OnPostWinAsync(long id, int? version, [FromServices] CloseDeal close, CancellationToken ct) =>
        Act(id, "won", () => close.Win(id, version, null, ct), ct);

    public Task<IActionResult> OnPostLoseAsync(long id, long? reasonId, string? comment, int? version, [FromServices] CloseDeal close, CancellationToken ct)
    {
        // A refused loss (no reason, «Другое» without a comment) keeps the dialog open with what was chosen and typed.
        Losing = (reasonId, comment);
        return Act(id, "lost", () => close.Lose(id, new LoseInput(reasonId, comment, version), ct), ct);
    }

    /// <summary>The loss dialog's reason and comment when the loss was refused, to reopen it as it was.</summary>
    public (long? ReasonId, string? Comment)? Losing { get; private set; }

    public Task<IActionResult> OnPostReopenAsync(long id, int? version, [FromServices] CloseDeal close, CancellationToken ct) =>
        Act(id, "reopened", () => close.Reopen(id, version, ct), ct);

    public async Task<IActionResult> OnPostUploadAsync(long id, string? kind, IFormFile? file, CancellationToken ct)
    {
        var outcome = await files.AddAsync(id, kind, file, ct);
        return await After(id, "uploaded", outcome.Failure, ct);
    }

    public async Task<IActionResult> OnPostApproveAsync(long id, string? comment, [FromServices] ApproveDeal approve, CancellationToken ct)
    {
        var outcome = await approve.Run(id, comment, ct);
        return await After(id, "approved", outcome.Failure, ct);
    }

    public async Task<IActionResult> OnGetFileAsync(long id, long fileId, CancellationToken ct)
    {
        var outcome = await files.OpenAsync(id, fileId, ct);
        if (!outcome.Ok) return NotFound();
        var f = outcome.Value!;
        return PhysicalFile(f.Path, f.Info.ContentType, f.Info.FileName);
    }

    async Task<IActionResult> Act(long id, string done, Func<Task<Outcome<DealView>>> run, CancellationToken ct)
    {
        var outcome = await run();
        return await After(id, done, outcome.Failure, ct);
    }

    /// <summary>Post/redirect/get on success; on a refusal the page again, with the reason and what is missing.</summary>
    async Task<IActionResult> After(long id, string done, Failure? failure, CancellationToken ct)
    {
        if (failure is null) return Redirect($"/deals/{id}?done={done}");
        db.ChangeTracker.Clear();
        if (!await Load(id, ct)) return NotFound();
        Failure = failure;
        Response.StatusCode = failure.Status;
        return Page();
    }

    async Task<bool> Load(long id, CancellationToken ct)
    {
        var d = await DealDetails.LoadAsync(db, access, files, t, clock.GetUtcNow().UtcDateTime, id, ct);
        if (d is null) return false;
        D = d;
        if (d.CanChange && d.Deal.Status != DealStatus.Lost) await PreviewHandoffs(d, ct);
        return true;
    }

    /// <summary>Per stage the deal can be moved to: who would take it over there and by which rule (none = it stays).</summary>
    public Dictionary<long, (string Name, HandoffBy Rule)> HandoffTo { get; } = [];

    async Task PreviewHandoffs(DealDetails d, CancellationToken ct)
    {
        var ownerPosition = await db.Users.Where(u => u.Id == d.Deal.OwnerId).Select(u => u.Position).FirstAsync(ct);
        var plans = new Dictionary<long, HandoffPlan>();
        foreach (var s in d.Stages.Where(s => s.Id != d.Deal.StageId && s.ResponsiblePosition is { } p && p != ownerPosition))
            if (await handoffs.PreviewAsync(d.Deal, s, ct) is { } plan) plans[s.Id] = plan;
        var ids = plans.Values.Select(p => p.UserId).Distinct().ToList();
        var names = await db.Users.Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.FullName, ct);
        foreach (var (stageId, plan) in plans) HandoffTo[stageId] = (names.GetValueOrDefault(plan.UserId, "?"), plan.Rule);
    }

    /// <summary>«Ответственным станет Ольга Смирнова (по очереди)» for a move to the stage, or null when the owner stays.</summary>
    public string? HandoffText(long stageId) => HandoffTo.TryGetValue(stageId, out var h)
        ? t["DealPage.HandoffPreview", h.Name, t["DealPage.Rule." + Otdel.Platform.SnakeCase.Of(h.Rule.ToString())]].Value : null;

    /// <summary>Missing items of a refused move (422), as MoveDeal put them in the problem's extensions.</summary>
    public IReadOnlyList<Missing> RefusedMissing => Failure?.Extensions is { } ext && ext.TryGetValue("missing", out var m) && m is IEnumerable<Missing> list
        ? list.ToList() : [];

    public string? ErrorFor(string field) => Failure?.For(field) ?? (Failure is { Status: 400 or 422 } f && Typed?.Field == field && f.Errors is not { Count: > 0 } ? f.Title : null);

    public string ValueFor(string field, string? stored) => Typed is { } typed && typed.Field == field ? typed.Value ?? "" : stored ?? "";

    (DealInput Input, HashSet<string> Present, string? Error) Parse(string field, string? value, int? version)
    {
        var v = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        var present = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        DealInput input;
        string? error = null;
        if (field.StartsWith("f.", StringComparison.Ordinal))
        {
            present.Add("fields");
            input = new DealInput { Version = version, Fields = new Dictionary<string, string?> { [field[2..]] = v ?? "" } };
            return (input, present, null);
        }
        present.Add(field);
        switch (field)
        {
            case "amount":
                decimal? amount = v is null ? 0 : RuInput.TryParseMoney(v, out var a) ? a : null;
                if (amount is null) error = t["DealPage.AmountInvalid"];
                input = new DealInput { Version = version, Amount = amount };
                break;
            case "leadScore":
                int? score = v is null ? null : int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : null;
                if (v is not null && score is null) error = t["DealPage.NumberInvalid"];
                input = new DealInput { Version = version, LeadScore = score };
                break;
            case "expectedCloseDate":
                DateOnly? date = v is null ? null : RuInput.TryParseDate(v, out var dt) ? dt : null;
                if (v is not null && date is null) error = t["DealPage.DateInvalid"];
                input = new DealInput { Version = version, ExpectedCloseDate = date };
                break;
            case "ownerId":
                input = new DealInput { Version = version, OwnerId = long.TryParse(v, out var o) ? o : null };
                break;
            case "title": input = new DealInput { Version = version, Title = v }; break;
            case "clientName": input = new DealInput { Version = version, ClientName = v }; break;
            case "currency": input = new DealInput { Version = version, Currency = v }; break;
            case "source": input = new DealInput { Version = version, Source = v }; break;
            case "segment": input = new DealInput { Version = version, Segment = v }; break;
            case "products": input = new DealInput { Version = version, Products = v }; break;
            default:
                input = new DealInput { Version = version };
                error = t["Error.Validation"];
                break;
        }
        return (input, present, error);
    }
}
