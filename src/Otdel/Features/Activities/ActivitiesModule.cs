namespace Otdel.Features.Activities;

public static class ActivitiesModule
{
    public static IServiceCollection AddActivities(this IServiceCollection s) =>
        s.AddScoped<LogActivity>().AddScoped<Tasks.ITaskCompletion>(sp => sp.GetRequiredService<LogActivity>())
            .AddScoped<ActivityList>().AddScoped<ActivityReport>().AddScoped<WorkingDayReport>().AddScoped<Timeline>()
            .AddScoped<Clients.IClientLinks, ActivityClientLinks>();

    public static void MapActivitiesApi(this RouteGroupBuilder api)
    {
        ActivitiesApi.Map(api);
        WorkingDayApi.Map(api);
    }
}
