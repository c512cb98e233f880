using Otdel.Features.Organisation;

namespace Otdel.Features.Pipelines;

/// <summary>A pipeline with its stages in board order, its refusal reasons and custom fields.</summary>
public sealed record PipelineView(long Id, string Name, long? DepartmentId, HandoffRule HandoffRule, string? Template, bool IsArchived,
    int Version, DateTime CreatedAt, IReadOnlyList<StageView> Stages, IReadOnlyList<LossReasonView> LossReasons, IReadOnlyList<PipelineFieldView> Fields)
{
    public static PipelineView Of(Pipeline p, IEnumerable<LossReason> reasons, IEnumerable<PipelineField> fields) => new(
        p.Id, p.Name, p.DepartmentId, p.HandoffRule, p.Template, p.IsArchived, p.Version, p.CreatedAt,
        p.Stages.OrderBy(s => s.Order).ThenBy(s => s.Id).Select(StageView.Of).ToList(),
        reasons.Where(r => !r.IsArchived).OrderBy(r => r.Order).ThenBy(r => r.Id).Select(LossReasonView.Of).ToList(),
        fields.OrderBy(f => f.Order).ThenBy(f => f.Id).Select(PipelineFieldView.Of).ToList());
}

/// <summary>A board column: <see cref="Group"/> is the seed-level stage (стадия) the step (этап) belongs to.</summary>
public sealed record StageView(long Id, long PipelineId, string Name, string? Group, int Order, StageKind Kind, int Probability,
    int? TimeLimitHours, int? NormConversion, string? ResponsiblePosition, HandoffRule? HandoffRule, long? HandoffUserId,
    IReadOnlyList<Condition> EntryConditions, IReadOnlyList<Condition> ExitConditions,
    string? EntryCriteria, string? ExitCriteria, string? Tasks, string? Actions, string? KeySuccessFactor, string? CrmRequirements, int Version)
{
    public static StageView Of(Stage s) => new(s.Id, s.PipelineId, s.Name, s.Group, s.Order, s.Kind, s.Probability, s.TimeLimitHours,
        s.NormConversion, s.ResponsiblePosition?.Code(), s.HandoffRule, s.HandoffUserId, s.EntryConditions, s.ExitConditions,
        s.EntryCriteria, s.ExitCriteria, s.Tasks, s.Actions, s.KeySuccessFactor, s.CrmRequirements, s.Version);
}

public sealed record LossReasonView(long Id, long PipelineId, string Name, bool IsOther, int Order, bool IsArchived, int Version)
{
    public static LossReasonView Of(LossReason r) => new(r.Id, r.PipelineId, r.Name, r.IsOther, r.Order, r.IsArchived, r.Version);
}

public sealed record PipelineFieldView(long Id, string Key, string Label, string Type, string? Options, int Order)
{
    public static PipelineFieldView Of(PipelineField f) => new(f.Id, f.Key, f.Label, f.Type, f.Options, f.Order);
}

/// <summary>Creates a pipeline (from a template: "b2b", "simple", or none) or renames it / changes its handoff rule.</summary>
public sealed record PipelineInput(string? Name, string? Template = null, string? HandoffRule = null, int? Version = null, bool? IsArchived = null);

public sealed record StageInput
{
    public string? Name { get; init; }
    public string? Group { get; init; }
    /// <summary>Position among the columns (0-based); omitted means last on create, unchanged on update.</summary>
    public int? Order { get; init; }
    public string? Kind { get; init; }
    public int? Probability { get; init; }
    public int? TimeLimitHours { get; init; }
    public int? NormConversion { get; init; }
    public string? ResponsiblePosition { get; init; }
    public string? HandoffRule { get; init; }
    public long? HandoffUserId { get; init; }
    public List<Condition>? EntryConditions { get; init; }
    public List<Condition>? ExitConditions { get; init; }
    public string? EntryCriteria { get; init; }
    public string? ExitCriteria { get; init; }
    public string? Tasks { get; init; }
    public string? Actions { get; init; }
    public string? KeySuccessFactor { get; init; }
    public string? CrmRequirements { get; init; }
    public int? Version { get; init; }
}

public sealed record LossReasonInput(long? PipelineId, string? Name, bool? IsOther = null, int? Order = null, int? Version = null);

public sealed record PipelineFieldInput(string? Key, string? Label, string? Type, string? Options = null, int? Order = null);
