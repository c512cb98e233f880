namespace Otdel.Features.Leads;

public static class LeadsModule
{
    public static IServiceCollection AddLeads(this IServiceCollection s) => s
        .AddScoped<CreateLead>().AddScoped<UpdateLead>().AddScoped<ChangeLeadStatus>().AddScoped<ConvertLead>()
        .AddScoped<SaveChannel>().AddScoped<LeadScores>().AddScoped<SaveLeadScoring>().AddScoped<TakeFormPost>().AddSingleton<FormLimit>()
        .AddScoped<Clients.IClientLinks, LeadClientLinks>();

    public static void MapLeadsApi(this RouteGroupBuilder api) => LeadsApi.Map(api);
}

/// <summary>
/// How many web-form posts one client address may make a minute (Otdel:FormPostsPerMinute, 30 by default). Read on every
/// post, so a change applies at once (the tests lower it to see the limit bite).
/// </summary>
public sealed class FormLimit(IConfiguration config)
{
    public int PerMinute { get; set; } = config.GetValue("Otdel:FormPostsPerMinute", 30);
}
