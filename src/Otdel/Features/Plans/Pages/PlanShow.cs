using System.Globalization;
using Otdel.Platform;

namespace Otdel.Features.Plans.Pages;

/// <summary>How the plan pages write figures: money in roubles the ru-RU way («45 454,55 ₽»), counts as plain numbers.</summary>
public static class PlanShow
{
    public static bool IsMoney(string metric) => metric is "revenueWon" or "moneyReceived";

    public static string Value(string metric, decimal value) =>
        IsMoney(metric) ? Localisation.Money(value) : value.ToString("#,0.##", CultureInfo.CurrentCulture);

    /// <summary>A signed deviation: «+1 500 ₽», «−2 000 ₽», «0 ₽».</summary>
    public static string Signed(string metric, decimal value) =>
        (value > 0 ? "+" : value < 0 ? "\u2212" : "") + Value(metric, Math.Abs(value));

    public static string Percent(decimal part, decimal whole) =>
        whole <= 0 ? "—" : (part / whole).ToString("P0", CultureInfo.CurrentCulture);

    /// <summary>«Декабрь 2026» in the reader's language.</summary>
    public static string MonthName(DateOnly month)
    {
        var text = month.ToString("MMMM yyyy", CultureInfo.CurrentCulture);
        return char.ToUpper(text[0], CultureInfo.CurrentCulture) + text[1..];
    }

    /// <summary>«2026-12» → December 2026; «2026-Q4» → «IV кв. 2026»; «2026» → «2026».</summary>
    public static string PeriodName(string period)
    {
        if (!PlanPeriod.TryParse(period, out var p)) return period;
        var months = p.Months().Count;
        return months switch
        {
            1 => MonthName(p.Start),
            3 => $"Q{(p.Start.Month - 1) / 3 + 1} {p.Start.Year}",
            _ => p.Start.Year.ToString(CultureInfo.InvariantCulture),
        };
    }

    public static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>Which of a plan's views is open (the tabs above them).</summary>
public sealed record PlanTab(long PlanId, string Active);
