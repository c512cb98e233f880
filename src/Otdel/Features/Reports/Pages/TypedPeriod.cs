using Otdel.Platform;

namespace Otdel.Features.Reports.Pages;

/// <summary>
/// A report page's period as a person types it (дд.мм.гггг; blank: the last two quarters), each wrong date refused by its
/// field. While anything is wrong the form gets the texts back as typed; once right, as the dates read.
/// </summary>
public sealed record TypedPeriod(DateOnly From, DateOnly To, string FromText, string ToText)
{
    public static TypedPeriod Read(string? from, string? to, DateTime now, Errors errors)
    {
        var (defaultFrom, defaultTo) = ReportPeriod.TwoQuarters(now);
        var f = Date(from, "from", defaultFrom, errors);
        var t = Date(to, "to", defaultTo, errors);
        if (!errors.Any && f > t) errors.Add("to", "Reports.ToBeforeFrom");
        return errors.Any ? new(f, t, from ?? RuInput.Date(f), to ?? RuInput.Date(t)) : new(f, t, RuInput.Date(f), RuInput.Date(t));
    }

    /// <summary>The period as the API and the CSV link take it.</summary>
    public string Query => $"from={From:yyyy-MM-dd}&to={To:yyyy-MM-dd}";

    static DateOnly Date(string? text, string field, DateOnly fallback, Errors errors)
    {
        if (string.IsNullOrWhiteSpace(text)) return fallback;
        if (RuInput.TryParseDate(text, out var d) && Inputs.IsSaneDate(d)) return d;
        errors.Add(field, "Reports.BadDate");
        return fallback;
    }
}
