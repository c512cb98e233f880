using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Otdel.Data;
using Otdel.Platform;
using Otdel.Resources;

namespace Otdel.Features.Automation.Pages;

/// <summary>A rule as the form shows it (texts as typed, so a refused one comes back as it was).</summary>
public sealed class RuleForm
{
    public long? Id { get; set; }
    public int? Version { get; set; }
    public string? Name { get; set; }
    public string? PipelineId { get; set; }
    public string? Trigger { get; set; }
    public string? StageId { get; set; }
    public string? Hours { get; set; }
    public string? Days { get; set; }
    public string? ChannelId { get; set; }
    public string? DateField { get; set; }
    public string? Direction { get; set; }
    public bool IncludeClosed { get; set; }
    public bool Enabled { get; set; } = true;
    public List<(string? Field, string? Value)> Conditions { get; set; } = [];
    public List<ActionRow> Actions { get; set; } = [];
}

public sealed record ActionRow(string? Kind, string? To, string? Hours, string? Text, string? Field, string? Value, string? StageId, string? Url,
    string? Position = null, string? TeamId = null, string? By = null);

/// <summary>
/// /settings/automation: the department's rules (on/off, what each does, why the engine switched one off), the form to
/// create or change one (through <see cref="SaveRule"/>, as POST /api/v1/automation/rules), and the log of firings.
/// </summary>
public sealed class AutomationModel(OtdelDb db, Access access, SaveRule rules, AutomationLog log, IStringLocalizer<Text> t) : PageModel
{
    public const int ConditionRows = 2;
    public const int ActionRows = 3;
    public List<RuleView> Rules { get; private set; } = [];
    public List<FiringView> Log { get; private set; } = [];
    public RuleForm Form { get; private set; } = new();
    public Failure? Failure { get; private set; }
    public bool Saved { get; private set; }
    public bool MayEdit => rules.MayWrite;
    public Dictionary<long, string> Pipelines { get; private set; } = [];
    public List<(long Id, long PipelineId, string Name)> Stages { get; private set; } = [];
    public Dictionary<long, string> Channels { get; private set; } = [];
    public Dictionary<long, List<string>> Fields { get; private set; } = [];
    /// <summary>The pipelines' custom fields of kind date: key and label.</summary>
    public List<(long PipelineId, string Key, string Label)> DateFields { get; private set; } = [];
    public Dictionary<long, string> Teams { get; private set; } = [];

    public async Task OnGetAsync(long? edit, bool? saved, CancellationToken ct)
    {
        await LoadAsync(ct);
        Saved = saved == true;
        if (edit is { } id && Rules.FirstOrDefault(r => r.Id == id) is { } r) Form = FormOf(r);
        Pad(Form);
    }

