using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Otdel.Data;
using Otdel.Features.Organisation;
using Otdel.Features.Pipelines;
using Otdel.Platform;
using Otdel.Resources;

namespace Otdel.Features.Automation;

/// <summary>
/// Creates and changes automation rules — heads of the department (and company-wide roles) only; everyone in the
/// department reads them. Every refused value is named by its field (conditions[i].value, actions[i].stageId…).
/// Switching a rule on again clears the engine's reason and starts its time-based triggers from that moment.
/// </summary>
public sealed class SaveRule(OtdelDb db, Access access, Errors errors, Problems problems, References refs, IStringLocalizer<Text> t)
{
    public async Task<List<RuleView>> ListAsync(long? pipelineId, CancellationToken ct)
    {
        var q = db.Set<AutomationRule>().VisibleTo(access).AsNoTracking();
        if (pipelineId is { } p) q = q.Where(r => r.PipelineId == p);
        var rules = await q.OrderBy(r => r.PipelineId).ThenBy(r => r.Id).ToListAsync(ct);
        return rules.Select(r => RuleView.Of(r, t)).ToList();
    }

    public async Task<RuleView?> GetAsync(long id, CancellationToken ct) =>
        await db.Set<AutomationRule>().VisibleTo(access).AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct) is { } r ? RuleView.Of(r, t) : null;

    public bool MayWrite => access.RunsDepartment || access.Scope == Scope.All;

    public async Task<Outcome<RuleView>> CreateAsync(RuleInput input, CancellationToken ct = default)
    {
        if (!MayWrite) return problems.Forbidden();
        var now = db.UtcNow;
        var rule = new AutomationRule
        {
            Name = "", Trigger = "", CreatedById = access.UserId, CreatedAt = now, EnabledAt = now, DepartmentId = access.User!.DepartmentId,
        };
        if (!await ApplyAsync(rule, input, ct)) return errors.ToFailure();
        rule.IsEnabled = input.Enabled ?? true;
        db.Set<AutomationRule>().Add(rule);
        await db.SaveChangesAsync(ct);
        return RuleView.Of(rule, t);
    }

    public async Task<Outcome<RuleView>> UpdateAsync(long id, RuleInput input, CancellationToken ct = default)
    {
        var rule = await db.Set<AutomationRule>().VisibleTo(access).FirstOrDefaultAsync(r => r.Id == id, ct);
        if (rule is null) return problems.NotFound();
        if (!MayWrite) return problems.Forbidden();
        if (input.Version is null) return errors.Add("version", "Error.Required").ToFailure();
        if (input.Version != rule.Version) return problems.Stale(RuleView.Of(rule, t));
        if (!await ApplyAsync(rule, input, ct)) return errors.ToFailure();
        if (input.Enabled is { } on) Switch(rule, on);
        return await SaveAsync(rule, ct);
    }

    /// <summary>Removes a rule that has never fired; one that has keeps its log (every firing and its result) and is switched off instead.</summary>
    public async Task<Failure?> DeleteAsync(long id, CancellationToken ct = default)
    {
        var rule = await db.Set<AutomationRule>().VisibleTo(access).FirstOrDefaultAsync(r => r.Id == id, ct);
        if (rule is null) return problems.NotFound();
        if (!MayWrite) return problems.Forbidden();
        if (await db.Set<AutomationFiring>().AnyAsync(f => f.RuleId == id, ct)) return problems.Conflict("id", "Automation.HasFired");
        db.Remove(rule);
        await db.SaveChangesAsync(ct);
        return null;
    }

    /// <summary>Switches a rule on or off (the list's toggle).</summary>
    public async Task<Outcome<RuleView>> EnableAsync(long id, bool on, CancellationToken ct = default)
    {
        var rule = await db.Set<AutomationRule>().VisibleTo(access).FirstOrDefaultAsync(r => r.Id == id, ct);
        if (rule is null) return problems.NotFound();
        if (!MayWrite) return problems.Forbidden();
        Switch(rule, on);
        return await SaveAsync(rule, ct);
    }

    void Switch(AutomationRule rule, bool on)
    {
        if (on && !rule.IsEnabled) rule.EnabledAt = db.UtcNow;
        rule.IsEnabled = on;
        if (on) rule.DisabledReason = null;
    }

    async Task<Outcome<RuleView>> SaveAsync(AutomationRule rule, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return problems.Stale();
        }
        return RuleView.Of(rule, t);
    }

    async Task<bool> ApplyAsync(AutomationRule rule, RuleInput input, CancellationToken ct)
    {
        var name = input.Name?.Trim();
        errors.Required("name", name).MaxLength("name", name, 200);
        var trigger = input.Trigger?.Trim();
        if (string.IsNullOrEmpty(trigger)) errors.Add("trigger", "Error.Required");
        else if (!Triggers.All.Contains(trigger)) errors.Add("trigger", "Automation.BadWord", string.Join(", ", Triggers.All));
        var onDeal = trigger is not null && Triggers.OnDeal(trigger);

        Pipeline? pipeline = null;
        List<long> stages = [];
        List<string> fields = [];
        List<string> dateFields = [];
        if (input.PipelineId is { } pid)
        {
            pipeline = await refs.PipelineAsync(pid, "pipelineId", ct);
            if (pipeline is not null && !PipelineAccess.CanEdit(access, pipeline) && access.Scope != Scope.All)
                errors.Add("pipelineId", "Automation.NotYourPipeline");
            if (pipeline is not null)
            {
                stages = await db.Stages.AsNoTracking().Where(s => s.PipelineId == pid).Select(s => s.Id).ToListAsync(ct);
                var all = await db.PipelineFields.AsNoTracking().Where(f => f.PipelineId == pid).Select(f => new { f.Key, f.Type }).ToListAsync(ct);
                fields = all.Select(f => f.Key).ToList();
                dateFields = all.Where(f => f.Type == "date").Select(f => f.Key).ToList();
            }
        }
        else if (onDeal) errors.Add("pipelineId", "Error.Required");

        var stageNeeded = trigger is Triggers.DealEntered or Triggers.DealLeft or Triggers.StageTime;
        if (input.StageId is { } sid)
        {
            if (pipeline is not null && !stages.Contains(sid)) errors.Add("stageId", "Automation.StageOtherPipeline");
        }
        else if (stageNeeded) errors.Add("stageId", "Error.Required");
        if (trigger == Triggers.StageTime && input.Hours is not (>= 1 and <= 10000)) errors.Add("hours", "Automation.Range", 1, 10000);
        if (trigger == Triggers.NoActivity && input.Days is not (>= 1 and <= 365)) errors.Add("days", "Automation.Range", 1, 365);
        var dateField = input.DateField?.Trim() is { Length: > 0 } df ? df : null;
        var direction = input.Direction?.Trim() is { Length: > 0 } dir ? dir : null;
        if (trigger == Triggers.DateReached)
        {
            if (dateField is null) errors.Add("dateField", "Error.Required");
            else if (dateField != DateFields.ExpectedClose && pipeline is not null && !dateFields.Contains(dateField))
                errors.Add("dateField", "Automation.NotADateField");
            if (input.Days is not (null or (>= 0 and <= 365))) errors.Add("days", "Automation.Range", 0, 365);
            else if (input.Days > 0 && direction is null) errors.Add("direction", "Error.Required");
            if (direction is not null && !DateFields.Directions.Contains(direction))
                errors.Add("direction", "Automation.BadWord", string.Join(", ", DateFields.Directions));
        }
        if (input.ChannelId is { } cid) await refs.ChannelAsync(cid, "channelId", ct);
        else if (trigger == Triggers.LeadCreated) errors.Add("channelId", "Error.Required");

        var conditions = input.Conditions ?? [];
        for (var i = 0; i < conditions.Count; i++)
        {
            var c = conditions[i];
            var at = $"conditions[{i}]";
            if (!onDeal && trigger is not null) { errors.Add($"{at}.field", "Automation.DealOnly"); continue; }
            if (c?.Field is not { } f || !RuleCondition.Fields.Contains(f))
            {
                errors.Add($"{at}.field", "Automation.BadWord", string.Join(", ", RuleCondition.Fields));
                continue;
            }
            var v = c.Value?.Trim();
            if (string.IsNullOrEmpty(v)) errors.Add($"{at}.value", "Error.Required");
            else if (f == RuleCondition.AmountMin && !RuInput.TryParseMoney(v, out _)) errors.Add($"{at}.value", "Error.BadValue");
            else if (f == RuleCondition.OwnerPosition && !Positions.TryParse(v, out _)) errors.Add($"{at}.value", "Error.BadValue");
            else if (f == RuleCondition.PaidInFull && !bool.TryParse(v, out _)) errors.Add($"{at}.value", "Automation.TrueOrFalse");
            else errors.MaxLength($"{at}.value", v, 100);
        }

        var actions = input.Actions ?? [];
        if (actions.Count == 0) errors.Add("actions", "Automation.NoActions");
        if (actions.Count > 10) errors.Add("actions", "Automation.TooMany", 10);
        var built = new List<RuleAction>();
        var assigns = 0;
        for (var i = 0; i < actions.Count; i++)
        {
            var a = actions[i];
            var at = $"actions[{i}]";
            if (a?.Kind is not { } kind || !RuleAction.Kinds.Contains(kind))
            {
                errors.Add($"{at}.kind", "Automation.BadWord", string.Join(", ", RuleAction.Kinds));
                continue;
            }
            var text = a.Text?.Trim() is { Length: > 0 } x ? x : null;
            errors.MaxLength($"{at}.text", text, 300);
            switch (kind)
            {
                case RuleAction.Task or RuleAction.Notify:
                    var to = a.To?.Trim() is { Length: > 0 } w ? w : "owner";
                    if (!RuleAction.Recipients.Contains(to)) errors.Add($"{at}.to", "Automation.BadWord", string.Join(", ", RuleAction.Recipients));
                    if (kind == RuleAction.Task && a.Hours is { } h && h is < 0 or > 1000) errors.Add($"{at}.hours", "Automation.Range", 0, 1000);
                    var holder = to == "position" ? PositionOf(a.Position, $"{at}.position", required: true) : null;
                    built.Add(new RuleAction { Kind = kind, To = to, Hours = kind == RuleAction.Task ? a.Hours ?? 8 : null, Text = text, Position = holder });
                    break;
                case RuleAction.Assign:
                    if (!onDeal) { errors.Add($"{at}.kind", "Automation.DealOnly"); break; }
                    if (++assigns > 1) errors.Add($"{at}.kind", "Automation.OneAssign");
                    var by = a.By?.Trim();
                    if (string.IsNullOrEmpty(by)) errors.Add($"{at}.by", "Error.Required");
                    else if (!RuleAction.AssignBy.Contains(by)) errors.Add($"{at}.by", "Automation.BadWord", string.Join(", ", RuleAction.AssignBy));
                    var among = PositionOf(a.Position, $"{at}.position", required: false);
                    if (a.TeamId is { } teamId && await refs.TeamAsync(teamId, $"{at}.teamId", ct) is { } team
                        && pipeline?.DepartmentId is { } depId && team.DepartmentId != depId)
                        errors.Add($"{at}.teamId", "Automation.TeamOtherDepartment");
                    if (a.TeamId is null && string.IsNullOrWhiteSpace(a.Position)) errors.Add($"{at}.teamId", "Automation.AssignAmong");
                    built.Add(new RuleAction { Kind = kind, By = by, TeamId = a.TeamId, Position = among });
                    break;
                case RuleAction.SetField:
                    if (!onDeal) { errors.Add($"{at}.kind", "Automation.DealOnly"); break; }
                    if (a.Field?.Trim() is not { Length: > 0 } key) errors.Add($"{at}.field", "Error.Required");
                    else if (pipeline is not null && !fields.Contains(key)) errors.Add($"{at}.field", "Automation.NoSuchField");
                    var value = a.Value?.Trim();
                    errors.Required($"{at}.value", value).MaxLength($"{at}.value", value, 500);
                    built.Add(new RuleAction { Kind = kind, Field = a.Field?.Trim(), Value = value });
                    break;
                case RuleAction.Move:
                    if (!onDeal) { errors.Add($"{at}.kind", "Automation.DealOnly"); break; }
                    if (a.StageId is not { } target) errors.Add($"{at}.stageId", "Error.Required");
                    else if (pipeline is not null && !stages.Contains(target)) errors.Add($"{at}.stageId", "Automation.StageOtherPipeline");
                    built.Add(new RuleAction { Kind = kind, StageId = a.StageId });
                    break;
                case RuleAction.Webhook:
                    var url = a.Url?.Trim();
                    if (string.IsNullOrEmpty(url)) errors.Add($"{at}.url", "Error.Required");
                    else if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                        errors.Add($"{at}.url", "Automation.BadUrl");
                    else errors.MaxLength($"{at}.url", url, 2000);
                    built.Add(new RuleAction { Kind = kind, Url = url });
                    break;
            }
        }
        if (errors.Any) return false;

        rule.Name = name!;
        rule.Trigger = trigger!;
        rule.PipelineId = pipeline?.Id;
        if (pipeline is not null) rule.DepartmentId = pipeline.DepartmentId;
        rule.StageId = input.StageId;
        rule.Hours = trigger == Triggers.StageTime ? input.Hours : null;
        rule.Days = trigger == Triggers.NoActivity ? input.Days : trigger == Triggers.DateReached ? input.Days ?? 0 : null;
        rule.DateField = trigger == Triggers.DateReached ? dateField : null;
        rule.DateDirection = trigger == Triggers.DateReached && rule.Days > 0 ? direction : null;
        rule.IncludeClosed = trigger == Triggers.DateReached && input.IncludeClosed == true;
        rule.ChannelId = trigger == Triggers.LeadCreated ? input.ChannelId : null;
        rule.Conditions = conditions.Select(c => new RuleCondition(c.Field!, c.Value!.Trim())).ToList();
        rule.Actions = built;
        return true;
    }

    /// <summary>A position code as sent (legal, head_of_sales…), refused by its field when unknown; null when absent.</summary>
    string? PositionOf(string? code, string field, bool required)
    {
        var value = code?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            if (required) errors.Add(field, "Error.Required");
            return null;
        }
        if (Positions.TryParse(value, out _)) return value;
        errors.Add(field, "Automation.BadWord", string.Join(", ", Enum.GetValues<Position>().Select(p => p.Code())));
        return null;
    }
}
