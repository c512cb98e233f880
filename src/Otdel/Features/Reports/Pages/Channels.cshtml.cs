using Microsoft.AspNetCore.Mvc.RazorPages;
using Otdel.Data;
using Otdel.Platform;

namespace Otdel.Features.Reports.Pages;

/// <summary>
/// /reports/channels: leads that arrived in the period by channel, campaign, landing page or owner — MQL, SQL, deals,
/// won, revenue, conversion, spend, cost per lead and per won deal, ROI — the same figures as GET /api/v1/reports/channels,
/// with its CSV. Dates typed дд.мм.гггг; everything lives in the URL.
/// </summary>
public sealed class ChannelsModel(ChannelReport report, OtdelDb db, Errors errors) : PageModel
{
    public string GroupBy { get; private set; } = "channel";
    public string? From { get; private set; }
    public string? To { get; private set; }
    public Errors Errors => errors;
    public ChannelResult? Result { get; private set; }
    public string Query { get; private set; } = "";

    public async Task OnGetAsync(string? groupBy, string? from, string? to, CancellationToken ct)
    {
        GroupBy = string.IsNullOrWhiteSpace(groupBy) ? "channel" : groupBy.Trim();
        if (!ChannelReport.GroupBys.Contains(GroupBy)) errors.Add("groupBy", "Reports.Channels.GroupBy", string.Join(", ", ChannelReport.GroupBys));
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
