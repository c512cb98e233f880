namespace Otdel.Features.Payments;

/// <summary>Money received on deals (a first slice of capability C8): payments, whole or in part, and their cancellation.</summary>
public static class PaymentsModule
{
    public static IServiceCollection AddPayments(this IServiceCollection s) => s.AddScoped<DealPayments>();

    public static void MapPaymentsApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/deals/{id:long}/payments").WithTags("Payments");
        g.MapGet("/", async (long id, DealPayments payments, CancellationToken ct) =>
            (await payments.ListAsync(id, ct)).ToResult(Results.Ok)).Produces<DealPaymentsView>();
        g.MapPost("/", async (long id, PaymentInput input, DealPayments payments, CancellationToken ct) =>
            (await payments.AddAsync(id, input, ct)).ToResult(p => Results.Created($"/api/v1/deals/{id}/payments/{p.Id}", p)))
            .Produces<PaymentView>(StatusCodes.Status201Created);
        g.MapDelete("/{paymentId:long}", async (long id, long paymentId, DealPayments payments, CancellationToken ct) =>
            (await payments.CancelAsync(id, paymentId, ct)).ToResult(Results.Ok)).Produces<PaymentView>();
    }
}
