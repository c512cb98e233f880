using Microsoft.Extensions.Localization;
using Otdel.Features.Segments.Pages;
using Otdel.Platform;

namespace Otdel.Features.Segments;

/// <summary>How the pages put a segment's conditions in words: «Купил: станок · Сумма покупок: от 100 000 ₽ · Без открытых сделок».</summary>
public static class SegmentsUi
{
    public static string Describe(IReadOnlyList<SegmentCondition> conditions, SegmentForm.Choices names, IStringLocalizer t)
    {
        if (conditions.Count == 0) return t["Segments.AllClients"];
        string Name(List<(long Id, string Name)> list, long? id) => list.FirstOrDefault(x => x.Id == id).Name ?? "№ " + id;
        string Range(decimal? min, decimal? max, bool money)
        {
            string F(decimal v) => money ? Localisation.Money(v) : v.ToString("0");
            return (min, max) switch
            {
                ({ } a, { } b) => t["Segments.Range", F(a), F(b)],
                ({ } a, null) => t["Segments.RangeFrom", F(a)],
                (null, { } b) => t["Segments.RangeTo", F(b)],
                _ => "",
            };
        }
        return string.Join(" · ", conditions.Select(c => t["Segments.Kind." + c.Kind] + ": " + c.Kind switch
        {
            "total" or "average" => Range(c.Min, c.Max, true),
            "score" => Range(c.Min, c.Max, false),
            "active_deals" => t[c.Has == true ? "Segments.Active.Yes" : "Segments.Active.No"].Value,
            "idle_days" => t["Segments.Days", c.Days ?? 0].Value,
            "stage" => Name(names.Stages, c.StageId),
            "owner" => Name(names.People, c.OwnerId),
            "channel" => Name(names.Channels, c.ChannelId),
            _ => "«" + c.Text + "»",
        }));
    }
}
