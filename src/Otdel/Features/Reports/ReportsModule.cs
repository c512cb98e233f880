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
        .AddScoped<ChannelReport>()
        .AddScoped<ChannelPeopleReport>()
        .AddScoped<ResponseTargets>()
        .AddScoped<ResponseTimeReport>()
        .AddScoped<SaveResponseTarget>()
        .AddSingleton<ResponseWatcher>()
        .AddHostedService(sp => sp.GetRequiredService<ResponseWatcher>());

    public static void MapReportsApi(this RouteGroupBuilder api) => ReportsApi.MapReports(api);
}
