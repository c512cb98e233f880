using Otdel.Features.Clients;

namespace Otdel.Features.Leads;

/// <summary>A lead's standing by its score: hot (at or above the SQL threshold), warm (at or above MQL), cold.</summary>
public enum LeadCategory { Cold, Warm, Hot }

/// <summary>What a lead scored and by which rules.</summary>
public sealed record LeadScore(int Total, IReadOnlyList<ScorePart> Parts);

/// <summary>A rule that gave points, and how many (a repeat-request rule gives its points per request).</summary>
public sealed record ScorePart(ScoreRule Rule, int Points);

/// <summary>
/// The scoring itself, pure: the points a lead earns under a set of rules, the category of a score, and the status the
/// score moves a lead to. Scores only move a lead forward (new → MQL → SQL) and never touch a person's decision
/// (converted, disqualified); a person's own step back is theirs to make, not the score's to undo.
/// </summary>
public static class LeadScorer
{
    /// <summary>Most repeat requests counted, so one impatient visitor cannot make a lead hot alone.</summary>
    public const int MaxRepeats = 5;

    public static readonly string[] Kinds = ["filled", "equals", "channel_kind", "company_size", "activity"];
    public static readonly string[] Fields = ["name", "company", "phone", "email", "position", "comment", "landingPage", "source", "campaign",
        "utmSource", "utmMedium", "utmCampaign"];
    public static readonly string[] Activities = ["contacted", "repeat_request"];

    /// <summary>What a lead scores; <paramref name="repeats"/> is how many later requests came from the same contact.</summary>
    public static LeadScore Score(Lead l, ChannelKind? channelKind, int repeats, IEnumerable<ScoreRule> rules)
    {
        var parts = new List<ScorePart>();
        foreach (var r in rules)
        {
            var times = Times(l, channelKind, repeats, r);
            if (times > 0) parts.Add(new ScorePart(r, r.Points * times));
        }
        return new LeadScore(parts.Sum(p => p.Points), parts);
    }

    static int Times(Lead l, ChannelKind? channelKind, int repeats, ScoreRule r) => r.Kind switch
    {
        "filled" => string.IsNullOrWhiteSpace(FieldOf(l, r.Field)) ? 0 : 1,
        "equals" => FieldOf(l, r.Field) is { } v && r.Value is { } want && string.Equals(v.Trim(), want.Trim(), StringComparison.OrdinalIgnoreCase) ? 1 : 0,
        "channel_kind" => channelKind is { } k && LeadRules.Word(k) == r.Value ? 1 : 0,
        "company_size" => l.CompanySize is { } s && Otdel.Platform.SnakeCase.Of(s.ToString()) == r.Value ? 1 : 0,
        "activity" when r.Value == "contacted" => l.FirstContactAt is null ? 0 : 1,
        "activity" when r.Value == "repeat_request" => Math.Min(repeats, MaxRepeats),
        _ => 0,
    };

    public static string? FieldOf(Lead l, string? field) => field switch
    {
        "name" => l.Name,
        "company" => l.Company,
        "phone" => l.Phone,
        "email" => l.Email,
        "position" => l.Position,
        "comment" => l.Comment,
        "landingPage" => l.LandingPage,
        "source" => l.Source,
        "campaign" => l.Campaign,
        "utmSource" => l.UtmSource,
        "utmMedium" => l.UtmMedium,
        "utmCampaign" => l.UtmCampaign,
        _ => null,
    };

    public static LeadCategory CategoryOf(int score, int mql, int sql) =>
        score >= sql ? LeadCategory.Hot : score >= mql ? LeadCategory.Warm : LeadCategory.Cold;

    /// <summary>The status a score moves a lead to: forward only, from new or MQL, never past a person's decision.</summary>
    public static LeadStatus Promote(LeadStatus status, int score, int mql, int sql)
    {
        if (status is not (LeadStatus.New or LeadStatus.Mql)) return status;
        if (score >= sql) return LeadStatus.Sql;
        if (score >= mql && status == LeadStatus.New) return LeadStatus.Mql;
        return status;
    }

    public static string Word(LeadCategory c) => c.ToString().ToLowerInvariant();
}
