namespace Otdel.Features.Activities;

/// <summary>An activity as the API shows it; the words (kind, direction, result, format) as the API takes them.</summary>
public sealed record ActivityView(
    long Id, ActivityKind Kind, ActivityDirection? Direction, DateTime At, int? DurationSeconds, CallResult? Result, MeetingFormat? Format,
    string? Participants, string? RecordingUrl, string? Text, long AuthorId, long? DealId, long? ClientId, long? LeadId, long? TaskId,
    DateTime CreatedAt, int Version)
{
    public static ActivityView Of(Activity a) => new(
        a.Id, a.Kind, a.Direction, a.At, a.DurationSeconds, a.Result, a.Format, a.Participants, a.RecordingUrl, a.Text,
        a.AuthorId, a.DealId, a.ClientId, a.LeadId, a.TaskId, a.CreatedAt, a.Version);
}

/// <summary>What a caller sends to log an activity; at least one of deal, client and lead.</summary>
public sealed record ActivityInput
{
    /// <summary>call, meeting, email, message, proposal or note.</summary>
    public string? Kind { get; init; }
    /// <summary>in or out: required for a call; for an e-mail or a message optional; nothing else has one.</summary>
    public string? Direction { get; init; }
    /// <summary>When it happened: with an offset or Z as given; without one, on the caller's own clock. Default: now. Not in the future.</summary>
    public DateTime? At { get; init; }
    /// <summary>A call's or a meeting's length in seconds, 0 to 86 400.</summary>
    public int? DurationSeconds { get; init; }
    /// <summary>A call's outcome: connected, no_answer, busy, voicemail or wrong_number.</summary>
    public string? Result { get; init; }
    /// <summary>A meeting's form: online or in_person.</summary>
    public string? Format { get; init; }
    /// <summary>Who took part in a meeting.</summary>
    public string? Participants { get; init; }
    /// <summary>A call's recording: an absolute http or https address.</summary>
    public string? RecordingUrl { get; init; }
    /// <summary>What was said or agreed; a note's text (required for a note).</summary>
    public string? Text { get; init; }
    public long? DealId { get; init; }
    /// <summary>The client it was with; an activity on a deal takes the deal's client, one on a converted lead the lead's.</summary>
    public long? ClientId { get; init; }
    public long? LeadId { get; init; }
}

public sealed record ActivityPage(IReadOnlyList<ActivityView> Items, string? NextCursor);
