using Microsoft.EntityFrameworkCore;

namespace Otdel.Data;

/// <summary>
/// SQLite upkeep for a long-running server: refresh the planner's statistics (PRAGMA optimize) and fold the
/// write-ahead log back into the database, at start and every few hours. PostgreSQL does this itself (autovacuum).
/// </summary>
sealed class SqliteMaintenance(IServiceScopeFactory scopes, DbSettings settings, ILogger<SqliteMaintenance> log) : BackgroundService
{
    static readonly TimeSpan Every = TimeSpan.FromHours(6);

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        if (settings.IsPostgres) return;
        using var timer = new PeriodicTimer(Every);
        do
        {
            try
            {
                using var scope = scopes.CreateScope();
                var db = scope.ServiceProvider.GetRequiredService<OtdelDb>();
                await db.Database.ExecuteSqlRawAsync("PRAGMA optimize=0x10002;", stop);
                await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);", stop);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "SQLite maintenance failed; it will be retried");
            }
        } while (await timer.WaitForNextTickAsync(stop));
    }
}
