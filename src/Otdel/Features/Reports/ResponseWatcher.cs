using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Otdel.Data;
using Otdel.Features.Deals;
using Otdel.Features.Leads;
using Otdel.Features.Notifications;
using Otdel.Resources;

namespace Otdel.Features.Reports;

/// <summary>
/// Tells a lead's owner when the lead has waited for its first contact longer than the department's target (working
/// minutes, <see cref="ResponseTargets"/>), and the owner's boss when it has waited twice as long — once each per lead
/// (leads.response_alert_level), however many instances run. Only open leads (new, MQL, SQL) that arrived in the last
/// 14 days: an older lead never contacted is the report's business, not news. Runs every 60 s
/// (Otdel:ResponseAlertIntervalSeconds, 0 switches it off); <see cref="RunOnceAsync"/> is one pass.
/// </summary>
public sealed class ResponseWatcher(IServiceScopeFactory scopes, IConfiguration config, ILogger<ResponseWatcher> log) : BackgroundService
{
    public static readonly TimeSpan Horizon = TimeSpan.FromDays(14);
    const int Batch = 2000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seconds = config.GetValue("Otdel:ResponseAlertIntervalSeconds", 60);
        if (seconds <= 0) return;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(seconds));
        do
        {
            try
            {
                var n = await RunOnceAsync(stoppingToken);
                if (n > 0) log.LogInformation("Response-time alerts sent: {Count}", n);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Response-time pass failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One pass over the waiting leads, a page at a time; returns how many leads it alerted about.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct = default)
    {
        var (total, after) = (0, 0L);
        while (true)
        {
            using var scope = scopes.CreateScope();
            var (alerted, last, full) = await PageAsync(scope.ServiceProvider, after, ct);
            total += alerted;
            if (!full) return total;
            after = last;
        }
    }

    static async Task<(int Alerted, long Last, bool Full)> PageAsync(IServiceProvider services, long after, CancellationToken ct)
    {
        var db = services.GetRequiredService<OtdelDb>();
        var targets = services.GetRequiredService<ResponseTargets>();
        var notifier = services.GetRequiredService<Notifier>();
        var t = services.GetRequiredService<IStringLocalizer<Text>>();
        var now = db.UtcNow;
        // Whole milliseconds survive both engines' timestamp precision, so the claim below can find its own rows.
        now = new DateTime(now.Ticks - now.Ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);
        var since = now - Horizon;
        var latest = now.AddMinutes(-ResponseTargets.MinMinutes);
        var waiting = await db.Leads.AsNoTracking()
            .Where(l => l.Id > after && l.FirstContactAt == null && l.ResponseAlertLevel < 2 && l.ArrivedAt >= since && l.ArrivedAt <= latest
                && (l.Status == LeadStatus.New || l.Status == LeadStatus.Mql || l.Status == LeadStatus.Sql))
            .OrderBy(l => l.Id).Take(Batch)
            .Select(l => new { l.Id, l.Name, l.OwnerId, l.ArrivedAt, l.ResponseAlertLevel }).ToListAsync(ct);
        if (waiting.Count == 0) return (0, after, false);
        var page = (Last: waiting[^1].Id, Full: waiting.Count == Batch);
        var ownerIds = waiting.Select(l => l.OwnerId).Distinct().ToList();
        var owners = await db.Users.AsNoTracking().Where(u => ownerIds.Contains(u.Id))
            .Select(u => new { u.Id, u.FullName, u.Language, u.ManagerId, u.DepartmentId, u.IsActive }).ToDictionaryAsync(u => u.Id, ct);

        var due = new List<(long Id, string Name, long OwnerId, int From, int To, int Target)>();
        foreach (var l in waiting)
        {
            var (target, clock) = await targets.OfAsync(owners.GetValueOrDefault(l.OwnerId)?.DepartmentId, ct);
            var minutes = clock.MinutesBetween(l.ArrivedAt, now);
            var level = ResponseTimeReport.IsOver(minutes, 2 * target) ? 2 : ResponseTimeReport.IsOver(minutes, target) ? 1 : 0;
            if (level > l.ResponseAlertLevel) due.Add((l.Id, l.Name, l.OwnerId, l.ResponseAlertLevel, level, target));
        }
        if (due.Count == 0) return (0, page.Last, page.Full);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Claim first, a level at a time (no version bump: a seller's open card stays current); another instance gets none of these.
        var claimed = new HashSet<long>();
        foreach (var group in due.GroupBy(d => d.To))
        {
            var ids = group.Select(d => d.Id).ToList();
            var level = group.Key;
            await db.Leads.Where(l => ids.Contains(l.Id) && l.ResponseAlertLevel < level && l.FirstContactAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(l => l.ResponseAlertLevel, level).SetProperty(l => l.ResponseAlertedAt, now), ct);
            claimed.UnionWith(await db.Leads.Where(l => ids.Contains(l.Id) && l.ResponseAlertLevel == level && l.ResponseAlertedAt == now)
                .Select(l => l.Id).ToListAsync(ct));
        }
        var bossIds = owners.Values.Where(o => o.ManagerId != null).Select(o => o.ManagerId!.Value).Distinct().ToList();
        var bosses = await db.Users.AsNoTracking().Where(u => bossIds.Contains(u.Id) && u.IsActive)
            .ToDictionaryAsync(u => u.Id, u => u.Language, ct);
        foreach (var d in due.Where(d => claimed.Contains(d.Id)))
        {
            if (!owners.TryGetValue(d.OwnerId, out var owner)) continue;
            var link = $"/leads/{d.Id}";
            if (d.From < 1 && owner.IsActive)
                notifier.Notify(owner.Id, "response", DealTexts.In(t, owner.Language, "Reports.Response.Notify.Owner", d.Name, d.Target), link);
            if (d.To == 2 && owner.ManagerId is { } boss && boss != owner.Id && bosses.TryGetValue(boss, out var lang))
                notifier.Notify(boss, "response", DealTexts.In(t, lang, "Reports.Response.Notify.Boss", d.Name, owner.FullName, 2 * d.Target), link);
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return (claimed.Count, page.Last, page.Full);
    }
}
