using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Otdel.Data;
using Otdel.Features.Notifications;
using Otdel.Resources;

namespace Otdel.Features.Deals;

/// <summary>
/// Tells a deal's owner and the owner's boss, once per stage entry, that the deal has outstayed its stage's
/// working-time limit. Runs every 30 s (Otdel:OverdueIntervalSeconds, 0 switches it off); <see cref="RunOnceAsync"/> is one pass.
/// </summary>
public sealed class OverdueWatcher(IServiceScopeFactory scopes, IConfiguration config, ILogger<OverdueWatcher> log) : BackgroundService
{
    const int Batch = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seconds = int.TryParse(config["Otdel:OverdueIntervalSeconds"], out var s) ? s : 30;
        if (seconds <= 0) return; // switched off (the benchmark measures without it)
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(seconds));
        do
        {
            try
            {
                var n = await RunOnceAsync(stoppingToken);
                if (n > 0) log.LogInformation("Overdue deals notified: {Count}", n);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Overdue pass failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One pass: every overdue deal not yet reported gets its notifications; returns how many deals.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct = default)
    {
        var total = 0;
        while (true)
        {
            using var scope = scopes.CreateScope();
            var n = await PassAsync(scope.ServiceProvider, ct);
            total += n;
            if (n < Batch) return total;
        }
    }

    static async Task<int> PassAsync(IServiceProvider services, CancellationToken ct)
    {
        var db = services.GetRequiredService<OtdelDb>();
        var notifier = services.GetRequiredService<Notifier>();
        var t = services.GetRequiredService<IStringLocalizer<Text>>();
        var now = db.UtcNow;
        // Whole milliseconds survive both engines' timestamp precision, so the claim below can find its own rows.
        now = new DateTime(now.Ticks - now.Ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);
        var due = await db.Deals.AsNoTracking().OverdueAt(now).Where(d => d.OverdueNotifiedAt == null)
            .OrderBy(d => d.StageDueAt).Take(Batch)
            .Select(d => new { d.Id, d.Title, d.OwnerId, d.StageId }).ToListAsync(ct);
        if (due.Count == 0) return 0;

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var ids = due.Select(d => d.Id).ToList();
        // Claim first (without bumping versions, so a seller's open card stays current); another instance claims the rest.
        await db.Deals.Where(d => ids.Contains(d.Id) && d.OverdueNotifiedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.OverdueNotifiedAt, now), ct);
        var claimed = (await db.Deals.Where(d => ids.Contains(d.Id) && d.OverdueNotifiedAt == now).Select(d => d.Id).ToListAsync(ct)).ToHashSet();

        var ownerIds = due.Select(d => d.OwnerId).Distinct().ToList();
        var owners = await db.Users.AsNoTracking().Where(u => ownerIds.Contains(u.Id))
            .Select(u => new { u.Id, u.ManagerId, u.Language, u.FullName }).ToDictionaryAsync(u => u.Id, ct);
        var bossIds = owners.Values.Where(o => o.ManagerId != null).Select(o => o.ManagerId!.Value).Distinct().ToList();
        var bosses = await db.Users.AsNoTracking().Where(u => bossIds.Contains(u.Id) && u.IsActive)
            .Select(u => new { u.Id, u.Language }).ToDictionaryAsync(u => u.Id, u => u.Language, ct);
        var stageIds = due.Select(d => d.StageId).Distinct().ToList();
        var stageNames = await db.Stages.AsNoTracking().Where(s => stageIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name, ct);

        foreach (var d in due.Where(d => claimed.Contains(d.Id)))
        {
            var stage = stageNames.GetValueOrDefault(d.StageId, "");
            var link = $"/deals/{d.Id}";
            if (owners.TryGetValue(d.OwnerId, out var owner))
            {
                notifier.Notify(owner.Id, "overdue", DealTexts.In(t, owner.Language, "Deals.Notify.Overdue", d.Title, stage), link);
                if (owner.ManagerId is { } boss && boss != owner.Id && bosses.TryGetValue(boss, out var bossLang))
                    notifier.Notify(boss, "overdue", DealTexts.In(t, bossLang, "Deals.Notify.OverdueBoss", d.Title, stage, owner.FullName), link);
            }
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return due.Count;
    }
}
