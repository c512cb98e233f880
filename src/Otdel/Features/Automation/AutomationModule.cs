using Otdel.Data;
using Otdel.Features.Deals;
using Otdel.Features.Pipelines;
using Quartz;

namespace Otdel.Features.Automation;

/// <summary>
/// The rules' services and the engine on Quartz (decision 0009): the ADO job store in Otdel's own database — clustered on
/// PostgreSQL, so with several instances each pass runs on one node; on SQLite (one instance) the plain ADO store. Quartz
/// creates its own qrtz_* tables (ProvisionSchema); they are outside the EF model and Otdel's migrations. Quartz schedules by
/// the app's TimeProvider (the container's), as the rules do. Otdel:Automation:PollSeconds (default
/// 15) is how often a pass runs; Otdel:Automation:Enabled=false leaves the scheduler unstarted (rules and events are still kept).
/// </summary>
public static class AutomationModule
{
    public static IServiceCollection AddAutomation(this IServiceCollection s)
    {
        s.AddScoped<AutomationScope>().AddScoped<RuleActions>().AddScoped<RulePeople>().AddScoped<SaveRule>().AddScoped<AutomationLog>();
        s.AddScoped<AutomationOutbox>();
        s.AddScoped<IDealEvents>(sp => sp.GetRequiredService<AutomationOutbox>());
        s.AddScoped<Payments.IPaymentEvents>(sp => sp.GetRequiredService<AutomationOutbox>());
        s.AddScoped<IPipelineCreated, AutomationDefaults>();
        s.AddSingleton<AutomationEngine>().AddSingleton<WebhookSender>();
        s.AddHttpClient(WebhookSender.Client);

        var settings = s.LastOrDefault(d => d.ServiceType == typeof(DbSettings))?.ImplementationInstance as DbSettings;
        if (settings is null) return s;
        s.AddQuartz(q =>
        {
            q.UseDefaultThreadPool(2);
            q.UsePersistentStore(store =>
            {
                if (settings.IsPostgres)
                {
                    store.UsePostgres(Npgsql.NpgsqlFactory.Instance, settings.ConnectionString);
                    store.UseClustering();
                }
                else store.UseSqlite(Microsoft.Data.Sqlite.SqliteFactory.Instance, settings.ConnectionString);
                store.UseSystemTextJsonSerializer();
                store.ProvisionSchema();
            });
            q.AddJob<AutomationJob>(j => j.WithIdentity(AutomationJob.Key).StoreDurably());
            q.AddJob<WebhookJob>(j => j.WithIdentity(WebhookJob.Key).StoreDurably());
            q.AddTrigger((sp, t) => t.ForJob(AutomationJob.Key).WithIdentity("automation-rules-poll", "otdel").StartNow()
                .WithSchedule(SimpleScheduleBuilder.Create().WithInterval(Poll(sp)).RepeatForever()));
            q.AddTrigger((sp, t) => t.ForJob(WebhookJob.Key).WithIdentity("automation-webhooks-poll", "otdel").StartNow()
                .WithSchedule(SimpleScheduleBuilder.Create().WithInterval(Poll(sp)).RepeatForever()));
            // Other features' scheduled jobs share this scheduler.
            ClientBase.QualitySnapshotJob.Schedule(q);
        });
        s.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        s.AddOptions<QuartzHostedServiceOptions>().Configure<IConfiguration>((o, config) => o.AutoStart = config.GetValue("Otdel:Automation:Enabled", true));
        return s;
    }

    static TimeSpan Poll(IServiceProvider sp) =>
        TimeSpan.FromSeconds(Math.Max(0.1, sp.GetRequiredService<IConfiguration>().GetValue("Otdel:Automation:PollSeconds", 15.0)));

    public static void MapAutomationApi(this RouteGroupBuilder api) => AutomationApi.Map(api);
}
