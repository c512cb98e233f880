using Otdel.Data;

namespace Otdel.Features.Deals.Board;

/// <summary>
/// Folds the board totals' appended rows (<see cref="StageTotals.FoldAsync"/>) every 30 s
/// (Otdel:FoldTotalsSeconds, 0 switches it off), so the board keeps reading about one row per stage, owner and status.
/// </summary>
public sealed class TotalsFolder(IServiceScopeFactory scopes, IConfiguration config, ILogger<TotalsFolder> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seconds = int.TryParse(config["Otdel:FoldTotalsSeconds"], out var s) ? s : 30;
        if (seconds <= 0) return;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(seconds));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    using var scope = scopes.CreateScope();
                    await StageTotals.FoldAsync(scope.ServiceProvider.GetRequiredService<OtdelDb>(), stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogError(e, "Folding the board totals failed");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
