using Microsoft.EntityFrameworkCore;
using Otdel.Data;

namespace Otdel.Features.Automation;

/// <summary>
/// Whether a rule still refers to things that exist: its pipeline (not archived), its stage, the fields it sets, the
/// stage it moves to, its channel. The answer is a text key of the reason (Automation.Broken.*) or null when whole.
/// </summary>
public static class RuleHealth
{
    public static async Task<string?> ProblemAsync(OtdelDb db, AutomationRule rule, CancellationToken ct)
    {
        if (rule.PipelineId is { } pid)
        {
            var pipeline = await db.Pipelines.AsNoTracking().Where(p => p.Id == pid).Select(p => new { p.IsArchived }).FirstOrDefaultAsync(ct);
            if (pipeline is null || pipeline.IsArchived) return "Automation.Broken.Pipeline";
            var stages = await db.Stages.AsNoTracking().Where(s => s.PipelineId == pid).Select(s => s.Id).ToListAsync(ct);
            if (rule.StageId is { } sid && !stages.Contains(sid)) return "Automation.Broken.Stage";
            if (rule.Actions.Any(a => a.Kind == RuleAction.Move && (a.StageId is not { } to || !stages.Contains(to)))) return "Automation.Broken.MoveStage";
            var keys = rule.Actions.Where(a => a.Kind == RuleAction.SetField).Select(a => a.Field).ToList();
            if (keys.Count > 0)
            {
                var fields = await db.PipelineFields.AsNoTracking().Where(f => f.PipelineId == pid).Select(f => f.Key).ToListAsync(ct);
                if (keys.Any(k => k is null || !fields.Contains(k))) return "Automation.Broken.Field";
            }
        }
        if (rule.ChannelId is { } cid && !await db.Channels.AnyAsync(c => c.Id == cid, ct)) return "Automation.Broken.Channel";
        return null;
    }
}
