using System.Globalization;
using Microsoft.Extensions.Localization;

namespace Otdel.Features.Reports;

/// <summary>
/// One horizontal bar: <c>Value</c> is its length; <c>Inner</c> a darker part from the start (the funnel's deals that
/// went on), <c>Tick</c> a short mark (the median), <c>Limit</c> a dashed line across the row (the stage's limit);
/// <c>Alert</c> draws it in the danger colour and the text carries ⚠, so colour is never the only sign.
/// </summary>
public sealed record ChartBar(string Key, string Label, double Value, string ValueText, string? Note, double? Inner, double? Tick, double? Limit,
    bool Alert, string Title);

/// <summary>A legend entry: the swatch's CSS class and what it means.</summary>
public sealed record ChartKey(string Swatch, string Text);

/// <summary>
/// A horizontal bar chart drawn as SVG on the server (Pages/_BarChart.cshtml): one row per bar, the label above it on
/// the left and the figures on the right, so nothing needs a label column. Lengths are percentages of the chart's
/// width and heights are pixels, so it fills any width — 390 px or 1440 px — while its text keeps the page's size.
/// </summary>
public sealed record BarChart(string Id, string Label, double Max, IReadOnlyList<ChartBar> Bars, IReadOnlyList<ChartKey> Legend)
{
    public const int RowHeight = 46, LabelChars = 30;

    public int Height => Bars.Count * RowHeight;

    /// <summary>A value's position as a percentage of the width, invariant ("42.5") for an SVG attribute.</summary>
    public string Pct(double value) =>
        (Max <= 0 ? 0 : Math.Clamp(value / Max * 100, 0, 100)).ToString("0.##", CultureInfo.InvariantCulture) + "%";

    /// <summary>A label short enough to leave the figures room on a phone; the full name is in the row's tooltip and the table.</summary>
    public static string Short(string label) => label.Length <= LabelChars ? label : label[..(LabelChars - 1)].TrimEnd() + "…";
}

/// <summary>The two charts of the reports page, built from the same results the tables and the API show.</summary>
public static class ReportCharts
{
    /// <summary>Deals entering each stage; the darker part went on; ↓ % is the step from the stage before; the bottleneck is marked.</summary>
    public static BarChart Funnel(FunnelResult r, IStringLocalizer t)
    {
        var c = CultureInfo.CurrentCulture;
        var bars = r.Rows.Select(x =>
        {
            var step = x.FromPrevious is { } f ? "↓ " + f.ToString("P0", c) : null;
            var value = (x.IsBottleneck ? "⚠ " : "") + x.Entered.ToString("N0", c);
            var title = t["Reports.Chart.FunnelRow", x.StageName, x.Entered.ToString("N0", c), x.Advanced.ToString("N0", c),
                x.Entered == 0 ? "—" : x.Conversion.ToString("P1", c), x.FromPrevious?.ToString("P1", c) ?? "—"].Value;
            if (x.IsBottleneck) title += " — " + t["Reports.Bottleneck"].Value;
            return new ChartBar(x.StageId.ToString(CultureInfo.InvariantCulture), BarChart.Short(x.StageName), x.Entered, value, step,
                x.Advanced, null, null, x.IsBottleneck, title);
        }).ToList();
        var max = Math.Max(1, r.Rows.Count == 0 ? 0 : r.Rows.Max(x => x.Entered));
        return new BarChart("funnel", t["Reports.Chart.FunnelLabel", r.PipelineName].Value, max, bars,
        [
            new("entered", t["Reports.Chart.Entered"]), new("advanced", t["Reports.Chart.Advanced"]),
            new("step", t["Reports.Chart.Step"]), new("danger", t["Reports.Chart.BottleneckKey"]),
        ]);
    }

    /// <summary>Average working time per stage as bars, the median as a tick, the limit as a dashed line; over the limit in red with ⚠.</summary>
    public static BarChart StageTime(StageTimeResult r, IStringLocalizer t)
    {
        string Time(double h) => WorkingTime.Format(h, r.WorkingHoursPerDay, t);
        var bars = r.Stages.Select(x =>
        {
            var value = (x.IsOverLimit ? "⚠ " : "") + Time(x.AvgWorkingHours);
            var title = t["Reports.Chart.StageRow", x.StageName, Time(x.AvgWorkingHours), Time(x.MedianWorkingHours),
                x.LimitHours is { } l ? Time(l) : t["Reports.NoLimit"].Value].Value;
            if (x.IsOverLimit) title += " — " + t["Reports.OverLimit"].Value;
            return new ChartBar(x.StageId.ToString(CultureInfo.InvariantCulture), BarChart.Short(x.StageName), x.AvgWorkingHours, value, null,
                null, x.MedianWorkingHours, x.LimitHours, x.IsOverLimit, title);
        }).ToList();
        var max = r.Stages.Select(x => Math.Max(Math.Max(x.AvgWorkingHours, x.MedianWorkingHours), x.LimitHours ?? 0)).DefaultIfEmpty(0).Max();
        // A little room past the longest bar or limit, so the dashed line at the far end is not cut in half.
        return new BarChart("stage-time", t["Reports.Chart.StageTimeLabel", r.PipelineName].Value, Math.Max(1, max * 1.03), bars,
        [
            new("avg", t["Reports.Chart.Average"]), new("median", t["Reports.Chart.Median"]),
            new("limit", t["Reports.Chart.Limit"]), new("danger", t["Reports.Chart.OverKey"]),
        ]);
    }
}
