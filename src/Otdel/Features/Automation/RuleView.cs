using Microsoft.Extensions.Localization;
using Otdel.Resources;

namespace Otdel.Features.Automation;

/// <summary>A rule as the API and the page show it; <see cref="DisabledReason"/> in the reader's language.</summary>
public sealed record RuleView(long Id, string Name, long? DepartmentId, long? PipelineId, string Trigger, long? StageId, int? Hours, int? Days,
    long? ChannelId, IReadOnlyList<RuleCondition> Conditions, IReadOnlyList<RuleAction> Actions, bool Enabled, string? DisabledReason,
    DateTime CreatedAt, int Version, string? DateField = null, string? Direction = null, bool IncludeClosed = false)
{
    public static RuleView Of(AutomationRule r, IStringLocalizer<Text> t) => new(r.Id, r.Name, r.DepartmentId, r.PipelineId, r.Trigger, r.StageId,
        r.Hours, r.Days, r.ChannelId, r.Conditions, r.Actions, r.IsEnabled, r.DisabledReason is { } k ? t[k].Value : null, r.CreatedAt, r.Version,
        r.DateField, r.DateDirection, r.IncludeClosed);
}

/// <summary>A rule to create or change. A change sends the version it read; <c>enabled</c> switches it on or off.</summary>
public sealed record RuleInput
{
    public string? Name { get; init; }
    public long? PipelineId { get; init; }
    /// <summary>deal_entered | deal_left | stage_time | stage_overdue | no_activity | lead_created | task_overdue | date_reached</summary>
    public string? Trigger { get; init; }
    public long? StageId { get; init; }
    public int? Hours { get; init; }
    /// <summary>no_activity: days without activity (1–365); date_reached: days before or after the date (0–365, 0 = on the day).</summary>
    public int? Days { get; init; }
    public long? ChannelId { get; init; }
    /// <summary>date_reached: expected_close_date or the key of a custom field of kind date.</summary>
    public string? DateField { get; init; }
    /// <summary>date_reached with days above 0: before | after the date.</summary>
    public string? Direction { get; init; }
    /// <summary>date_reached: also won and lost deals (open ones only when false or absent).</summary>
    public bool? IncludeClosed { get; init; }
    public List<ConditionInput>? Conditions { get; init; }
    public List<ActionInput>? Actions { get; init; }
    public bool? Enabled { get; init; }
    public int? Version { get; init; }
}

/// <summary>field: amount_min | source | owner_position.</summary>
public sealed record ConditionInput(string? Field, string? Value);

/// <summary>
/// kind: task | notify | set_field | move | assign | webhook; to: owner | boss | position (then position: legal, head_of_sales…);
/// assign: by round_robin | least_loaded among the people of teamId and/or position.
/// </summary>
public sealed record ActionInput(string? Kind, string? To = null, int? Hours = null, string? Text = null, string? Field = null, string? Value = null,
    long? StageId = null, string? Url = null, string? Position = null, long? TeamId = null, string? By = null);

/// <summary>One line of the log: a firing of a rule and what came of it.</summary>
public sealed record FiringView(long Id, long RuleId, string RuleName, DateTime At, string Status, string? Result, long? DealId, long? LeadId, long? TaskId,
    int Depth);
