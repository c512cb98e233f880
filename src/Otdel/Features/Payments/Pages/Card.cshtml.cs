using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Otdel.Features.Organisation.Pages;
using Otdel.Platform;
using Otdel.Resources;

namespace Otdel.Features.Payments.Pages;

/// <summary>
/// The «Оплаты» card's own address: GET gives it again; Add records a payment typed on the card (amount as people type
/// it, «150 000,50 ₽»; the day дд.мм.гггг, empty = today); Cancel strikes one out. htmx swaps the card; a plain post goes
/// back to the deal.
/// </summary>
public sealed class CardModel(DealPayments payments, IStringLocalizer<Text> t) : PageModel
{
    public Task<IActionResult> OnGetAsync(long dealId, CancellationToken ct) => CardAsync(dealId, null, ct);

    public async Task<IActionResult> OnPostAddAsync(long dealId, string? amount, string? receivedOn, string? reference, string? note, CancellationToken ct)
    {
        var fields = new Dictionary<string, string[]>();
        decimal? sum = null;
        if (string.IsNullOrWhiteSpace(amount)) fields["amount"] = [t["Error.Required"]];
        else if (RuInput.TryParseMoney(amount, out var a)) sum = a;
        else fields["amount"] = [t["Payments.AmountInvalid"]];
        DateOnly? on = null;
        if (!string.IsNullOrWhiteSpace(receivedOn))
        {
            if (RuInput.TryParseDate(receivedOn, out var d)) on = d;
            else fields["receivedOn"] = [t["Payments.DateInvalid"]];
        }
        var failure = fields.Count > 0
            ? new Failure(400, t["Error.Validation"], fields)
            : (await payments.AddAsync(dealId, new PaymentInput(sum, on, reference, note), ct)).Failure;
        if (failure is { Status: 404 }) return NotFound();
        if (failure is null && !Request.IsHtmx()) return Redirect($"/deals/{dealId}#payments");
        if (failure is not null) Response.RefusedWith(Request, failure);
        return await CardAsync(dealId, card => failure is null
            ? card with { Done = "Payments.Added" }
            : card with { Failure = failure, Amount = amount, ReceivedOn = receivedOn, Reference = reference, Note = note }, ct);
    }

    public async Task<IActionResult> OnPostCancelAsync(long dealId, long paymentId, CancellationToken ct)
    {
        var outcome = await payments.CancelAsync(dealId, paymentId, ct);
        if (outcome.Failure is { Status: 404 }) return NotFound();
        if (!Request.IsHtmx()) return Redirect($"/deals/{dealId}#payments");
        return await CardAsync(dealId, card => card with { Done = "Payments.CancelledDone" }, ct);
    }

    async Task<IActionResult> CardAsync(long dealId, Func<PaymentsCard, PaymentsCard>? change, CancellationToken ct)
    {
        var list = await payments.ListAsync(dealId, ct);
        if (!list.Ok) return NotFound();
        var card = new PaymentsCard(list.Value!);
        if (change is not null) card = change(card);
        return Partial(PaymentCardViewComponent.CardView, card);
    }
}
