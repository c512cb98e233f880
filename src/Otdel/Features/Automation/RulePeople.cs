using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Features.Deals;
using Otdel.Features.Organisation;
using Otdel.Features.Pipelines;

namespace Otdel.Features.Automation;

/// <summary>A person a rule chose, and how: among how many, by which rule.</summary>
public sealed record RulePick(long Id, string Name, int Among, HandoffBy By);

/// <summary>
/// Whom a rule's action goes to when it names a position or a team rather than the owner: the holder of a position in
/// the owner's department (several: the one with the fewest open tasks, then the lowest id), or the deal's new owner
/// among a team's or a position's people — in turn after the rule's last choice, or by fewest open deals — through the
/// handoffs' own choice (<see cref="HandoffChoice"/>), so both ways of sharing deals pick alike.
/// </summary>
public sealed class RulePeople(OtdelDb db)
{
    /// <summary>The holder of <paramref name="code"/> in the department of <paramref name="ownerId"/>; null when nobody holds it.</summary>
    public async Task<RulePick?> HolderAsync(string code, long ownerId, CancellationToken ct)
    {
        if (!Positions.TryParse(code, out var position)) return null;
        var department = await db.Users.Where(u => u.Id == ownerId).Select(u => u.DepartmentId).FirstOrDefaultAsync(ct);
        if (department is null) return null;
        var tasks = db.Tasks;
        var holders = await db.Users.AsNoTracking().Where(u => u.IsActive && u.Position == position && u.DepartmentId == department)
            .Select(u => new { u.Id, u.FullName, Open = tasks.Count(t => t.AssigneeId == u.Id && t.DoneAt == null) })
            .OrderBy(u => u.Open).ThenBy(u => u.Id).ToListAsync(ct);
        return holders.Count == 0 ? null : new RulePick(holders[0].Id, holders[0].FullName, holders.Count, HandoffBy.LeastLoaded);
    }

    /// <summary>
    /// The deal's owner by an "assign" action: among the active people of its team and/or of its position (in the rule's
    /// department, else the owner's); null when there is nobody. The current owner may be chosen (then nothing changes).
    /// </summary>
    public async Task<RulePick?> OwnerAsync(AutomationRule rule, RuleAction action, long ownerId, CancellationToken ct)
    {
        var people = db.Users.AsNoTracking().Where(u => u.IsActive);
        if (action.TeamId is { } team) people = people.Where(u => u.TeamId == team);
        if (action.Position is { } code)
        {
            if (!Positions.TryParse(code, out var position)) return null;
            var department = rule.DepartmentId ?? await db.Users.Where(u => u.Id == ownerId).Select(u => u.DepartmentId).FirstOrDefaultAsync(ct);
            people = people.Where(u => u.Position == position && u.DepartmentId == department);
        }
        var found = await people.OrderBy(u => u.Id).Select(u => new { u.Id, u.FullName, u.Segment }).ToListAsync(ct);
        if (found.Count == 0) return null;

        var byLoad = action.By == "least_loaded";
        var loads = new Dictionary<long, int>();
        if (byLoad)
        {
            var ids = found.Select(p => p.Id).ToList();
            loads = await db.Deals.Where(d => ids.Contains(d.OwnerId) && d.Status == DealStatus.Open)
                .GroupBy(d => d.OwnerId).Select(g => new { g.Key, N = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.N, ct);
        }
        // The rule's round-robin cursor: whom its last done assignment chose.
        var last = await db.Set<AutomationFiring>().Where(f => f.RuleId == rule.Id && f.AssignedToId != null && f.Status == AutomationFiring.Done)
            .OrderByDescending(f => f.Id).Select(f => f.AssignedToId).FirstOrDefaultAsync(ct);
        var candidates = found.Select(p => new HandoffCandidate(p.Id, p.Segment, loads.GetValueOrDefault(p.Id))).ToList();
        var choice = HandoffChoice.Choose(byLoad ? HandoffRule.LeastLoaded : HandoffRule.RoundRobin, candidates, last, null, null);
        if (choice is not { } chosen) return null;
        return new RulePick(chosen.UserId, found.First(p => p.Id == chosen.UserId).FullName, found.Count, chosen.Rule);
    }
}
