using System.Globalization;
using System.Text.RegularExpressions;

namespace Otdel.Features.Plans;

/// <summary>A plan's period as written in the API: "2026-12" (a month), "2026-Q4" (a quarter) or "2026" (a year).</summary>
public readonly partial record struct PlanPeriod(string Text, DateOnly Start, DateOnly End)
{
    [GeneratedRegex(@"^(\d{4})(?:-(?:(\d{2})|Q([1-4])))?$")]
    private static partial Regex Pattern();

    public static bool TryParse(string? text, out PlanPeriod period)
    {
        period = default;
        if (text is null || Pattern().Match(text.Trim()) is not { Success: true } m) return false;
        var year = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        if (year is < 2000 or > 2100) return false;
        if (m.Groups[2].Success)
        {
            var month = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
            if (month is < 1 or > 12) return false;
            var start = new DateOnly(year, month, 1);
            period = new PlanPeriod(text.Trim(), start, start.AddMonths(1).AddDays(-1));
        }
        else if (m.Groups[3].Success)
        {
            var start = new DateOnly(year, (int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture) - 1) * 3 + 1, 1);
            period = new PlanPeriod(text.Trim(), start, start.AddMonths(3).AddDays(-1));
        }
        else period = new PlanPeriod(text.Trim(), new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));
        return true;
    }

    /// <summary>The first day of each month of the period.</summary>
    public List<DateOnly> Months()
    {
        var list = new List<DateOnly>();
        for (var m = Start; m <= End; m = m.AddMonths(1)) list.Add(m);
        return list;
    }

    /// <summary>The period of the same length just before (the previous month, quarter or year).</summary>
    public PlanPeriod Previous()
    {
        var n = Months().Count;
        var start = Start.AddMonths(-n);
        var text = n switch
        {
            1 => start.ToString("yyyy-MM", CultureInfo.InvariantCulture),
            3 => $"{start.Year}-Q{(start.Month - 1) / 3 + 1}",
            _ => start.Year.ToString(CultureInfo.InvariantCulture),
        };
        return new PlanPeriod(text, start, Start.AddDays(-1));
    }

    public static string MonthText(DateOnly month) => month.ToString("yyyy-MM", CultureInfo.InvariantCulture);
}
