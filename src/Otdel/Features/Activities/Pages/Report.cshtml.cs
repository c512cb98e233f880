using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Platform;

namespace Otdel.Features.Activities.Pages;

/// <summary>
/// /reports/activity: what people did — per person, team, day, week or month over a period (this month by default),
/// with the CSV of the same figures; for a single day also the head's daily report, each person's lines in order. All of
/// it lives in the URL, so a view can be bookmarked and shared.
/// </summary>
public sealed class ReportModel(OtdelDb db, Access access, ActivityReport report, References refs, LocalTime local, TimeProvider clock, Errors errors)
    : PageModel
{
    public string? GroupBy { get; private set; }
    public string? From { get; private set; }
    public string? To { get; private set; }
    public long? TeamId { get; private set; }
    public Errors Errors => errors;
    public ActivityReportQuery? Query { get; private set; }
    public ActivityReportResult? Result { get; private set; }
    public DailyReport? Daily { get; private set; }
    public List<(long Id, string Name)> Teams { get; private set; } = [];
    public TimeZoneInfo Zone => local.Zone;

    public async Task OnGetAsync(string? groupBy, string? from, string? to, long? teamId, CancellationToken ct)
    {
        (GroupBy, From, To, TeamId) = (groupBy, from, to, teamId);
        Teams = (await db.Teams.VisibleTo(access).AsNoTracking().OrderBy(t => t.Name).Select(t => new { t.Id, t.Name }).ToListAsync(ct))
            .Select(t => (t.Id, t.Name)).ToList();
        var today = DateOnly.FromDateTime(local.Now(clock));
        Query = await ActivityReportQuery.ParseAsync(groupBy, from, to, teamId, null, today, refs, errors, ct);
        if (Query is null)
        {
            Response.StatusCode = 400;
            return;
        }
        GroupBy = SnakeCase.Of(Query.By.ToString());
        From = RuInput.Date(Query.From);
        To = RuInput.Date(Query.To);
        Result = await report.RunAsync(Query.By, Query.From, Query.To, Query.TeamId, null, ct);
        if (Query.From == Query.To) Daily = await report.DailyAsync(Query.From, Query.TeamId, ct);
    }
}
