using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Features.Deals;
using Otdel.Platform;

namespace Otdel.Features.Automation;

/// <summary>
/// One pass of the rules (run by Quartz's <see cref="AutomationJob"/>, one node of a cluster at a time): the outbox's deal
/// events in order, then the time-based triggers — a stay in a stage of N working hours, an overdue stage, N days without
/// activity, a new lead from a channel, an overdue task, a deal's date reached (<see cref="DateTrigger"/>). Each occasion
/// becomes a firing with a unique key per rule, and the firing's row and its actions commit in one transaction, so an
/// occasion fires once however many instances look at it, and a crash in between leaves it to the next pass. A chain of
/// firings deeper than <see cref="MaxDepth"/> or more than <see cref="MaxPerDealPerDay"/> firings on one deal in a day is
/// a loop: stopped, logged as an error.
/// </summary>
public sealed class AutomationEngine(IServiceScopeFactory scopes, WorkCalendar calendar, ILogger<AutomationEngine> log)
{
    public const int MaxDepth = 5;
    public const int MaxPerDealPerDay = 30;
    const int Batch = 200;
    long passes;

    /// <summary>Passes finished by this instance (tests wait for passes, never for time).</summary>
    public long Passes => Interlocked.Read(ref passes);

    /// <summary>One pass; returns how many firings were recorded.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct = default)
    {
        try
        {
            return await PassAsync(ct);
        }
        finally
        {
            Interlocked.Increment(ref passes);
        }
    }

    async Task<int> PassAsync(CancellationToken ct)
    {
        var fired = 0;
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<OtdelDb>();
        var rules = await db.Set<AutomationRule>().AsNoTracking().Where(r => r.IsEnabled).ToListAsync(ct);
        if (rules.Count == 0)
        {
            // Nothing listens: the events are done as they are.
            await db.Set<AutomationEvent>().Where(e => e.DoneAt == null).ExecuteUpdateAsync(s => s.SetProperty(e => e.DoneAt, db.UtcNow), ct);
            return 0;
        }
        var whole = new List<AutomationRule>();
        foreach (var rule in rules)
        {
            if (await RuleHealth.ProblemAsync(db, rule, ct) is { } reason)
            {
                await db.Set<AutomationRule>().Where(r => r.Id == rule.Id && r.IsEnabled)
                    .ExecuteUpdateAsync(s => s.SetProperty(r => r.IsEnabled, false).SetProperty(r => r.DisabledReason, reason), ct);
                log.LogWarning("Automation rule {Rule} switched off: {Reason}", rule.Id, reason);
            }
            else whole.Add(rule);
        }
        fired += await EventsAsync(db, whole, ct);
        foreach (var rule in whole.Where(r => !Triggers.FromOutbox(r.Trigger)))
        {
            // One rule's trouble (a database hiccup, a bug) must not hold up the others: logged, and tried on the next pass.
            try
            {
                foreach (var (key, subject) in await DueAsync(db, rule, ct))
                    if (await FireAsync(rule, key, subject, 0, ct)) fired++;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Automation rule {Rule} could not be run", rule.Id);
            }
        }
        return fired;
    }

