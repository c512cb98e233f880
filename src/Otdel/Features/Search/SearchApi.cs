namespace Otdel.Features.Search;

/// <summary>/api/v1/search: the top bar's search as JSON, the same groups the page shows.</summary>
public static class SearchApi
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/search", async (string? q, SearchEverything search, CancellationToken ct) =>
            (await search.Run(q, ct)).ToResult(Results.Ok)).WithTags("Search");
}
