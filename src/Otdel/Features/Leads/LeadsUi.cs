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

    /// <summary>«—» until contacted, else «47 мин», «3 ч 05 мин», «2 дн 4 ч».</summary>
    public static string Response(int? minutes, IStringLocalizer t) => minutes switch
    {
        null => "—",
        < 60 => t["Leads.Minutes", minutes.Value],
        < 24 * 60 => t["Leads.HoursMinutes", minutes.Value / 60, (minutes.Value % 60).ToString("00")],
        _ => t["Leads.DaysHours", minutes.Value / (24 * 60), minutes.Value % (24 * 60) / 60],
    };
}
