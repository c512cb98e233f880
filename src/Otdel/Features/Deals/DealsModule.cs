namespace Otdel.Features.Deals;

public static class DealsModule
{
    public static IServiceCollection AddDeals(this IServiceCollection s) => s;

    public static void MapDealsApi(this RouteGroupBuilder api) { }
}
