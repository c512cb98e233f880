namespace Otdel.Features.Pipelines;

public static class PipelinesModule
{
    public static IServiceCollection AddPipelines(this IServiceCollection s) => s;

    public static void MapPipelinesApi(this RouteGroupBuilder api) { }
}
