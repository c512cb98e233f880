using Otdel.Features.Deals.Board;

namespace Otdel.Features.Tasks;

public static class TasksModule
{
    public static IServiceCollection AddTasks(this IServiceCollection s) =>
        s.AddScoped<SaveTask>().AddScoped<TaskList>().AddScoped<TaskCards>().AddScoped<INextSteps>(sp => sp.GetRequiredService<TaskList>())
            .AddScoped<Clients.IClientLinks, TaskClientLinks>();

    public static void MapTasksApi(this RouteGroupBuilder api) => TasksApi.Map(api);
}