    public async Task<IActionResult> OnPostAsync(long? id, int? version, string? name, string? pipelineId, string? trigger, string? stageId, string? hours,
        string? days, string? channelId, string? dateField, string? direction, bool includeClosed, bool enabled, string[]? condField,
        string[]? condValue, string[]? actKind, string[]? actTo, string[]? actHours, string[]? actText, string[]? actField, string[]? actValue,
        string[]? actStage, string[]? actUrl, string[]? actPosition, string[]? actTeam, string[]? actBy, CancellationToken ct)
    {
        var form = new RuleForm
        {
            Id = id, Version = version, Name = name, PipelineId = pipelineId, Trigger = trigger, StageId = stageId, Hours = hours, Days = days,
            ChannelId = channelId, DateField = dateField, Direction = direction, IncludeClosed = includeClosed, Enabled = enabled,
        };
        for (var i = 0; i < (condField?.Length ?? 0); i++)
            if (!string.IsNullOrWhiteSpace(condField![i])) form.Conditions.Add((condField[i], At(condValue, i)));
        for (var i = 0; i < (actKind?.Length ?? 0); i++)
            if (!string.IsNullOrWhiteSpace(actKind![i]))
                form.Actions.Add(new ActionRow(actKind[i], At(actTo, i), At(actHours, i), At(actText, i), At(actField, i), At(actValue, i), At(actStage, i),
                    At(actUrl, i), At(actPosition, i), At(actTeam, i), At(actBy, i)));

        var unread = new Dictionary<string, string[]>();
        long? Id(string key, string? text) => Number(key, text, unread) is { } n ? n : null;
        int? Int(string key, string? text) => Number(key, text, unread) is { } n and <= int.MaxValue and >= int.MinValue ? (int)n : null;
        var input = new RuleInput
        {
            Name = name, PipelineId = Id("pipelineId", pipelineId), Trigger = trigger, StageId = Id("stageId", stageId), Hours = Int("hours", hours),
            Days = Int("days", days), ChannelId = Id("channelId", channelId), DateField = dateField, Direction = direction,
            IncludeClosed = includeClosed, Enabled = enabled, Version = version,
            Conditions = form.Conditions.Select(c => new ConditionInput(c.Field, c.Value)).ToList(),
            Actions = form.Actions.Select((a, i) => new ActionInput(a.Kind, a.To, Int($"actions[{i}].hours", a.Hours), a.Text, a.Field, a.Value,
                Id($"actions[{i}].stageId", a.StageId), a.Url, a.Position, Id($"actions[{i}].teamId", a.TeamId), a.By)).ToList(),
        };
        var outcome = unread.Count > 0 ? new Failure(400, t["Error.Validation"], unread)
            : id is { } existing ? await rules.UpdateAsync(existing, input, ct) : await rules.CreateAsync(input, ct);
        if (outcome.Ok) return Redirect("/settings/automation?saved=true");
        db.ChangeTracker.Clear();
        await LoadAsync(ct);
        Form = form;
        Pad(Form);
        Failure = outcome.Failure;
        Response.StatusCode = Failure!.Status;
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync(long id, CancellationToken ct)
    {
        var failure = await rules.DeleteAsync(id, ct);
        if (failure is null) return Redirect("/settings/automation");
        await LoadAsync(ct);
        Pad(Form);
        Failure = failure;
        Response.StatusCode = failure.Status;
        return Page();
    }

    public async Task<IActionResult> OnPostSwitchAsync(long id, bool on, CancellationToken ct)
    {
        var outcome = await rules.EnableAsync(id, on, ct);
        if (outcome.Ok) return Redirect("/settings/automation");
        await LoadAsync(ct);
        Pad(Form);
        Failure = outcome.Failure;
        Response.StatusCode = Failure!.Status;
        return Page();
    }

    public string? ErrorFor(string field) => Failure?.For(field);

    public string TriggerText(RuleView r)
    {
        var stage = r.StageId is { } s && Stages.FirstOrDefault(x => x.Id == s) is { Name: not null } st
            ? "«" + st.Name + "»" : t["Automation.AnyStage"].Value;
        var channel = r.ChannelId is { } cid && Channels.TryGetValue(cid, out var ch) ? "«" + ch + "»" : "—";
        var text = r.Trigger == Triggers.DateReached ? DateText(r) : t["Automation.When." + r.Trigger, stage, (object?)r.Hours ?? r.Days ?? 0, channel].Value;
        if (r.Conditions.Count == 0) return text;
        var conditions = r.Conditions.Select(c => t["Automation.Cond." + c.Field].Value.ToLowerInvariant() + " " + c.Value);
        return text + ", " + t["Automation.If"] + " " + string.Join(", ", conditions);
    }

    string DateText(RuleView r)
    {
        var field = r.DateField == Automation.DateFields.ExpectedClose ? t["Automation.ExpectedClose"].Value
            : DateFields.FirstOrDefault(f => f.PipelineId == r.PipelineId && f.Key == r.DateField).Label ?? r.DateField;
        var text = t["Automation.When.date_reached." + (r.Days is > 0 ? r.Direction : "on"), "«" + field + "»", r.Days ?? 0].Value;
        return r.IncludeClosed ? text + ", " + t["Automation.WithClosed"] : text;
    }

    string Whom(RuleAction a) => a.To == "position" ? $"{t["Automation.To.position"]} «{t["Position." + a.Position]}»" : t["Automation.To." + a.To];

    string Among(RuleAction a)
    {
        var team = a.TeamId is { } id && Teams.TryGetValue(id, out var name) ? "«" + name + "»" : null;
        var position = a.Position is { } p ? "«" + t["Position." + p] + "»" : null;
        return string.Join(", ", new[] { team, position }.Where(x => x is not null));
    }

    public string ActionText(RuleAction a) => a.Kind switch
    {
        RuleAction.Task => $"{t["Automation.Kind.task"]} {Whom(a)} {t["Automation.InHours", a.Hours ?? 0]}" + Quoted(a.Text),
        RuleAction.Notify => $"{t["Automation.Kind.notify"]} {Whom(a)}" + Quoted(a.Text),
        RuleAction.Assign => $"{t["Automation.Kind.assign"]} {t["Automation.Among"]} {Among(a)} ({t["Automation.By." + a.By]})",
        RuleAction.SetField => $"{t["Automation.Kind.set_field"]}: {a.Field} = {a.Value}",
        RuleAction.Move => $"{t["Automation.Kind.move"]} «{Stages.FirstOrDefault(s => s.Id == a.StageId).Name}»",
        _ => $"{t["Automation.Kind.webhook"]} {a.Url}",
    };

    static string Quoted(string? text) => string.IsNullOrEmpty(text) ? "" : $": «{text}»";

    public string PipelineName(long? id) => id is { } p && Pipelines.TryGetValue(p, out var n) ? n : t["Automation.Company"];

    static RuleForm FormOf(RuleView r) => new()
    {
        Id = r.Id, Version = r.Version, Name = r.Name, PipelineId = r.PipelineId?.ToString(), Trigger = r.Trigger, StageId = r.StageId?.ToString(),
        Hours = r.Hours?.ToString(), Days = r.Days?.ToString(), ChannelId = r.ChannelId?.ToString(), Enabled = r.Enabled,
        DateField = r.DateField, Direction = r.Direction, IncludeClosed = r.IncludeClosed,
        Conditions = r.Conditions.Select(c => ((string?)c.Field, (string?)c.Value)).ToList(),
        Actions = r.Actions.Select(a => new ActionRow(a.Kind, a.To, a.Hours?.ToString(), a.Text, a.Field, a.Value, a.StageId?.ToString(), a.Url,
            a.Position, a.TeamId?.ToString(), a.By)).ToList(),
    };

    static void Pad(RuleForm f)
    {
        while (f.Conditions.Count < ConditionRows) f.Conditions.Add((null, null));
        while (f.Actions.Count < ActionRows) f.Actions.Add(new ActionRow(null, null, null, null, null, null, null, null));
    }

    static string? At(string[]? a, int i) => a is not null && i < a.Length ? a[i] : null;

    long? Number(string key, string? text, Dictionary<string, string[]> unread)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (long.TryParse(text.Trim().Replace(" ", "").Replace("\u00a0", ""), out var n)) return n;
        unread[key] = [t["Error.BadValue"]];
        return null;
    }

