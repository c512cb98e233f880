using Otdel.Platform;

namespace Otdel.Features.Activities;

/// <summary>The words the API takes for an activity, and the checks of its plain fields (references are the use case's).</summary>
public static class ActivityRules
{
    public const int MaxText = 4000;
    public const int MaxParticipants = 1000;
    public const int MaxUrl = 1000;
    public const int MaxDurationSeconds = 24 * 60 * 60;
    /// <summary>Clocks differ a little; an activity "in the future" by less than this is taken as now.</summary>
    public static readonly TimeSpan ClockSlack = TimeSpan.FromMinutes(5);

    public static T? Word<T>(string? word) where T : struct, Enum =>
        Enum.GetValues<T>().Cast<T?>().FirstOrDefault(v => string.Equals(SnakeCase.Of(v!.Value.ToString()), word?.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether an activity of this kind counts as contacting a lead (a note does not: nobody was reached for).</summary>
    public static bool IsContact(ActivityKind k) => k != ActivityKind.Note;

    /// <summary>Fills the plain fields of a new activity from the input, naming every refused field.</summary>
    public static void Apply(Activity a, ActivityInput input, DateTime now, TimeZoneInfo zone, Errors errors)
    {
        if (string.IsNullOrWhiteSpace(input.Kind)) errors.Add("kind", "Error.Required");
        else if (Word<ActivityKind>(input.Kind) is { } kind) a.Kind = kind;
        else
        {
            errors.Add("kind", "Activities.BadKind");
            return;
        }
        var k = a.Kind;

        if (!string.IsNullOrWhiteSpace(input.Direction))
        {
            if (k is not (ActivityKind.Call or ActivityKind.Email or ActivityKind.Message)) errors.Add("direction", "Activities.NoDirection");
            else if (Word<ActivityDirection>(input.Direction) is { } d) a.Direction = d;
            else errors.Add("direction", "Activities.BadDirection");
        }
        else if (k == ActivityKind.Call) errors.Add("direction", "Activities.CallDirection");

        a.At = now;
        if (input.At is { } at && Moment(at, zone, "at", errors) is { } utc)
        {
            if (utc > now + ClockSlack) errors.Add("at", "Activities.Future");
            else a.At = utc > now ? now : utc;
        }

        if (input.DurationSeconds is { } secs)
        {
            if (k is not (ActivityKind.Call or ActivityKind.Meeting)) errors.Add("durationSeconds", "Activities.NoDuration");
            else if (secs < 0 || secs > MaxDurationSeconds) errors.Add("durationSeconds", "Activities.BadDuration", MaxDurationSeconds);
            else a.DurationSeconds = secs;
        }

        if (!string.IsNullOrWhiteSpace(input.Result))
        {
            if (k != ActivityKind.Call) errors.Add("result", "Activities.NoResult");
            else if (Word<CallResult>(input.Result) is { } r) a.Result = r;
            else errors.Add("result", "Activities.BadResult");
        }

        if (!string.IsNullOrWhiteSpace(input.Format))
        {
            if (k != ActivityKind.Meeting) errors.Add("format", "Activities.NoFormat");
            else if (Word<MeetingFormat>(input.Format) is { } f) a.Format = f;
            else errors.Add("format", "Activities.BadFormat");
        }

        var participants = Clean(input.Participants);
        if (participants is not null)
        {
            if (k != ActivityKind.Meeting) errors.Add("participants", "Activities.NoParticipants");
            else if (errors.MaxLength("participants", participants, MaxParticipants).For("participants") is null) a.Participants = participants;
        }

        var url = Clean(input.RecordingUrl);
        if (url is not null)
        {
            if (k != ActivityKind.Call) errors.Add("recordingUrl", "Activities.NoRecording");
            else if (url.Length > MaxUrl) errors.Add("recordingUrl", "Error.TooLong", MaxUrl);
            else if (!IsWebAddress(url)) errors.Add("recordingUrl", "Activities.BadUrl");
            else a.RecordingUrl = url;
        }

        var text = Clean(input.Text);
        if (text is null && k == ActivityKind.Note) errors.Add("text", "Error.Required");
        else if (errors.MaxLength("text", text, MaxText).For("text") is null) a.Text = text;
    }

    /// <summary>An absolute http or https address with a host (no javascript:, no relative path, no spaces).</summary>
    public static bool IsWebAddress(string s) =>
        Uri.TryCreate(s, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttps || u.Scheme == Uri.UriSchemeHttp)
        && !string.IsNullOrEmpty(u.Host) && !s.Any(char.IsWhiteSpace) && !Inputs.HasControlCharacters(s);

    /// <summary>A moment as UTC: one given with an offset (or Z) as it is; one without, on the reader's wall clock.</summary>
    public static DateTime? Moment(DateTime value, TimeZoneInfo zone, string field, Errors errors) =>
        LocalTime.ToUtc(value, zone, field, errors, "Activities.BadAt");

    static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
