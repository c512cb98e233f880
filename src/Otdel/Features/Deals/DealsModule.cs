namespace Otdel.Features.Deals;

public static class DealsModule
{
    public static IServiceCollection AddDeals(this IServiceCollection s)
    {
        s.AddScoped<Pipelines.IStageOccupants, StageOccupants>();
        s.AddScoped<Handoffs>().AddScoped<DealJourney>().AddScoped<DealChange>();
        s.AddScoped<CreateDeal>().AddScoped<MoveDeal>().AddScoped<CloseDeal>().AddScoped<UpdateDeal>();
        s.AddScoped<DealFiles>().AddScoped<ApproveDeal>().AddScoped<DealHistory>();
        s.AddScoped<Board.BoardQuery>().AddScoped<Notifications.ILiveTopics, Board.BoardLive>();
        s.AddScoped<Clients.IClientDeals, ClientDeals>();
        s.AddSingleton<OverdueWatcher>();
        s.AddHostedService(sp => sp.GetRequiredService<OverdueWatcher>());
        s.AddHostedService<Board.TotalsFolder>();
        return s;
    }

    public static void MapDealsApi(this RouteGroupBuilder api) => DealsApi.Map(api);
}
