using Quartz;

namespace Otdel.Features.Automation;

/// <summary>Quartz's job for the rules: one pass of <see cref="AutomationEngine"/>; one node of a cluster at a time.</summary>
[DisallowConcurrentExecution]
public sealed class AutomationJob(AutomationEngine engine, ILogger<AutomationJob> log) : IJob
{
    public static readonly JobKey Key = new("automation-rules", "otdel");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct)
    {
        var n = await engine.RunOnceAsync(ct);
        if (n > 0) log.LogInformation("Automation firings: {Count}", n);
    }
}

/// <summary>Quartz's job for queued webhook calls, apart from the rules so a slow receiver never delays them.</summary>
[DisallowConcurrentExecution]
public sealed class WebhookJob(WebhookSender sender) : IJob
{
    public static readonly JobKey Key = new("automation-webhooks", "otdel");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct) => await sender.RunOnceAsync(ct);
}
