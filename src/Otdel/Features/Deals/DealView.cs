using Otdel.Platform;

namespace Otdel.Features.Deals;

/// <summary>A deal as the API and the pages show it.</summary>
public sealed record DealView(
    long Id, string Title, long? ClientId, string? ClientName, decimal Amount, string Currency,
    long PipelineId, long StageId, long OwnerId, DealStatus Status,
    DateOnly? ExpectedCloseDate, string? Source, string? Segment, string? Products, int? LeadScore,
    IReadOnlyDictionary<string, string> Fields, int Version, DateTime CreatedAt,
    DateTime StageEnteredAt, DateTime? StageDueAt, bool IsOverdue, DateTime? ClosedAt,
    long? LossReasonId, string? LossComment, long? LostAtStageId)
{
    public static DealView Of(Deal d, DateTime now) => new(
        d.Id, d.Title, d.ClientId, d.ClientName, d.Amount, d.Currency, d.PipelineId, d.StageId, d.OwnerId, d.Status,
        d.ExpectedCloseDate, d.Source, d.Segment, d.Products, d.LeadScore, new Dictionary<string, string>(d.Fields), d.Version, d.CreatedAt,
        d.StageEnteredAt, d.StageDueAt, Overdue.Is(d, now), d.ClosedAt, d.LossReasonId, d.LossComment, d.LostAtStageId);
}

/// <summary>What a client sends to create a deal or change it; on PATCH only the fields sent are applied.</summary>
public sealed record DealInput : SentFields
{
    public string? Title { get; init { field = value; Mark(); } }
    public decimal? Amount { get; init { field = value; Mark(); } }
    public string? Currency { get; init { field = value; Mark(); } }
    public long? PipelineId { get; init { field = value; Mark(); } }
    public long? StageId { get; init { field = value; Mark(); } }
    public long? OwnerId { get; init { field = value; Mark(); } }
    public long? ClientId { get; init { field = value; Mark(); } }
    public string? ClientName { get; init { field = value; Mark(); } }
    public DateOnly? ExpectedCloseDate { get; init { field = value; Mark(); } }
    public string? Source { get; init { field = value; Mark(); } }
    public string? Segment { get; init { field = value; Mark(); } }
    public string? Products { get; init { field = value; Mark(); } }
    public int? LeadScore { get; init { field = value; Mark(); } }
    /// <summary>Custom field values by key; on update they are merged into the deal's values (an empty value clears one).</summary>
    public Dictionary<string, string?>? Fields { get; init { field = value; Mark(); } }
    public int? Version { get; init; }
}

public sealed record MoveInput(long? StageId, int? Version, string? OverrideReason = null);

public sealed record LoseInput(long? ReasonId, string? Comment, int? Version);

/// <summary>An unmet condition: its kind, the field it is about, and what to do, in the user's language.</summary>
public sealed record Missing(string Kind, string? Field, string Message);

public sealed record AttachmentView(long Id, long DealId, string Kind, string FileName, string ContentType, long Size, string Sha256, long UploadedById, DateTime At)
{
    public static AttachmentView Of(Attachment a) => new(a.Id, a.DealId, a.Kind, a.FileName, a.ContentType, a.Size, a.Sha256, a.UploadedById, a.At);
}

public sealed record ApprovalView(long Id, long DealId, string Position, long ById, string? Comment, DateTime At)
{
    public static ApprovalView Of(Approval a) => new(a.Id, a.DealId, Organisation.Positions.Code(a.Position), a.ById, a.Comment, a.At);
}
