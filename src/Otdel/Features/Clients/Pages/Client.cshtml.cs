using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Otdel.Data;
using Otdel.Platform;
using Otdel.Resources;

namespace Otdel.Features.Clients.Pages;

/// <summary>
/// The client page: details (editable), contacts with the decision maker, deals, lifetime figures, look-alikes to merge,
/// history. Every change goes through the API's use cases (UpdateClient, CreateClient, MergeClients).
/// </summary>
public sealed class ClientModel(OtdelDb db, Access access, IClientDeals deals, ClientMatches matches, LocalTime local, IStringLocalizer<Text> t)
    : PageModel
{
    public TimeZoneInfo Zone => local.Zone;
    public ClientCard C { get; private set; } = null!;
    public string? Notice { get; private set; }
    /// <summary>Which form was refused ("details", "contact", "merge") and why; the form opens again with what was typed.</summary>
    public string? Refused { get; private set; }
    public Failure? Failure { get; private set; }
    public ClientForm Details { get; private set; } = new();
    public ClientForm Contact { get; private set; } = new();

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
        return true;
    }

    /// <summary>The messages of a refused form for one field, with its list items ("otherPhones[1]").</summary>
    public string? ErrorFor(string form, string field) =>
        Refused != form ? null : ClientForm.ErrorOf(Failure, field);

    public string Css(string form, string field) => ErrorFor(form, field) is null ? "" : "invalid";
}
