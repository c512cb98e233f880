using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Otdel.Features.Organisation.Pages;
using Otdel.Platform;

namespace Otdel.Features.Activities.Pages;

/// <summary>
/// The timeline card's own address: GET gives the card again (a deal's with <c>dealId</c>, a client's with
/// <c>clientId</c>); Add logs an activity from the short form — the kind, and of the rest only what fits the kind (a
/// direction and a result for a call, a length in minutes for a call or a meeting), the moment typed дд.мм.гггг чч:мм
/// on the reader's clock or now. htmx swaps the card; a plain post goes back to the page it came from.
/// </summary>
public sealed class CardModel(Timeline timeline, LogActivity log, Errors errors) : PageModel
{
    public async Task<IActionResult> OnGetAsync(long? dealId, long? clientId, CancellationToken ct) => await CardAsync(dealId, clientId, null, ct);

    public async Task<IActionResult> OnPostAddAsync(long? dealId, long? clientId, string? kind, string? direction, string? result, string? minutes,
        string? at, string? format, string? text, string? recordingUrl, CancellationToken ct)
    {
        if (dealId is null && clientId is null) return NotFound();
        var k = ActivityRules.Word<ActivityKind>(kind);
        DateTime? moment = null;
        if (!string.IsNullOrWhiteSpace(at))
        {
            if (RuInput.TryParseMoment(at, out var wall)) moment = wall;
            else errors.Add("at", "Activities.BadAt");
        }
        int? seconds = null;
        if (!string.IsNullOrWhiteSpace(minutes) && k is ActivityKind.Call or ActivityKind.Meeting)
        {
            if (decimal.TryParse(minutes.Trim().Replace(',', '.'), NumberStyles.Number, CultureInfo.InvariantCulture, out var m) && m >= 0 && m <= 24 * 60)
                seconds = (int)Math.Round(m * 60);
            else errors.Add("durationSeconds", "Activities.BadMinutes");
        }
        Failure? failure = errors.Any ? errors.ToFailure() : null;
        if (failure is null)
        {
            var input = new ActivityInput
            {
                Kind = kind,
                Direction = k is ActivityKind.Call or ActivityKind.Email or ActivityKind.Message ? direction : null,
                Result = k == ActivityKind.Call ? result : null,
                Format = k == ActivityKind.Meeting ? format : null,
                RecordingUrl = k == ActivityKind.Call ? recordingUrl : null,
                DurationSeconds = seconds,
                At = moment,
                Text = text,
                DealId = dealId,
                ClientId = dealId is null ? clientId : null,
            };
            failure = (await log.CreateAsync(input, ct)).Failure;
        }
        if (failure is null && !Request.IsHtmx()) return Redirect(Back(dealId, clientId));
        if (failure is not null) Response.RefusedWith(Request, failure);
        var typed = new Dictionary<string, string?>
        {
            ["kind"] = kind, ["direction"] = direction, ["result"] = result, ["minutes"] = minutes, ["at"] = at, ["format"] = format, ["text"] = text,
            ["recordingUrl"] = recordingUrl,
        };
        return await CardAsync(dealId, clientId, card => failure is null
            ? card with { Done = "Activities.Logged", Typed = new() { ["kind"] = kind } }
            : card with { Failure = failure, Typed = typed }, ct);
    }

    static string Back(long? dealId, long? clientId) => dealId is { } d ? $"/deals/{d}#timeline" : $"/clients/{clientId}#timeline";

    async Task<IActionResult> CardAsync(long? dealId, long? clientId, Func<TimelineCard, TimelineCard>? change, CancellationToken ct)
    {
        var card = dealId is { } d ? await timeline.OfDealAsync(d, ct) : clientId is { } c ? await timeline.OfClientAsync(c, ct) : null;
        if (card is null) return NotFound();
        if (change is not null) card = change(card);
        return Partial(TimelineViewComponent.CardView, card);
    }
}
