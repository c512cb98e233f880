using Otdel.Data;
using Otdel.Features.Pipelines;

namespace Otdel.Features.Automation;

/// <summary>
/// The seed's examples, shipped with the B2B template: a call-back task for the owner within 1 working day once the
/// proposal is with the client (the deal enters «Согласование КП»); a reminder to the owner after 3 days without
/// activity; an escalation task for the owner's boss when a deal outstays its stage's limit. Added with the pipeline.
/// </summary>
public sealed class AutomationDefaults(OtdelDb db, Platform.WorkCalendar calendar) : IPipelineCreated
{
    public const string ProposalWithClient = "Согласование КП";

    public async Task CreatedAsync(Pipeline pipeline, IReadOnlyList<Stage> stages, long byUserId, CancellationToken ct)
    {
        if (pipeline.Template != PipelineTemplates.B2B) return;
        var now = db.UtcNow;
        AutomationRule Rule(string name, string trigger, long? stageId, int? days, RuleAction action) => new()
        {
            Name = name, Trigger = trigger, StageId = stageId, Days = days, Actions = [action], DepartmentId = pipeline.DepartmentId,
            PipelineId = pipeline.Id, CreatedById = byUserId, CreatedAt = now, EnabledAt = now,
        };
        var rules = db.Set<AutomationRule>();
        if (stages.FirstOrDefault(s => s.Name == ProposalWithClient) is { } proposal)
            rules.Add(Rule("Перезвонить после отправки КП", Triggers.DealEntered, proposal.Id, null,
                new RuleAction { Kind = RuleAction.Task, To = "owner", Hours = (int)Math.Round(calendar.HoursPerDay), Text = "Перезвонить клиенту по КП" }));
        rules.Add(Rule("Напоминание: 3 дня без активности", Triggers.NoActivity, null, 3,
            new RuleAction { Kind = RuleAction.Notify, To = "owner", Text = "3 дня без активности по сделке" }));
        rules.Add(Rule("Эскалация руководителю: стадия просрочена", Triggers.StageOverdue, null, null,
            new RuleAction { Kind = RuleAction.Task, To = "boss", Hours = 4, Text = "Разобраться с просроченной сделкой" }));
        await db.SaveChangesAsync(ct);
    }
}
