using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Otdel.Data;
using Otdel.Platform;
using Otdel.Resources;

namespace Otdel.Features.Automation;

/// <summary>The log of firings the caller sees (rules of their department, on records they see), newest first.</summary>
public sealed class AutomationLog(OtdelDb db, Access access, IStringLocalizer<Text> t)
{
    public async Task<List<FiringView>> ReadAsync(long? ruleId, long? dealId, int limit, CancellationToken ct)
    {
        var q = db.Set<AutomationFiring>().VisibleTo(access).AsNoTracking();
        if (ruleId is { } r) q = q.Where(f => f.RuleId == r);
        if (dealId is { } d) q = q.Where(f => f.DealId == d);
        var rules = db.Set<AutomationRule>();
        var rows = await q.OrderByDescending(f => f.Id).Take(Math.Clamp(limit, 1, 500))
            .Select(f => new { f, Name = rules.Where(x => x.Id == f.RuleId).Select(x => x.Name).First() }).ToListAsync(ct);
        return rows.Select(x => new FiringView(x.f.Id, x.f.RuleId, x.Name, x.f.At, x.f.Status, Told(x.f.Result),
            x.f.DealId, x.f.LeadId, x.f.TaskId, x.f.Depth)).ToList();
    }

    /// <summary>
    /// A result in the reader's language: each "; "-separated part that is a text key ("Automation.…", values after '|';
    /// values that are keys themselves — a position, an action — told too) is looked up; other parts stay as recorded.
    /// </summary>
    string? Told(string? result)
    {
        if (result is null || !result.Contains("Automation.", StringComparison.Ordinal)) return result;
        return string.Join("; ", result.Split("; ").Select(part =>
        {
            if (!part.StartsWith("Automation.", StringComparison.Ordinal)) return part;
            var bits = part.Split('|');
            var values = bits.Skip(1).Select(v => v.StartsWith("Automation.", StringComparison.Ordinal) || v.StartsWith("Position.", StringComparison.Ordinal)
                ? (object)t[v].Value : v).ToArray();
            return t[bits[0], values].Value;
        }));
    }
}
