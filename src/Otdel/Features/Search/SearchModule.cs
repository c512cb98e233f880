namespace Otdel.Features.Search;

public static class SearchModule
{
    public static IServiceCollection AddSearch(this IServiceCollection s) => s.AddScoped<SearchEverything>();

    public static void MapSearchApi(this RouteGroupBuilder api) => SearchApi.Map(api);
}
