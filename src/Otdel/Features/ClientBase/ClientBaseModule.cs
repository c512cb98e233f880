namespace Otdel.Features.ClientBase;

/// <summary>
/// The client base as a whole: ABC analysis of clients and the base's quality score (issue 10 item 6) with its monthly
/// snapshots (<see cref="QualitySnapshotJob"/> is scheduled where Quartz is set up: Automation's module).
/// </summary>
public static class ClientBaseModule
{
    public static IServiceCollection AddClientBase(this IServiceCollection s) =>
        s.AddScoped<AbcReport>().AddScoped<ClientQualityReport>().AddScoped<QualitySnapshots>();

    public static void MapClientBaseApi(this RouteGroupBuilder api) => ClientBaseApi.Map(api);
}
