namespace Otdel.Features.Reports;

/// <summary>The pure arithmetic of the reports, kept apart from SQL so it is obvious and reusable.</summary>
public static class ReportMath
{
    /// <summary>Median of sorted values: the middle one, or the mean of the two middle ones for an even count.</summary>
    public static double? Median(IReadOnlyList<double> sorted)
    {
        if (sorted.Count == 0) return null;
        var mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
    }

    public static double Round2(double v) => Math.Round(v, 2, MidpointRounding.AwayFromZero);

    public static double? Round2(double? v) => v is { } x ? Round2(x) : null;

    /// <summary>advanced / entered as a ratio 0..1 rounded to 4 decimals; 0 when nothing entered.</summary>
    public static double Conversion(long entered, long advanced) =>
        entered == 0 ? 0 : Math.Round((double)advanced / entered, 4, MidpointRounding.AwayFromZero);

    /// <summary>
    /// Working hours past a stage's limit. A deal is overdue only once its deadline has passed, so a stay of exactly the
    /// limit is not over it; the tolerance absorbs the float sums of a calendar walk.
    /// </summary>
    public static bool IsOver(double workingHours, int limitHours) => workingHours > limitHours + 1e-9;
}
