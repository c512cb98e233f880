using System.Globalization;
using Microsoft.Extensions.Localization;

namespace Otdel.Features.Reports;

/// <summary>
/// Working hours as a head of sales reads them: «2 раб. дн. 3 ч», «5 ч», «40 мин» — whole working days of the
/// department's length (9 h by default), then whole hours; under an hour, minutes.
/// </summary>
public static class WorkingTime
{
    public static string Format(double hours, double hoursPerDay, IStringLocalizer t)
    {
        var c = CultureInfo.CurrentCulture;
        var minutes = (long)Math.Round(Math.Max(0, hours) * 60, MidpointRounding.AwayFromZero);
        if (minutes == 0) return t["Reports.Duration.Hours", 0.ToString(c)];
        if (minutes < 60) return t["Reports.Duration.Minutes", minutes.ToString(c)];
        var whole = (long)Math.Round(Math.Max(0, hours), MidpointRounding.AwayFromZero);
        var perDay = Math.Max(1, (long)Math.Round(hoursPerDay));
        var (days, rest) = (whole / perDay, whole % perDay);
        if (days == 0) return t["Reports.Duration.Hours", rest.ToString(c)];
        var d = t[days == 1 ? "Reports.Duration.Day" : "Reports.Duration.Days", days.ToString("N0", c)].Value;
        return rest == 0 ? d : d + " " + t["Reports.Duration.Hours", rest.ToString(c)].Value;
    }
}
