using Microsoft.AspNetCore.Mvc.RazorPages;
using Otdel.Data;
using Otdel.Platform;

namespace Otdel.Features.Reports.Pages;

/// <summary>
/// /reports/sales: won and lost deals, win rate, revenue, average deal and median cycle by owner, boss, team,
/// department, product, source or month — the same figures as GET /api/v1/reports/sales, with its CSV. Dates are typed
/// as Russians write them (дд.мм.гггг); everything lives in the URL.
/// </summary>
public sealed class SalesModel(SalesReport report, OtdelDb db, Errors errors) : PageModel
{
    public string GroupBy { get; private set; } = "owner";
    public string? From { get; private set; }
    public string? To { get; private set; }
    public Errors Errors => errors;
    public SalesResult? Result { get; private set; }
    public string Query { get; private set; } = "";

    public async Task OnGetAsync(string? groupBy, string? from, string? to, CancellationToken ct)
    {
        GroupBy = string.IsNullOrWhiteSpace(groupBy) ? "owner" : groupBy.Trim();
        if (!SalesReport.GroupBys.Contains(GroupBy)) errors.Add("groupBy", "Reports.Sales.GroupBy", string.Join(", ", SalesReport.GroupBys));
        var period = TypedPeriod.Read(from, to, db.UtcNow, errors);
        (From, To) = (period.FromText, period.ToText);
        if (errors.Any)
        {
            Response.StatusCode = 400;
            return;
        }
        Query = $"groupBy={GroupBy}&{period.Query}";
        Result = await report.Run(GroupBy, period.From, period.To, ct);
    }
}
