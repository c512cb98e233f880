using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Features.Organisation;
using Otdel.Platform;

namespace Otdel.Features.Segments.Pages;

/// <summary>
/// The segment form: one field (or a pair) per kind of condition, empty ones left out. It turns into the API's input in a
/// fixed order, so a refusal of <c>conditions[3].max</c> is shown by the field it came from.
/// </summary>
public sealed class SegmentForm
{
    public string? Name { get; set; }
    public string? Product { get; set; }
    public string? TotalMin { get; set; }
    public string? TotalMax { get; set; }
    public string? AverageMin { get; set; }
    public string? AverageMax { get; set; }
    /// <summary>"", "yes" or "no".</summary>
    public string? ActiveDeals { get; set; }
    public string? IdleDays { get; set; }
    public long? StageId { get; set; }
    public string? Position { get; set; }
    public long? OwnerId { get; set; }
    public string? Region { get; set; }
    public long? ChannelId { get; set; }
    public string? ScoreMin { get; set; }
    public string? ScoreMax { get; set; }

    /// <summary>Refusals of values the form could not even read (money, numbers), by form field.</summary>
    public Dictionary<string, string> Unread { get; } = [];
    /// <summary>Which condition (its index in the input) each form group became.</summary>
    readonly Dictionary<string, int> at = [];

    public static SegmentForm Of(Segment s)
    {
        var f = new SegmentForm { Name = s.Name };
        foreach (var c in s.Conditions)
            switch (c.Kind)
            {
                case "product": f.Product = c.Text; break;
                case "total": (f.TotalMin, f.TotalMax) = (Money(c.Min), Money(c.Max)); break;
                case "average": (f.AverageMin, f.AverageMax) = (Money(c.Min), Money(c.Max)); break;
                case "active_deals": f.ActiveDeals = c.Has == true ? "yes" : "no"; break;
                case "idle_days": f.IdleDays = c.Days?.ToString(); break;
                case "stage": f.StageId = c.StageId; break;
                case "position": f.Position = c.Text; break;
                case "owner": f.OwnerId = c.OwnerId; break;
                case "region": f.Region = c.Text; break;
                case "channel": f.ChannelId = c.ChannelId; break;
                case "score": (f.ScoreMin, f.ScoreMax) = (c.Min?.ToString("0"), c.Max?.ToString("0")); break;
            }
        return f;
    }

    static string? Money(decimal? v) => v is { } m ? RuInput.Money(m) : null;

    public SegmentInput ToInput(int? version, string badValue)
    {
        var list = new List<SegmentConditionInput>();
        void Add(string group, SegmentConditionInput c) { at[group] = list.Count; list.Add(c); }
        decimal? Read(string field, string? text, bool money)
        {
            if (string.IsNullOrWhiteSpace(text)) return null;
            if (money ? RuInput.TryParseMoney(text, out var m) : decimal.TryParse(text.Trim(), System.Globalization.NumberStyles.AllowLeadingSign,
                    System.Globalization.CultureInfo.InvariantCulture, out m)) return m;
            Unread[field] = badValue;
            return null;
        }
        SegmentConditionInput C(string kind, string? text = null, decimal? min = null, decimal? max = null, int? days = null, bool? has = null,
            long? stageId = null, long? ownerId = null, long? channelId = null) => new(kind, text, min, max, days, has, stageId, ownerId, channelId);

        if (!string.IsNullOrWhiteSpace(Product)) Add("product", C("product", text: Product));
        var (tMin, tMax) = (Read("totalMin", TotalMin, true), Read("totalMax", TotalMax, true));
        if (tMin is not null || tMax is not null) Add("total", C("total", min: tMin, max: tMax));
        var (aMin, aMax) = (Read("averageMin", AverageMin, true), Read("averageMax", AverageMax, true));
        if (aMin is not null || aMax is not null) Add("average", C("average", min: aMin, max: aMax));
        if (ActiveDeals is "yes" or "no") Add("active_deals", C("active_deals", has: ActiveDeals == "yes"));
        if (!string.IsNullOrWhiteSpace(IdleDays))
        {
            if (int.TryParse(IdleDays.Trim(), out var days)) Add("idle_days", C("idle_days", days: days));
            else Unread["idleDays"] = badValue;
        }
        if (StageId is { } stage) Add("stage", C("stage", stageId: stage));
        if (!string.IsNullOrWhiteSpace(Position)) Add("position", C("position", text: Position));
        if (OwnerId is { } owner) Add("owner", C("owner", ownerId: owner));
        if (!string.IsNullOrWhiteSpace(Region)) Add("region", C("region", text: Region));
        if (ChannelId is { } channel) Add("channel", C("channel", channelId: channel));
        var (sMin, sMax) = (Read("scoreMin", ScoreMin, false), Read("scoreMax", ScoreMax, false));
        if (sMin is not null || sMax is not null) Add("score", C("score", min: sMin, max: sMax));
        return new SegmentInput(Name, list, version);
    }

    /// <summary>The refusal of a form field: one it could not read, or the API's for the condition it became.</summary>
    public string? ErrorFor(Failure? failure, string group, string field, string formField)
    {
        if (Unread.TryGetValue(formField, out var unread)) return unread;
        if (failure is null) return null;
        if (group == "name") return failure.For("name");
        return at.TryGetValue(group, out var i) ? failure.For($"conditions[{i}].{field}") ?? failure.For($"conditions[{i}]") : null;
    }

    /// <summary>What the form's pickers offer: the stages, people and channels the caller sees.</summary>
    public sealed record Choices(List<(long Id, string Name)> Stages, List<(long Id, string Name)> People, List<(long Id, string Name)> Channels);

    public static async Task<Choices> ChoicesAsync(OtdelDb db, Access access, CancellationToken ct)
    {
        var stages = await db.Stages.VisibleTo(access).AsNoTracking()
            .Join(db.Pipelines.VisibleTo(access).Where(p => !p.IsArchived), s => s.PipelineId, p => p.Id, (s, p) => new
            {
                s.Id, Stage = s.Name,
                Pipeline = p.Name, s.Order
            })
            .OrderBy(x => x.Pipeline).ThenBy(x => x.Order).ToListAsync(ct);
        var channels = await db.Channels.VisibleTo(access).AsNoTracking().OrderBy(c => c.Name).Select(c => new { c.Id, c.Name }).ToListAsync(ct);
        return new Choices(stages.Select(s => (s.Id, $"{s.Pipeline} → {s.Stage}")).ToList(), await Assignable.PeopleAsync(db, access, ct),
            channels.Select(c => (c.Id, c.Name)).ToList());
    }
}
