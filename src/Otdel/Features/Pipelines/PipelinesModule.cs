namespace Otdel.Features.Pipelines;

public static class PipelinesModule
{
    public static IServiceCollection AddPipelines(this IServiceCollection s) =>
        s.AddSingleton<StageCatalog>().AddScoped<FindPipelines>().AddScoped<SavePipeline>().AddScoped<SaveStage>().AddScoped<SaveLossReason>().AddScoped<SavePipelineField>();

    public static void MapPipelinesApi(this RouteGroupBuilder api) => PipelinesApi.Map(api);
}
