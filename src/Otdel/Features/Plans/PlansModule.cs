namespace Otdel.Features.Plans;

public static class PlansModule
{
    public static IServiceCollection AddPlans(this IServiceCollection s) => s
        .AddScoped<Calendars>()
        .AddScoped<PlanReader>()
        .AddScoped<SavePlan>()
        .AddScoped<ForecastPlan>()
        .AddScoped<PlanFactReport>()
        .AddScoped<PlanDeals>()
        .AddScoped<SellerDay>()
        .AddScoped<ReverseFunnel>()
        .AddScoped<ReverseSources>()
        .AddScoped<MarkDealForecast>();
}