    async Task<int> EventsAsync(OtdelDb db, List<AutomationRule> rules, CancellationToken ct)
    {
        var fired = 0;
        // Batch after batch while events wait, up to a count per pass: a busy department's moves (or a bulk move) can make
        // more events in one poll than one batch holds, and a backlog would only grow. A count, not a time budget, so a
        // slow machine takes as much per pass as a fast one.
        for (var batch = 1; ; batch++)
        {
            var events = await db.Set<AutomationEvent>().AsNoTracking().Where(e => e.DoneAt == null).OrderBy(e => e.Id).Take(Batch).ToListAsync(ct);
            foreach (var e in events)
            {
                // A payment rule without a stage listens in every stage; stage rules listen to their stage.
                foreach (var rule in rules.Where(r => r.Trigger == e.Kind && r.PipelineId == e.PipelineId
                    && (r.StageId == e.StageId || (e.Kind == Triggers.PaymentReceived && r.StageId == null))))
                {
                    var subject = await DealSubjectAsync(db, e.DealId, ct);
                    if (subject is not null && await FireAsync(rule, "e" + e.Id, subject, e.Depth, ct)) fired++;
                }
            }
            // The batch is done in one statement, not one durable commit per event: an event taken again after a crash
            // fires nothing twice (a firing's rule and key are unique).
            var ids = events.Select(e => e.Id).ToList();
            if (ids.Count > 0)
                await db.Set<AutomationEvent>().Where(x => ids.Contains(x.Id) && x.DoneAt == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.DoneAt, db.UtcNow), ct);
            if (events.Count < Batch || batch == BatchesPerPass) return fired;
        }
    }

    /// <summary>How many batches of events one pass takes before it hands over to the time-based triggers.</summary>
    const int BatchesPerPass = 25;

    static Task<Subject?> DealSubjectAsync(OtdelDb db, long dealId, CancellationToken ct) =>
        db.Deals.AsNoTracking().Where(d => d.Id == dealId)
            .Select(d => new Subject(d.OwnerId, d.Title, "/deals/" + d.Id, d.Id, null, null, d.ClientId)).FirstOrDefaultAsync(ct);

    /// <summary>The occasions of a time-based rule that are due now and have not fired, with their keys.</summary>
    internal async Task<List<(string Key, Subject Subject)>> DueAsync(OtdelDb db, AutomationRule rule, CancellationToken ct)
    {
        var now = db.UtcNow;
        var since = rule.EnabledAt;
        var firings = db.Set<AutomationFiring>().Where(f => f.RuleId == rule.Id);
        var deals = db.Deals.AsNoTracking().Where(d => d.PipelineId == rule.PipelineId && d.Status != DealStatus.Lost);
        var due = new List<(string, Subject)>();
        switch (rule.Trigger)
        {
            case Triggers.StageTime:
                {
                    var hours = rule.Hours ?? 0;
                    // A stay of N working hours lasts at least N wall hours; the working-time check itself is the calendar's.
                    var entered = await deals.Where(d => d.StageId == rule.StageId && d.StageEnteredAt <= now.AddHours(-hours))
                        .Where(d => !firings.Any(f => f.DealId == d.Id && f.At >= d.StageEnteredAt))
                        .OrderBy(d => d.StageEnteredAt).Take(Batch * 5)
                        .Select(d => new { d.Id, d.StageEnteredAt, d.OwnerId, d.Title, d.ClientId }).ToListAsync(ct);
                    foreach (var d in entered)
                    {
                        var at = calendar.AddWorkingHours(d.StageEnteredAt, hours);
                        if (at <= now && at >= since)
                            due.Add(($"d{d.Id}s{d.StageEnteredAt.Ticks}", new Subject(d.OwnerId, d.Title, "/deals/" + d.Id, d.Id, null, null, d.ClientId)));
                    }
                    break;
                }
            case Triggers.StageOverdue:
                {
                    var overdue = await deals.OverdueAt(now).Where(d => d.StageDueAt >= since && (rule.StageId == null || d.StageId == rule.StageId))
                        .Where(d => !firings.Any(f => f.DealId == d.Id && f.At >= d.StageEnteredAt))
                        .OrderBy(d => d.StageDueAt).Take(Batch)
                        .Select(d => new { d.Id, d.StageEnteredAt, d.OwnerId, d.Title, d.ClientId }).ToListAsync(ct);
                    due.AddRange(overdue.Select(d =>
                        ($"d{d.Id}s{d.StageEnteredAt.Ticks}", new Subject(d.OwnerId, d.Title, "/deals/" + d.Id, d.Id, null, null, d.ClientId))));
                    break;
                }
            case Triggers.NoActivity:
                {
                    var cutoff = now.AddDays(-(rule.Days ?? 0));
                    var activities = db.Activities.AsNoTracking();
                    var quiet = await deals
                        .Where(d => d.Status == DealStatus.Open && d.CreatedAt <= cutoff && !activities.Any(a => a.DealId == d.Id && a.At > cutoff))
                        .Select(d => new
                        {
                            d.Id, d.OwnerId, d.Title, d.ClientId, Since = activities.Where(a => a.DealId == d.Id).Max(a => (DateTime?)a.At) ?? d.CreatedAt,
                        })
                        .Where(d => !firings.Any(f => f.DealId == d.Id && f.At >= d.Since))
                        .OrderBy(d => d.Id).Take(Batch).ToListAsync(ct);
                    foreach (var d in quiet.Where(d => d.Since.AddDays(rule.Days ?? 0) >= since))
                        due.Add(($"d{d.Id}a{d.Since.Ticks}", new Subject(d.OwnerId, d.Title, "/deals/" + d.Id, d.Id, null, null, d.ClientId)));
                    break;
                }
            case Triggers.LeadCreated:
                {
                    var leads = await db.Leads.AsNoTracking().Where(l => l.ChannelId == rule.ChannelId && l.CreatedAt >= since)
                        .Where(l => !firings.Any(f => f.LeadId == l.Id))
                        .OrderBy(l => l.Id).Take(Batch).Select(l => new { l.Id, l.OwnerId, l.Name, l.ClientId }).ToListAsync(ct);
                    due.AddRange(leads.Select(l => ($"l{l.Id}", new Subject(l.OwnerId, l.Name, "/leads/" + l.Id, null, l.Id, null, l.ClientId))));
                    break;
                }
            case Triggers.TaskOverdue:
                {
                    var people = db.Users.Where(u => u.DepartmentId == rule.DepartmentId).Select(u => u.Id);
                    var pipelineDeals = db.Deals.Where(d => d.PipelineId == rule.PipelineId).Select(d => d.Id);
                    var tasks = await db.Tasks.AsNoTracking()
                        .Where(t => t.DoneAt == null && t.DueAt <= now && t.DueAt >= since && people.Contains(t.AssigneeId))
                        .Where(t => rule.PipelineId == null || (t.DealId != null && pipelineDeals.Contains(t.DealId.Value)))
                        .Where(t => !firings.Any(f => f.TaskId == t.Id && f.At >= t.DueAt))
                        .OrderBy(t => t.DueAt).Take(Batch).Select(t => new { t.Id, t.AssigneeId, t.Title, t.DueAt, t.DealId, t.ClientId }).ToListAsync(ct);
                    due.AddRange(tasks.Select(t => ($"t{t.Id}d{t.DueAt.Ticks}",
                        new Subject(t.AssigneeId, t.Title, t.DealId is { } d ? "/deals/" + d : "/my-day", t.DealId, null, t.Id, t.ClientId))));
                    break;
                }
            case Triggers.DateReached:
                due.AddRange(await DateTrigger.DueAsync(db, rule, now, calendar.Zone, Batch, ct));
                break;
        }
        return due;
    }

    /// <summary>
    /// Records one firing and runs its actions in one transaction, as the rule's author. False when the occasion had
    /// fired already (here or on another instance), the conditions do not hold, or the rule may no longer act.
    /// </summary>
    public async Task<bool> FireAsync(AutomationRule rule, string key, Subject subject, int depth, CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<OtdelDb>();
        var firings = db.Set<AutomationFiring>();
        if (await firings.AnyAsync(f => f.RuleId == rule.Id && f.Key == key, ct)) return false;
        if (!await ConditionsHoldAsync(db, rule, subject, ct)) return false;

        var actor = sp.GetRequiredService<Actor>();
        (actor.UserId, actor.Name, actor.Channel) = (rule.CreatedById, "automation: " + rule.Name, "automation");
        var access = sp.GetRequiredService<Access>();
        await access.LoadAsync(rule.CreatedById, ct: ct);
        sp.GetRequiredService<AutomationScope>().Depth = depth + 1;
        var now = db.UtcNow;
        var firing = new AutomationFiring
        {
            RuleId = rule.Id, Key = key, DealId = subject.DealId, LeadId = subject.LeadId, TaskId = subject.TaskId, At = now, Depth = depth,
            Status = AutomationFiring.Done,
        };

        string? stop = null;
        if (access.User is null) stop = "Automation.Log.AuthorGone";
        else if (depth >= MaxDepth) stop = "Automation.Log.Loop";
        else if (subject.DealId is { } dealId && await firings.CountAsync(f => f.DealId == dealId && f.At > now.AddDays(-1), ct) >= MaxPerDealPerDay)
            stop = "Automation.Log.Loop";
        if (stop is not null)
        {
            firing.Status = AutomationFiring.Stopped;
            firing.Result = stop;
            log.LogError("Automation rule {Rule} stopped on {Key} (depth {Depth}): {Reason}", rule.Id, key, depth, stop);
            return await RecordAsync(db, firing, ct);
        }

        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            firings.Add(firing);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                return false; // another instance recorded this occasion first
            }
            List<string> done;
            string? error;
            try
            {
                (done, error) = await sp.GetRequiredService<RuleActions>().RunAsync(rule, firing, subject, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                (done, error) = ([], e.Message);
            }
            if (error is null)
            {
                firing.Result = Clip(string.Join("; ", done));
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
                return true;
            }
            await tx.RollbackAsync(ct);
            firing.Status = AutomationFiring.Failed;
            firing.Result = Clip(error);
        }
        log.LogWarning("Automation rule {Rule} failed on {Key}: {Error}", rule.Id, key, firing.Result);
        db.ChangeTracker.Clear();
        firing.Id = 0;
        return await RecordAsync(db, firing, ct);
    }

    static async Task<bool> RecordAsync(OtdelDb db, AutomationFiring firing, CancellationToken ct)
    {
        db.Set<AutomationFiring>().Add(firing);
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            return false;
        }
    }

    static async Task<bool> ConditionsHoldAsync(OtdelDb db, AutomationRule rule, Subject subject, CancellationToken ct)
    {
        if (rule.Conditions.Count == 0 || subject.DealId is not { } dealId) return true;
        var deal = await db.Deals.AsNoTracking().Where(d => d.Id == dealId).Select(d => new { d.Amount, d.Source, d.OwnerId }).FirstOrDefaultAsync(ct);
        if (deal is null) return false;
        foreach (var c in rule.Conditions)
        {
            var holds = c.Field switch
            {
                RuleCondition.AmountMin => RuInput.TryParseMoney(c.Value, out var min) && deal.Amount >= min,
                RuleCondition.Source => string.Equals(deal.Source?.Trim(), c.Value.Trim(), StringComparison.CurrentCultureIgnoreCase),
                RuleCondition.OwnerPosition => Organisation.Positions.TryParse(c.Value, out var position)
                    && await db.Users.AnyAsync(u => u.Id == deal.OwnerId && u.Position == position, ct),
                RuleCondition.PaidInFull => bool.TryParse(c.Value, out var wanted) && wanted == (deal.Amount > 0
                    && (await db.Set<Payments.Payment>().Where(p => p.DealId == dealId && p.CancelledAt == null)
                        .SumAsync(p => (decimal?)p.Amount, ct) ?? 0) >= deal.Amount),
                _ => false,
            };
            if (!holds) return false;
        }
        return true;
    }

    static string Clip(string s) => s.Length <= 2000 ? s : s[..1999] + "…";
}
