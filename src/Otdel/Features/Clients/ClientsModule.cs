namespace Otdel.Features.Clients;

public static class ClientsModule
{
    public static IServiceCollection AddClients(this IServiceCollection s) =>
        s.AddScoped<ClientMatches>().AddScoped<CreateClient>().AddScoped<UpdateClient>().AddScoped<MergeClients>()
            .AddScoped<MarkKeyAccount>().AddScoped<ClientDates>();

    public static void MapClientsApi(this RouteGroupBuilder api) => ClientsApi.Map(api);
}
