using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Platform;

namespace Otdel.Features.Reports;

/// <summary>
/// What every report is asked for: a pipeline and a period of whole days. <c>from</c>/<c>to</c> are dates and the
/// period is [from 00:00 UTC, the day after <c>to</c> 00:00 UTC), so <c>to</c> is inclusive as a date.
/// </summary>
public sealed record ReportPeriod(long PipelineId, string PipelineName, DateOnly From, DateOnly To)
{
    public DateTime FromUtc => From.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
    public DateTime ToUtc => To.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

    /// <summary>The current calendar month up to its last day.</summary>
    public static (DateOnly From, DateOnly To) ThisMonth(DateTime nowUtc)
    {
        var first = new DateOnly(nowUtc.Year, nowUtc.Month, 1);
        return (first, first.AddMonths(1).AddDays(-1));
    }

    /// <summary>The current calendar quarter.</summary>
    public static (DateOnly From, DateOnly To) ThisQuarter(DateTime nowUtc)
    {
        var first = new DateOnly(nowUtc.Year, (nowUtc.Month - 1) / 3 * 3 + 1, 1);
        return (first, first.AddMonths(3).AddDays(-1));
    }

    /// <summary>
    /// The default of the page and the API: the last full quarter and the current one. A month is empty on its first
    /// days and too short for deals that take weeks per stage; two quarters always hold finished journeys and still
    /// show this quarter's trend (the head compares them by picking one quarter).
    /// </summary>
    public static (DateOnly From, DateOnly To) TwoQuarters(DateTime nowUtc)
    {
        var (first, last) = ThisQuarter(nowUtc);
        return (first.AddMonths(-3), last);
    }

    /// <summary>Checks the raw query values: pipelineId required and known (else 404), dates ISO, from ≤ to.</summary>
    public static async Task<Outcome<ReportPeriod>> ParseAsync(string? pipelineId, string? from, string? to,
        OtdelDb db, Access access, Errors errors, Problems problems, CancellationToken ct)
    {
        long id = 0;
        if (string.IsNullOrWhiteSpace(pipelineId)) errors.Add("pipelineId", "Error.Required");
        else if (!long.TryParse(pipelineId, NumberStyles.None, CultureInfo.InvariantCulture, out id)) errors.Add("pipelineId", "Reports.BadNumber");
        var (defaultFrom, defaultTo) = TwoQuarters(db.UtcNow);
        var f = ParseDate(from, "from", defaultFrom, errors);
        var t = ParseDate(to, "to", defaultTo, errors);
        if (!errors.Any && f > t) errors.Add("to", "Reports.ToBeforeFrom");
        if (errors.Any) return errors.ToFailure();

        var pipeline = await db.Pipelines.VisibleTo(access).AsNoTracking().Where(p => p.Id == id).Select(p => new { p.Id, p.Name }).FirstOrDefaultAsync(ct);
        if (pipeline is null) return problems.NotFound();
        return new ReportPeriod(pipeline.Id, pipeline.Name, f, t);
    }

    internal static DateOnly ParseDate(string? value, string field, DateOnly fallback, Errors errors)
    {
        if (string.IsNullOrWhiteSpace(value)) return fallback;
        DateOnly? parsed = null;
        if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) parsed = d;
        // A full ISO timestamp is accepted too; only its UTC date counts.
        else if (DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var dt))
            parsed = DateOnly.FromDateTime(dt);
        if (parsed is null) errors.Add(field, "Reports.BadDate");
        else if (!Inputs.IsSaneDate(parsed.Value)) errors.Date(field, parsed);
        else return parsed.Value;
        return fallback;
    }
}
