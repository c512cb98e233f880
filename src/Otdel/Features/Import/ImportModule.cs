namespace Otdel.Features.Import;

public static class ImportModule
{
    public static IServiceCollection AddImport(this IServiceCollection s) => s.AddScoped<RunImport>().AddScoped<SaveImportProfile>().AddScoped<UndoImport>();

    public static void MapImportApi(this RouteGroupBuilder api)
    {
        ImportApi.Map(api);
        UndoImport.Map(api);
    }
}
