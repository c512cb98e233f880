using Quartz;

namespace Otdel.Features.ClientBase;

/// <summary>
/// Quartz's job that takes the client base's quality snapshot of the month just ended (<see cref="QualitySnapshots"/>), on
/// the 1st at 00:05 UTC (months are UTC months, as the report's). A firing missed while no instance ran fires once at the
/// next start; a month already taken is left as it is, so a second node or a late firing changes nothing.
/// </summary>
[DisallowConcurrentExecution]
public sealed class QualitySnapshotJob(IServiceScopeFactory scopes, TimeProvider clock) : IJob
{
    public static readonly JobKey Key = new("client-quality-snapshot", "otdel");
    public const string Cron = "0 5 0 1 * ?";

    /// <summary>Registers the job and its monthly trigger with the app's Quartz (called where Quartz is set up).</summary>
    public static void Schedule(IQuartzBuilder q)
    {
        q.AddJob<QualitySnapshotJob>(j => j.WithIdentity(Key).StoreDurably());
        q.AddTrigger(t => t.ForJob(Key).WithIdentity("client-quality-snapshot-monthly", "otdel")
            .WithCronSchedule(Cron, c => c.InTimeZone(TimeZoneInfo.Utc).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)));
    }

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<QualitySnapshots>().TakeAsync(LastMonth(clock.GetUtcNow().UtcDateTime), ct);
    }

    public static DateOnly LastMonth(DateTime nowUtc) => new DateOnly(nowUtc.Year, nowUtc.Month, 1).AddMonths(-1);
}
