using Microsoft.AspNetCore.Mvc;

namespace Otdel.Features.Activities.Pages;

/// <summary>
/// The «Хронология» card other capabilities' pages show: <c>@await Component.InvokeAsync("Timeline", new { dealId })</c> on the
/// deal page, <c>new { clientId }</c> on the client page. Nothing when the caller does not see the record.
/// </summary>
public sealed class TimelineViewComponent(Timeline timeline) : ViewComponent
{
    public const string CardView = "/Features/Activities/Pages/_Timeline.cshtml";

    public async Task<IViewComponentResult> InvokeAsync(long? dealId = null, long? clientId = null)
    {
        var card = dealId is { } d ? await timeline.OfDealAsync(d, HttpContext.RequestAborted)
            : clientId is { } c ? await timeline.OfClientAsync(c, HttpContext.RequestAborted) : null;
        return card is null ? Content("") : View(CardView, card);
    }
}
