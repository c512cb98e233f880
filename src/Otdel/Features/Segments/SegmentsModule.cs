namespace Otdel.Features.Segments;

public static class SegmentsModule
{
    public static IServiceCollection AddSegments(this IServiceCollection s) => s.AddScoped<SegmentRules>().AddScoped<SaveSegment>();

    public static void MapSegmentsApi(this RouteGroupBuilder api) => SegmentsApi.Map(api);
}
