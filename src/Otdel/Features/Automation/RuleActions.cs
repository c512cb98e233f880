using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Features.Deals;
using Otdel.Features.Notifications;
using Otdel.Features.Tasks;
using Otdel.Platform;

namespace Otdel.Features.Automation;

/// <summary>What a firing is about: a deal, a lead or a task, with whom it belongs to and where it is seen.</summary>
public sealed record Subject(long OwnerId, string Title, string Link, long? DealId = null, long? LeadId = null, long? TaskId = null, long? ClientId = null);

/// <summary>
/// Runs a rule's actions for one firing, in the firing's unit of work, as the rule's author (their access, their name in
/// the history). Deal changes go through the real use cases — <see cref="UpdateDeal"/> for a field, <see cref="MoveDeal"/>
/// for a stage — so stage conditions, visits, handoffs and board totals stay right. Returns what was done, or the
/// first refusal (the caller rolls the whole firing back and logs it as failed).
/// </summary>
public sealed class RuleActions(OtdelDb db, Notifier notifier, WorkCalendar calendar, UpdateDeal update, MoveDeal move, RulePeople people)
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<(List<string> Done, string? Error)> RunAsync(AutomationRule rule, AutomationFiring firing, Subject subject, CancellationToken ct)
    {
        var done = new List<string>();
        var now = db.UtcNow;
        foreach (var a in rule.Actions)
        {
            switch (a.Kind)
            {
                case RuleAction.Task:
                    {
                        var (to, said) = await RecipientAsync(subject.OwnerId, a, ct);
                        if (to is null) return (done, said);
                        var title = Clip($"{Text(a, rule)}: {subject.Title}", 300);
                        db.Tasks.Add(new WorkTask
                        {
                            Title = title, AssigneeId = to.Value, AuthorId = rule.CreatedById, DueAt = calendar.AddWorkingHours(now, a.Hours ?? 8),
                            Priority = a.To == "boss" ? TaskPriority.High : TaskPriority.Normal, DealId = subject.DealId, ClientId = subject.ClientId,
                            LeadId = subject.LeadId, CreatedAt = now,
                        });
                        done.Add(said ?? $"task → {to}");
                        break;
                    }
                case RuleAction.Notify:
                    {
                        var (to, said) = await RecipientAsync(subject.OwnerId, a, ct);
                        if (to is null) return (done, said);
                        notifier.Notify(to.Value, "automation", Clip($"{Text(a, rule)}: {subject.Title}", 1000), subject.Link);
                        done.Add(said ?? $"notify → {to}");
                        break;
                    }
                case RuleAction.Assign when subject.DealId is { } dealId:
                    {
                        await db.SaveChangesAsync(ct);
                        var deal = await db.Deals.Where(d => d.Id == dealId).Select(d => new { d.OwnerId, d.Version }).FirstAsync(ct);
                        if (await people.OwnerAsync(rule, a, deal.OwnerId, ct) is not { } pick) return (done, "Automation.Log.NoneToAssign");
                        firing.AssignedToId = pick.Id;
                        var by = "Automation.By." + a.By;
                        if (pick.Id == deal.OwnerId)
                        {
                            done.Add(Said("Automation.Log.KeptOwner", pick.Name, by, pick.Among));
                            break;
                        }
                        // The deal's own change: the handoff and its notification, the stage visit, the audit and the board's totals.
                        var input = new DealInput { OwnerId = pick.Id, Version = deal.Version };
                        var changed = await update.Run(dealId, input, new HashSet<string> { "ownerId" }, ct);
                        if (!changed.Ok) return (done, Refusal(changed.Failure!));
                        done.Add(Said("Automation.Log.Assigned", pick.Name, by, pick.Among));
                        break;
                    }
                case RuleAction.SetField when subject.DealId is { } dealId:
                    {
                        await db.SaveChangesAsync(ct);
                        var version = await db.Deals.Where(d => d.Id == dealId).Select(d => d.Version).FirstAsync(ct);
                        var input = new DealInput { Fields = new() { [a.Field!] = a.Value }, Version = version };
                        var changed = await update.Run(dealId, input, new HashSet<string> { "fields" }, ct);
                        if (!changed.Ok) return (done, Refusal(changed.Failure!));
                        done.Add($"{a.Field} = {a.Value}");
                        break;
                    }
                case RuleAction.Move when subject.DealId is { } dealId:
                    {
                        await db.SaveChangesAsync(ct);
                        var moved = await move.Run(dealId, new MoveInput(a.StageId, null), ct);
                        if (!moved.Ok) return (done, Refusal(moved.Failure!));
                        done.Add($"move → {a.StageId}");
                        break;
                    }
                case RuleAction.Webhook:
                    {
                        var body = JsonSerializer.Serialize(new
                        {
                            rule = new { id = rule.Id, name = rule.Name, trigger = rule.Trigger }, firingId = firing.Id, at = now,
                            dealId = subject.DealId, leadId = subject.LeadId, taskId = subject.TaskId, title = subject.Title,
                        }, Json);
                        db.Set<AutomationWebhook>().Add(
                            new AutomationWebhook { FiringId = firing.Id, Url = a.Url!, Body = body, CreatedAt = now, NextAttemptAt = now });
                        done.Add("webhook queued");
                        break;
                    }
            }
        }
        await db.SaveChangesAsync(ct);
        return (done, null);
    }

    static string Text(RuleAction a, AutomationRule rule) => string.IsNullOrWhiteSpace(a.Text) ? rule.Name : a.Text.Trim();

    static string Clip(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";

    /// <summary>
    /// The owner, or their boss when asked for (the owner when they have none or the boss left), or the holder of a position
    /// in the owner's department — with a line for the log saying who and why; no one holding it is a refusal (id null).
    /// </summary>
    async Task<(long? To, string? Said)> RecipientAsync(long ownerId, RuleAction a, CancellationToken ct)
    {
        if (a.To == "position")
        {
            var position = "Position." + a.Position;
            if (await people.HolderAsync(a.Position ?? "", ownerId, ct) is not { } holder) return (null, Said("Automation.Log.NoPosition", position));
            var line = holder.Among > 1 ? "Automation.Log.ToPositionFewest" : "Automation.Log.ToPosition";
            return (holder.Id, Said(line, "Automation.Kind." + a.Kind, holder.Name, position, holder.Among));
        }
        if (a.To != "boss") return (ownerId, null);
        var boss = await db.Users.Where(u => u.Id == ownerId).Select(u => u.ManagerId).FirstOrDefaultAsync(ct);
        return (boss is { } b && await db.Users.AnyAsync(u => u.Id == b && u.IsActive, ct) ? b : ownerId, null);
    }

    /// <summary>A log line told in the reader's language (<see cref="AutomationLog"/>): a text key and its values, '|' apart.</summary>
    static string Said(string key, params object[] values) =>
        string.Join('|', [key, .. values.Select(v =>
            Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)!.Replace('|', '/').Replace("; ", ", "))]);

    static string Refusal(Failure f)
    {
        var details = f.Errors is { Count: > 0 } e ? ": " + string.Join("; ", e.Select(kv => $"{kv.Key} — {string.Join(" ", kv.Value)}")) : "";
        if (f.Extensions?.TryGetValue("missing", out var missing) == true && missing is not null) details += " " + JsonSerializer.Serialize(missing, Json);
        return Clip(f.Title + details, 2000);
    }
}
