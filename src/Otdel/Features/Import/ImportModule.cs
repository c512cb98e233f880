namespace Otdel.Features.Import;

public static class ImportModule
{
    public static IServiceCollection AddImport(this IServiceCollection s) => s.AddScoped<RunImport>().AddScoped<SaveImportProfile>().AddScoped<UndoImport>()
        .AddSingleton<ImportQueue>().AddSingleton<LiveImports>().AddHostedService<ImportWorker>();

    public static void MapImportApi(this RouteGroupBuilder api)
    {
        ImportApi.Map(api);
        UndoImport.Map(api);
    }
}
