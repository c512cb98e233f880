using System.Globalization;
using Otdel.Platform;

namespace Otdel.Features.ClientBase;

/// <summary>
/// The month a quality score is asked for ("2026-11"; blank: this month) and the moment it is read as of: the month's
/// end, or now while the month runs. A month still to come is refused; so is a number of stale days outside 1–3650.
/// </summary>
public static class QualityMonth
{
    public static (DateOnly Month, DateTime AsOf, int StaleDays) Read(string? month, int? staleDays, DateTime nowUtc, Errors errors)
    {
        var current = new DateOnly(nowUtc.Year, nowUtc.Month, 1);
        var m = current;
        if (!string.IsNullOrWhiteSpace(month))
        {
            if (!DateOnly.TryParseExact(month.Trim(), "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out m) || !Inputs.IsSaneDate(m))
            {
                errors.Add("month", "ClientBase.Quality.BadMonth");
                m = current;
            }
            else if (m > current) errors.Add("month", "ClientBase.Quality.FutureMonth");
        }
        var days = staleDays ?? ClientQualityReport.DefaultStaleDays;
        if (days is < 1 or > 3650) errors.Add("staleDays", "ClientBase.Quality.BadStaleDays", 1, 3650);
        var end = m.AddMonths(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        return (m, end < nowUtc ? end : nowUtc, days);
    }
}
