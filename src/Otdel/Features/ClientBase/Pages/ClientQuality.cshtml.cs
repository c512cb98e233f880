using Microsoft.AspNetCore.Mvc.RazorPages;
using Otdel.Data;
using Otdel.Features.Organisation;
using Otdel.Platform;

namespace Otdel.Features.ClientBase.Pages;

/// <summary>
/// /reports/client-quality: the base's score for a month per owner and overall (GET /api/v1/reports/client-quality, its
/// CSV; an ended month from its snapshot), the score of the twelve months before from their snapshots (…/trend) and, below,
/// what to fix now — each client with what is missing, a link to it (…/client-quality/issues).
/// </summary>
public sealed class ClientQualityModel(ClientQualityReport report, QualitySnapshots snapshots, OtdelDb db, Access access, References refs,
    Errors errors) : PageModel
{
    public const int IssuesShown = 100;
    public string Month { get; private set; } = "";
    public long? OwnerId { get; private set; }
    public int StaleDays { get; private set; } = ClientQualityReport.DefaultStaleDays;
    public Errors Errors => errors;
    public QualityResult? Result { get; private set; }
    public QualityIssues? Issues { get; private set; }
    public QualityTrend? Trend { get; private set; }
    public string Query { get; private set; } = "";
    public List<(long Id, string Name)> People { get; private set; } = [];
    public List<DateOnly> Months { get; private set; } = [];

    public async Task OnGetAsync(string? month, long? ownerId, int? staleDays, CancellationToken ct)
    {
        var now = db.UtcNow;
        var (m, asOf, days) = QualityMonth.Read(month, staleDays, now, errors);
        (Month, OwnerId, StaleDays) = (m.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), ownerId, days);
        var current = new DateOnly(now.Year, now.Month, 1);
        Months = Enumerable.Range(0, 12).Select(i => current.AddMonths(-i)).ToList();
        People = await Assignable.PeopleAsync(db, access, ct);
        if (ownerId is { } oid) refs.Owner(oid, "ownerId");
        if (errors.Any)
        {
            Response.StatusCode = 400;
            return;
        }
        Query = $"month={Month}&staleDays={days}" + (ownerId is { } o ? $"&ownerId={o}" : "");
        Result = await snapshots.MonthAsync(m, asOf, days, ownerId, ct);
        Trend = await snapshots.TrendAsync(12, ownerId, ct);
        Issues = await report.IssuesAsync(now, days, ownerId, IssuesShown, ct);
    }
}
