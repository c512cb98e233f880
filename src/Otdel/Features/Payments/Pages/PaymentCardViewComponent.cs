using Microsoft.AspNetCore.Mvc;
using Otdel.Platform;

namespace Otdel.Features.Payments.Pages;

/// <summary>A deal page's «Оплаты» card: <c>@await Component.InvokeAsync("PaymentCard", new { dealId })</c>.</summary>
public sealed class PaymentCardViewComponent(DealPayments payments) : ViewComponent
{
    public const string CardView = "/Features/Payments/Pages/_DealPayments.cshtml";

    public async Task<IViewComponentResult> InvokeAsync(long dealId)
    {
        var list = await payments.ListAsync(dealId, HttpContext.RequestAborted);
        return list.Ok ? View(CardView, new PaymentsCard(list.Value!)) : Content("");
    }
}

/// <summary>The card: the deal's payments, and what was typed and refused, if anything.</summary>
public sealed record PaymentsCard(DealPaymentsView Payments)
{
    public Failure? Failure { get; init; }
    public string? Amount { get; init; }
    public string? ReceivedOn { get; init; }
    public string? Reference { get; init; }
    public string? Note { get; init; }
    public string? Done { get; init; }
}