    /// <summary>Rules with a log: they can be switched off, not deleted.</summary>
    public HashSet<long> HasFired { get; private set; } = [];

    async Task LoadAsync(CancellationToken ct)
    {
        Rules = await rules.ListAsync(null, ct);
        var ruleIds = Rules.Select(r => r.Id).ToList();
        HasFired = (await db.Set<AutomationFiring>().Where(f => ruleIds.Contains(f.RuleId)).Select(f => f.RuleId).Distinct().ToListAsync(ct)).ToHashSet();
        Log = await log.ReadAsync(null, null, 50, ct);
        var pipelines = await db.Pipelines.VisibleTo(access).AsNoTracking().Where(p => !p.IsArchived).OrderBy(p => p.Name)
            .Select(p => new { p.Id, p.Name }).ToListAsync(ct);
        Pipelines = pipelines.ToDictionary(p => p.Id, p => p.Name);
        var ids = pipelines.Select(p => p.Id).ToList();
        Stages = (await db.Stages.AsNoTracking().Where(s => ids.Contains(s.PipelineId)).OrderBy(s => s.PipelineId).ThenBy(s => s.Order)
            .Select(s => new { s.Id, s.PipelineId, s.Name }).ToListAsync(ct)).Select(s => (s.Id, s.PipelineId, s.Name)).ToList();
        var fields = await db.PipelineFields.AsNoTracking().Where(f => ids.Contains(f.PipelineId)).OrderBy(f => f.Order)
            .Select(f => new { f.PipelineId, f.Key, f.Label, f.Type }).ToListAsync(ct);
        Fields = fields.GroupBy(f => f.PipelineId).ToDictionary(g => g.Key, g => g.Select(f => f.Key).ToList());
        DateFields = fields.Where(f => f.Type == "date").Select(f => (f.PipelineId, f.Key, f.Label)).ToList();
        Teams = await db.Teams.VisibleTo(access).AsNoTracking().OrderBy(x => x.Name).ToDictionaryAsync(x => x.Id, x => x.Name, ct);
        Channels = await db.Channels.VisibleTo(access).AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Name, ct);
    }
}
