using Otdel.Platform;

namespace Otdel.Features.Segments;

/// <summary>A segment as sent: a name and the conditions all members meet (see <see cref="SegmentCondition"/>).</summary>
public sealed record SegmentInput(string? Name, List<SegmentConditionInput>? Conditions, int? Version);

/// <summary>One condition as sent; which fields it needs depends on its <c>kind</c> (see <see cref="SegmentCondition"/>).</summary>
public sealed record SegmentConditionInput(string? Kind, string? Text, decimal? Min, decimal? Max, int? Days, bool? Has, long? StageId, long? OwnerId,
    long? ChannelId);

/// <summary>
/// Checks a segment's conditions, refusing each bad one by its place and field (<c>conditions[2].max</c>): an unknown
/// kind, a missing value, a negative or inverted range, a stage, person or channel the caller does not see.
/// </summary>
public sealed class SegmentRules(References refs, Errors errors)
{
    public const int MaxConditions = 20;
    public const int MaxDays = 36_500;

    public static readonly string[] Kinds =
        ["product", "total", "average", "active_deals", "idle_days", "stage", "position", "owner", "region", "channel", "score"];

    public async Task<(string Name, List<SegmentCondition> Conditions)> CheckAsync(SegmentInput input, CancellationToken ct)
    {
        var name = string.IsNullOrWhiteSpace(input.Name) ? null : input.Name.Trim();
        errors.Required("name", name).MaxLength("name", name, 200);
        var list = new List<SegmentCondition>();
        var given = input.Conditions ?? [];
        if (given.Count > MaxConditions) { errors.Add("conditions", "Segments.TooMany", MaxConditions); return (name ?? "", list); }
        for (var i = 0; i < given.Count; i++)
            if (await ConditionAsync(given[i], $"conditions[{i}]", ct) is { } c) list.Add(c);
        return (name ?? "", list);
    }

    async Task<SegmentCondition?> ConditionAsync(SegmentConditionInput? c, string at, CancellationToken ct)
    {
        if (c is null) { errors.Add(at, "Error.Required"); return null; }
        var kind = c.Kind?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(kind)) { errors.Add(at + ".kind", "Error.Required"); return null; }
        if (!Kinds.Contains(kind)) { errors.Add(at + ".kind", "Segments.BadKind"); return null; }
        var before = errors.All.Count;
        SegmentCondition? made = kind switch
        {
            "product" or "position" or "region" => Text(kind, c, at),
            "total" or "average" => Range(kind, c, at, money: true),
            "score" => Range(kind, c, at, money: false),
            "active_deals" => c.Has is { } has ? new SegmentCondition(kind, Has: has) : Missing(at + ".has"),
            "idle_days" => c.Days switch
            {
                null => Missing(at + ".days"),
                < 1 or > MaxDays => Refuse(at + ".days", "Segments.BadDays", 1, MaxDays),
                { } d => new SegmentCondition(kind, Days: d),
            },
            "stage" => c.StageId is { } s
                ? await refs.StageAsync(s, at + ".stageId", ct) is null ? null : new SegmentCondition(kind, StageId: s)
                : Missing(at + ".stageId"),
            "owner" => c.OwnerId is { } o ? refs.Owner(o, at + ".ownerId") ? new SegmentCondition(kind, OwnerId: o) : null : Missing(at + ".ownerId"),
            _ => c.ChannelId is { } ch
                ? await refs.ChannelAsync(ch, at + ".channelId", ct) is null ? null : new SegmentCondition(kind, ChannelId: ch)
                : Missing(at + ".channelId"),
        };
        return errors.All.Count == before ? made : null;
    }

    SegmentCondition? Text(string kind, SegmentConditionInput c, string at)
    {
        var text = string.IsNullOrWhiteSpace(c.Text) ? null : c.Text.Trim();
        if (text is null) return Missing(at + ".text");
        errors.MaxLength(at + ".text", text, 200);
        return new SegmentCondition(kind, Text: text);
    }

    SegmentCondition? Range(string kind, SegmentConditionInput c, string at, bool money)
    {
        if (c.Min is null && c.Max is null) return Missing(at + ".min");
        if (money)
        {
            if (c.Min < 0) errors.Add(at + ".min", "Segments.Negative");
            if (c.Max < 0) errors.Add(at + ".max", "Segments.Negative");
            errors.Money(at + ".min", c.Min).Money(at + ".max", c.Max);
        }
        else
        {
            if (c.Min is { } mn && mn != decimal.Truncate(mn)) errors.Add(at + ".min", "Segments.WholeNumber");
            if (c.Max is { } mx && mx != decimal.Truncate(mx)) errors.Add(at + ".max", "Segments.WholeNumber");
            if (c.Min is < -1_000_000 or > 1_000_000) errors.Add(at + ".min", "Error.BadValue");
            if (c.Max is < -1_000_000 or > 1_000_000) errors.Add(at + ".max", "Error.BadValue");
        }
        if (c.Min is { } min && c.Max is { } max && min > max) errors.Add(at + ".max", "Segments.Inverted");
        return new SegmentCondition(kind, Min: c.Min, Max: c.Max);
    }

    SegmentCondition? Missing(string field) => Refuse(field, "Error.Required");

    SegmentCondition? Refuse(string field, string key, params object[] args)
    {
        errors.Add(field, key, args);
        return null;
    }
}
