using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Platform;

namespace Otdel.Features.Reports.Pages;

/// <summary>
/// /reports/channels: leads that arrived in the period by channel, campaign, landing page or owner — MQL, SQL, deals,
/// won, revenue, conversion, spend, cost per lead and per won deal, ROI — the same figures as GET /api/v1/reports/channels,
/// with its CSV. ?view=people shows the same cohort's hunters and closers (GET /api/v1/reports/channels/people), with a
/// team filter. Dates typed дд.мм.гггг; everything lives in the URL.
/// </summary>
public sealed class ChannelsModel(ChannelReport report, ChannelPeopleReport people, OtdelDb db, Access access, References refs, Errors errors)
    : PageModel
{
    public bool People { get; private set; }
    public string GroupBy { get; private set; } = "channel";
    public long? TeamId { get; private set; }
    public List<(long Id, string Name)> Teams { get; private set; } = [];
    public string? From { get; private set; }
    public string? To { get; private set; }
    public Errors Errors => errors;
    public ChannelResult? Result { get; private set; }
    public ChannelPeopleResult? PeopleResult { get; private set; }
    public string Query { get; private set; } = "";
    /// <summary>The period as typed, to carry over when switching between the two views.</summary>
    public string PeriodQuery { get; private set; } = "";

    public async Task OnGetAsync(string? view, string? groupBy, string? from, string? to, long? teamId, CancellationToken ct)
    {
        People = view == "people";
        GroupBy = string.IsNullOrWhiteSpace(groupBy) ? "channel" : groupBy.Trim();
        TeamId = teamId;
        if (!People && !ChannelReport.GroupBys.Contains(GroupBy))
            errors.Add("groupBy", "Reports.Channels.GroupBy", string.Join(", ", ChannelReport.GroupBys));
        var period = TypedPeriod.Read(from, to, db.UtcNow, errors);
        (From, To) = (period.FromText, period.ToText);
        PeriodQuery = $"from={Uri.EscapeDataString(From)}&to={Uri.EscapeDataString(To)}";
        if (People)
        {
            Teams = (await db.Teams.VisibleTo(access).AsNoTracking().OrderBy(t => t.Name).Select(t => new { t.Id, t.Name }).ToListAsync(ct))
                .Select(t => (t.Id, t.Name)).ToList();
            if (teamId is { } tid) await refs.TeamAsync(tid, "teamId", ct);
        }
        if (errors.Any)
        {
            Response.StatusCode = 400;
            return;
        }
        if (People)
        {
            Query = period.Query + (teamId is { } t ? $"&teamId={t}" : "");
            PeopleResult = await people.RunAsync(period.From, period.To, teamId, ct);
            return;
        }
        Query = $"groupBy={GroupBy}&{period.Query}";
        Result = await report.Run(GroupBy, period.From, period.To, ct);
    }
}
