namespace Otdel.Features.Reports;

public static class ReportsModule
{
    public static IServiceCollection AddReports(this IServiceCollection s) => s;

    public static void MapReportsApi(this RouteGroupBuilder api) { }
}
