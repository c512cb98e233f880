using Microsoft.Extensions.Localization;

namespace Otdel.Features.Leads;

/// <summary>How the pages show a lead's status and response time.</summary>
public static class LeadsUi
{
    public static string StatusCss(LeadStatus s) => s switch
    {
        LeadStatus.New => "blue",
        LeadStatus.Mql or LeadStatus.Sql => "amber",
        LeadStatus.Converted => "green",
        _ => "red",
    };

    /// <summary>Hot is red-hot (act now), warm amber, cold grey; the word goes with the colour.</summary>
    public static string CategoryCss(LeadCategory c) => c switch
    {
        LeadCategory.Hot => "red",
        LeadCategory.Warm => "amber",
        _ => "",
    };

    /// <summary>A rule in words: «Заполнено: Телефон», «Должность = директор», «Канал: Выставка», «Размер компании: крупная».</summary>
    public static string RuleText(ScoreRule r, IStringLocalizer t) => r.Kind switch
    {
        "filled" => t["Scoring.Text.filled", t["Scoring.Field." + r.Field]],
        "equals" => t["Scoring.Text.equals", t["Scoring.Field." + r.Field], r.Value ?? ""],
        "channel_kind" => t["Scoring.Text.channel_kind", t["Leads.Kind." + r.Value]],
        "company_size" => t["Scoring.Text.company_size", t["Scoring.Size." + r.Value]],
        _ => t["Scoring.Activity." + r.Value],
    };

    /// <summary>«—» until contacted, else «47 мин», «3 ч 05 мин», «2 дн 4 ч».</summary>
    public static string Response(int? minutes, IStringLocalizer t) => minutes switch
    {
        null => "—",
        < 60 => t["Leads.Minutes", minutes.Value],
        < 24 * 60 => t["Leads.HoursMinutes", minutes.Value / 60, (minutes.Value % 60).ToString("00")],
        _ => t["Leads.DaysHours", minutes.Value / (24 * 60), minutes.Value % (24 * 60) / 60],
    };
}
