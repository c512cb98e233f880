using Microsoft.EntityFrameworkCore;
using Otdel.Data;

namespace Otdel.Features.Automation;

/// <summary>
/// Whether a rule still refers to things that exist: its pipeline (not archived), its stage, the fields it sets, the
/// date field it watches (still of kind date), the stage it moves to, the team it assigns among, its channel. The answer
/// is a text key of the reason (Automation.Broken.*) or null when whole.
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
            var dated = rule.Trigger == Triggers.DateReached && rule.DateField != DateFields.ExpectedClose;
            if (keys.Count > 0 || dated)
            {
                var fields = await db.PipelineFields.AsNoTracking().Where(f => f.PipelineId == pid).Select(f => new { f.Key, f.Type }).ToListAsync(ct);
                if (keys.Any(k => k is null || fields.All(f => f.Key != k))) return "Automation.Broken.Field";
                if (dated && !fields.Any(f => f.Key == rule.DateField && f.Type == "date")) return "Automation.Broken.DateField";
            }
        }
        foreach (var team in rule.Actions.Where(a => a.Kind == RuleAction.Assign && a.TeamId is not null).Select(a => a.TeamId))
            if (!await db.Teams.AnyAsync(t => t.Id == team, ct)) return "Automation.Broken.Team";
        if (rule.ChannelId is { } cid && !await db.Channels.AnyAsync(c => c.Id == cid, ct)) return "Automation.Broken.Channel";
        return null;
    }
}
