using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Features.Audit;
using Otdel.Features.Organisation;
using Otdel.Platform;

namespace Otdel.Features.Pipelines;

/// <summary>
/// Adds, changes and removes a pipeline's stages (heads only). Removing a stage that holds deals is refused with
/// their count unless they are moved to another stage of the same pipeline, in the same transaction.
/// </summary>
public sealed class SaveStage(OtdelDb db, Access access, Errors errors, Problems problems, References refs, IStageOccupants occupants)
{
    public async Task<Outcome<StageView>> Create(long pipelineId, StageInput input, CancellationToken ct = default)
    {
        var p = await db.Pipelines.AsNoTracking().FirstOrDefaultAsync(x => x.Id == pipelineId, ct);
        if (p is null || !PipelineAccess.CanUse(access, p)) return problems.NotFound();
        if (!PipelineAccess.CanEdit(access, p)) return problems.Forbidden();
        var stages = await db.Stages.Where(s => s.PipelineId == pipelineId).OrderBy(s => s.Order).ThenBy(s => s.Id).ToListAsync(ct);
        var stage = new Stage { Name = "", PipelineId = pipelineId };
        Apply(stage, input, creating: true);
        if (errors.Any) return errors.ToFailure();
        await CheckHandoffUser(stage, ct);
        if (errors.Any) return errors.ToFailure();
        var at = Math.Clamp(input.Order ?? stages.Count, 0, stages.Count);
        stages.Insert(at, stage);
        Renumber(stages);
        db.Stages.Add(stage);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) { return problems.Stale(); } // another stage was added at the same moment
        return StageView.Of(stage);
    }

    public async Task<Outcome<StageView>> Update(long stageId, StageInput input, CancellationToken ct = default)
    {
        var stage = await db.Stages.FirstOrDefaultAsync(s => s.Id == stageId, ct);
        var p = stage is null ? null : await db.Pipelines.AsNoTracking().FirstOrDefaultAsync(x => x.Id == stage.PipelineId, ct);
        if (stage is null || p is null || !PipelineAccess.CanUse(access, p)) return problems.NotFound();
        if (!PipelineAccess.CanEdit(access, p)) return problems.Forbidden();
        if (input.Version is { } v)
        {
            if (v != stage.Version) return problems.Stale(StageView.Of(stage));
            db.Entry(stage).Property(x => x.Version).OriginalValue = v;
        }
        Apply(stage, input, creating: false);
        if (errors.Any) return errors.ToFailure();
        await CheckHandoffUser(stage, ct);
        if (errors.Any) return errors.ToFailure();
        if (input.Order is { } order)
        {
            var stages = await db.Stages.Where(s => s.PipelineId == stage.PipelineId).OrderBy(s => s.Order).ThenBy(s => s.Id).ToListAsync(ct);
            stages.Remove(stage);
            stages.Insert(Math.Clamp(order, 0, stages.Count), stage);
            Renumber(stages);
        }
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) { return problems.Stale(); }
        return StageView.Of(stage);
    }

    /// <summary>
    /// Removes a stage. Its deals (and their stage history, handoffs and loss records) move to <paramref name="moveDealsToStageId"/>,
    /// so reports keep counting them; without a target a stage with deals is refused, naming how many.
    /// </summary>
    public async Task<Outcome<int>> Delete(long stageId, long? moveDealsToStageId, CancellationToken ct = default)
    {
        var stage = await db.Stages.FirstOrDefaultAsync(s => s.Id == stageId, ct);
        var p = stage is null ? null : await db.Pipelines.AsNoTracking().FirstOrDefaultAsync(x => x.Id == stage.PipelineId, ct);
        if (stage is null || p is null || !PipelineAccess.CanUse(access, p)) return problems.NotFound();
        if (!PipelineAccess.CanEdit(access, p)) return problems.Forbidden();
        var count = (await occupants.DealCountsAsync([stageId], ct)).GetValueOrDefault(stageId);
        var history = await occupants.HasHistoryAsync(stageId, ct);
        var stages = await db.Stages.Where(s => s.PipelineId == stage.PipelineId).OrderBy(s => s.Order).ThenBy(s => s.Id).ToListAsync(ct);

        Stage? target = null;
        if (moveDealsToStageId is { } toId)
        {
            target = stages.FirstOrDefault(s => s.Id == toId && s.Id != stageId);
            if (target is null) return problems.Bad("moveTo", "Pipelines.MoveToOther");
        }
        else if (count > 0) return problems.Conflict("moveTo", "Pipelines.StageHasDeals", count);
        else if (history)
        {
            // Only history left: it joins the neighbouring stage rather than disappearing from the reports.
            target = stages.Where(s => s.Id != stageId && s.Order <= stage.Order).LastOrDefault() ?? stages.FirstOrDefault(s => s.Id != stageId);
            if (target is null) return problems.Conflict("moveTo", "Pipelines.StageHasDeals", count);
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (target is not null)
        {
            await occupants.MoveAllAsync(stage.PipelineId, stageId, target.Id, ct);
            if (count > 0)
                db.Audit.Add(new AuditEntry
                {
                    Entity = Stage.AuditName, EntityId = stageId, Action = "moved", Field = "deals", OldValue = stage.Name,
                    NewValue = $"{target.Name} ({count})", UserId = db.Actor.UserId, UserName = db.Actor.Name, Channel = db.Actor.Channel, At = db.UtcNow,
                });
        }
        stages.Remove(stage);
        Renumber(stages);
        db.Stages.Remove(stage);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return count;
    }

    void Apply(Stage s, StageInput input, bool creating)
    {
        if (creating || input.Name is not null)
        {
            s.Name = input.Name?.Trim() ?? "";
            errors.Required("name", s.Name).MaxLength("name", s.Name, 200);
        }
        if (creating || input.Group is not null) { s.Group = Text(input.Group) ?? (creating ? s.Name : null); errors.MaxLength("group", s.Group, 200); }
        if (input.Kind is not null)
        {
            if (input.Kind == "sales") s.Kind = StageKind.Sales;
            else if (input.Kind == "post_sale") s.Kind = StageKind.PostSale;
            else errors.Add("kind", "Pipelines.StageKind");
        }
        if (input.Probability is { } pr) { if (pr is < 0 or > 100) errors.Add("probability", "Pipelines.Percent"); else s.Probability = pr; }
        if (creating || input.TimeLimitHours is not null)
        {
            if (input.TimeLimitHours is < 0 or > 10000) errors.Add("timeLimitHours", "Pipelines.Hours");
            else s.TimeLimitHours = input.TimeLimitHours is 0 ? null : input.TimeLimitHours;
        }
        if (input.NormConversion is { } n) { if (n is < 0 or > 100) errors.Add("normConversion", "Pipelines.Percent"); else s.NormConversion = n; }
        if (input.ResponsiblePosition is not null)
        {
            if (input.ResponsiblePosition == "") s.ResponsiblePosition = null;
            else if (Positions.TryParse(input.ResponsiblePosition, out var pos)) s.ResponsiblePosition = pos;
            else errors.Add("responsiblePosition", "Error.Position");
        }
        if (input.HandoffRule is not null)
        {
            if (input.HandoffRule == "") s.HandoffRule = null;
            else if (SavePipeline.TryParseRule(input.HandoffRule, out var rule)) s.HandoffRule = rule;
            else errors.Add("handoffRule", "Pipelines.HandoffRule", "keep_owner, round_robin, least_loaded, segment, named_person");
        }
        if (input.HandoffUserId is not null) s.HandoffUserId = input.HandoffUserId == 0 ? null : input.HandoffUserId;
        if (input.EntryConditions is not null) { CheckConditions("entryConditions", input.EntryConditions); s.EntryConditions = input.EntryConditions; }
        if (input.ExitConditions is not null) { CheckConditions("exitConditions", input.ExitConditions); s.ExitConditions = input.ExitConditions; }
        if (input.EntryCriteria is not null) s.EntryCriteria = Text(input.EntryCriteria);
        if (input.ExitCriteria is not null) s.ExitCriteria = Text(input.ExitCriteria);
        if (input.Tasks is not null) s.Tasks = Text(input.Tasks);
        if (input.Actions is not null) s.Actions = Text(input.Actions);
        if (input.KeySuccessFactor is not null) s.KeySuccessFactor = Text(input.KeySuccessFactor);
        if (input.CrmRequirements is not null) s.CrmRequirements = Text(input.CrmRequirements);
        foreach (var (field, value) in new[] { ("entryCriteria", s.EntryCriteria), ("exitCriteria", s.ExitCriteria), ("tasks", s.Tasks), ("actions", s.Actions), ("keySuccessFactor", s.KeySuccessFactor), ("crmRequirements", s.CrmRequirements) })
            errors.MaxLength(field, value, 2000);
    }

    /// <summary>Each condition must be checkable: a known kind with what that kind needs.</summary>
    void CheckConditions(string field, List<Condition> list)
    {
        for (var i = 0; i < list.Count; i++)
        {
            var c = list[i];
            if (c is null) { errors.Add($"{field}[{i}]", "Error.NullItem"); continue; }
            foreach (var (name, text) in new[] { ("field", c.Field), ("value", c.Value), ("documentKind", c.DocumentKind), ("position", c.Position), ("label", c.Label) })
                errors.MaxLength($"{field}[{i}].{name}", text, 300);
            // Every value given must be understood, whatever the kind uses.
            if (c.DocumentKind is not null && !Condition.DocumentKinds.Contains(c.DocumentKind)) { errors.Add($"{field}[{i}]", "Pipelines.Condition", string.Join(", ", Condition.Kinds)); continue; }
            if (c.Position is not null && !Positions.TryParse(c.Position, out _)) { errors.Add($"{field}[{i}]", "Error.Position"); continue; }
            var ok = c.Kind switch
            {
                ConditionKind.Field => !string.IsNullOrWhiteSpace(c.Field),
                ConditionKind.Amount => true,
                ConditionKind.Document => c.DocumentKind is not null && Condition.DocumentKinds.Contains(c.DocumentKind),
                ConditionKind.Approval => Positions.TryParse(c.Position, out _),
                ConditionKind.Score => c.Min is not null,
                _ => false,
            };
            if (!ok) errors.Add($"{field}[{i}]", "Pipelines.Condition", string.Join(", ", Condition.Kinds));
        }
        if (!errors.Any && System.Text.Json.JsonSerializer.Serialize(list).Length > 4000) errors.Add(field, "Error.TooLong", 4000);
    }

    async Task CheckHandoffUser(Stage s, CancellationToken ct)
    {
        if (s.HandoffUserId is { } uid) await refs.OwnerAsync(uid, "handoffUserId", ct);
    }

    static void Renumber(List<Stage> stages)
    {
        for (var i = 0; i < stages.Count; i++)
            if (stages[i].Order != i) stages[i].Order = i;
    }

    static string? Text(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
