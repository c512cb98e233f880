using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Otdel.Data;
using Otdel.Platform;
using Otdel.Resources;

namespace Otdel.Features.Clients.Pages;

/// <summary>
/// The client page: details (editable), contacts with the decision maker, deals, lifetime figures, important dates, look-alikes to merge,
/// history. Every change goes through the API's use cases (UpdateClient, CreateClient, MergeClients).
/// </summary>
public sealed class ClientModel(OtdelDb db, Access access, IClientDeals deals, ClientMatches matches, LocalTime local, IStringLocalizer<Text> t,
    ClientDates dates) : PageModel
{
    public TimeZoneInfo Zone => local.Zone;
    public ClientCard C { get; private set; } = null!;
    public string? Notice { get; private set; }
    /// <summary>Which form was refused ("details", "contact", "merge") and why; the form opens again with what was typed.</summary>
    public string? Refused { get; private set; }
    public Failure? Failure { get; private set; }
    public ClientForm Details { get; private set; } = new();
    public ClientForm Contact { get; private set; } = new();
    public List<ClientDateRow> Dates { get; private set; } = [];
    /// <summary>The date form that was refused: what was typed, and which date (null: the new one).</summary>
    public ClientDateForm DateTyped { get; private set; } = new() { Repeat = ClientDates.Yearly };
    public long? RefusedDateId { get; private set; }
    public ClientDateForm NewDate => Refused == "date" ? DateTyped : new ClientDateForm { Repeat = ClientDates.Yearly };

    public async Task<IActionResult> OnGetAsync(long id, string? done, CancellationToken ct)
    {
        if (!await Load(id, ct)) return NotFound();
        if (done is not null) Notice = t["Clients.Done." + done] is { ResourceNotFound: false } text ? text.Value : null;
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(long id, [FromForm] ClientForm form, [FromServices] UpdateClient update, CancellationToken ct)
    {
        var current = await db.Clients.VisibleTo(access).AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (current is null) return NotFound();
        var (input, bad) = form.ToInput(current.IsCompany, withKind: false, t);
        var present = new HashSet<string>(input.Sent, StringComparer.OrdinalIgnoreCase);
        var outcome = bad is not null ? bad : (await update.Run(id, input, present, ct)).Failure;
        db.ChangeTracker.Clear();
        return outcome is null ? Redirect($"/clients/{id}?done=saved") : await Refuse(id, "details", outcome, form, ct);
    }

    public async Task<IActionResult> OnPostContactAsync(long id, [FromForm] ClientForm form, [FromServices] CreateClient create, CancellationToken ct)
    {
        if (!await Load(id, ct)) return NotFound();
        var (input, bad) = form.ToInput(company: false, withKind: false, t);
        var outcome = bad is not null ? (Outcome<ClientView>)bad : await create.Run(input, id, ct);
        db.ChangeTracker.Clear();
        return outcome.Ok ? Redirect($"/clients/{id}?done=contact#contacts") : await Refuse(id, "contact", outcome.Failure!, form, ct);
    }

    public async Task<IActionResult> OnPostMergeAsync(long id, long otherId, int? version, [FromServices] MergeClients merge, CancellationToken ct)
    {
        var outcome = await merge.Run(id, new MergeInput(otherId, version), ct);
        db.ChangeTracker.Clear();
        return outcome.Ok ? Redirect($"/clients/{id}?done=merged") : await Refuse(id, "merge", outcome.Failure!, null, ct);
    }

    public async Task<IActionResult> OnPostKeyAccountAsync(long id, long? kamId, [FromServices] MarkKeyAccount mark, CancellationToken ct)
    {
        var outcome = await mark.MarkAsync(id, new KeyAccountInput(kamId), ct);
        db.ChangeTracker.Clear();
        return outcome.Ok ? Redirect($"/clients/{id}?done=keyAccount") : await RefuseOrStatus(id, "keyAccount", outcome.Failure!, ct);
    }

    public async Task<IActionResult> OnPostKeyAccountOffAsync(long id, [FromServices] MarkKeyAccount mark, CancellationToken ct)
    {
        var outcome = await mark.UnmarkAsync(id, ct);
        db.ChangeTracker.Clear();
        return outcome.Ok ? Redirect($"/clients/{id}?done=keyAccountOff") : await RefuseOrStatus(id, "keyAccount", outcome.Failure!, ct);
    }

    public async Task<IActionResult> OnPostDateAsync(long id, [FromForm] ClientDateForm form, CancellationToken ct)
    {
        var input = form.ToInput(out var badDate);
        var outcome = badDate ? BadDate() : (await dates.CreateAsync(id, input, ct)).Failure;
        db.ChangeTracker.Clear();
        return outcome is null ? Redirect($"/clients/{id}?done=date#dates") : await RefuseDate(id, null, outcome, form, ct);
    }

    public async Task<IActionResult> OnPostDateSaveAsync(long id, long dateId, [FromForm] ClientDateForm form, CancellationToken ct)
    {
        var input = form.ToInput(out var badDate);
        var outcome = badDate ? BadDate() : (await dates.UpdateAsync(id, dateId, input, ct)).Failure;
        db.ChangeTracker.Clear();
        return outcome is null ? Redirect($"/clients/{id}?done=date#dates") : await RefuseDate(id, dateId, outcome, form, ct);
    }

    public async Task<IActionResult> OnPostDateDeleteAsync(long id, long dateId, CancellationToken ct)
    {
        var outcome = await dates.DeleteAsync(id, dateId, ct);
        db.ChangeTracker.Clear();
        return outcome.Ok ? Redirect($"/clients/{id}?done=dateDeleted#dates") : await RefuseDate(id, dateId, outcome.Failure!, null, ct);
    }

    Failure BadDate() => new(400, t["Error.Validation"], new Dictionary<string, string[]> { ["date"] = [t["Clients.BadDate"]] });

    async Task<IActionResult> RefuseDate(long id, long? dateId, Failure failure, ClientDateForm? typed, CancellationToken ct)
    {
        if (failure.Status == 404) return NotFound();
        RefusedDateId = dateId;
        if (typed is not null) DateTyped = typed;
        return await Refuse(id, dateId is null ? "date" : "date-" + dateId, failure, null, ct);
    }

    /// <summary>Heads mark key accounts: the form is shown to them only, and anyone else posting it gets 403 (404 for a client they do not see).</summary>
    public bool CanMarkKeyAccount => access.RunsDepartment && C.Client.CompanyId is null;

    async Task<IActionResult> RefuseOrStatus(long id, string what, Failure failure, CancellationToken ct) =>
        failure.Status is 403 or 404 ? StatusCode(failure.Status) : await Refuse(id, what, failure, null, ct);

    async Task<IActionResult> Refuse(long id, string what, Failure failure, ClientForm? typed, CancellationToken ct)
    {
        if (!await Load(id, ct)) return NotFound();
        Refused = what;
        Failure = failure;
        // A stale save shows the client as it is now (someone else changed it); any other refusal keeps what was typed.
        if (what == "details" && typed is not null && failure.Status != 409) Details = typed;
        if (what == "contact" && typed is not null) Contact = typed;
        Response.StatusCode = failure.Status;
        return Page();
    }

    async Task<bool> Load(long id, CancellationToken ct)
    {
        var card = await ClientCard.LoadAsync(db, access, deals, matches, t, id, ct);
        if (card is null) return false;
        C = card;
        Details = ClientForm.Of(card.Client);
        var own = (await dates.ListAsync(id, ct)).Value ?? [];
        Dates = ClientDateRow.Of(card.Client, card.Contacts, own, t["Clients.Dates.Birthday"], dates.Today);
        return true;
    }

    /// <summary>The messages of a refused form for one field, with its list items ("otherPhones[1]").</summary>
    public string? ErrorFor(string form, string field) =>
        Refused != form ? null : ClientForm.ErrorOf(Failure, field);

    public string Css(string form, string field) => ErrorFor(form, field) is null ? "" : "invalid";
}
