namespace Otdel.Features.Reports;

public static class ReportsModule
{
    public static IServiceCollection AddReports(this IServiceCollection s) => s
        .AddScoped<ReportScope>()
        .AddScoped<FunnelReport>()
        .AddScoped<LossReasonsReport>()
        .AddScoped<StageTimeReport>()
        .AddScoped<SalesCycleReport>()
        .AddScoped<SalesReport>()
        .AddScoped<ChannelReport>();

    public static void MapReportsApi(this RouteGroupBuilder api) => ReportsApi.MapReports(api);
}
