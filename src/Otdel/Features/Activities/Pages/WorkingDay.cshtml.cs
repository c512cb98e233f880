using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Otdel.Data;
using Otdel.Features.Plans;
using Otdel.Platform;
using Otdel.Resources;

namespace Otdel.Features.Activities.Pages;

/// <summary>
/// /reports/working-day: how each person's day is spent — per kind of activity the count and the time, per hour which
/// kinds happened when, beside their duty blocks — for a period (this week by default), a team or a person. All of it lives
/// in the URL, so a view can be bookmarked and shared.
/// </summary>
public sealed class WorkingDayModel(OtdelDb db, Access access, WorkingDayReport report, Calendars calendars, References refs, TimeProvider clock,
    Errors errors, IStringLocalizer<Text> t) : PageModel
{
    public string? From { get; private set; }
    public string? To { get; private set; }
    public long? TeamId { get; private set; }
    public long? UserId { get; private set; }
    public Errors Errors => errors;
    public WorkingDayQuery? Query { get; private set; }
    public WorkingDayResult? Result { get; private set; }
    public List<(long Id, string Name)> Teams { get; private set; } = [];
    public List<(long Id, string Name)> People { get; private set; } = [];

    public async Task OnGetAsync(string? from, string? to, long? teamId, long? userId, CancellationToken ct)
    {
        (From, To, TeamId, UserId) = (from, to, teamId, userId);
        Teams = (await db.Teams.VisibleTo(access).AsNoTracking().OrderBy(t => t.Name).Select(t => new { t.Id, t.Name }).ToListAsync(ct))
            .Select(t => (t.Id, t.Name)).ToList();
        var people = db.Users.AsNoTracking().Where(u => u.IsActive);
        if (access.VisibleUserIds is { } visible)
        {
            var ids = visible.ToList();
            people = people.Where(u => ids.Contains(u.Id));
        }
        People = (await people.OrderBy(u => u.FullName).Select(u => new { u.Id, u.FullName }).ToListAsync(ct)).Select(u => (u.Id, u.FullName)).ToList();
        Query = await WorkingDayQuery.ParseAsync(from, to, teamId, userId, access, calendars, clock, refs, errors, ct);
        if (Query is null)
        {
            Response.StatusCode = 400;
            return;
        }
        From = RuInput.Date(Query.From);
        To = RuInput.Date(Query.To);
        Result = await report.RunAsync(Query.From, Query.To, Query.TeamId, Query.UserId, ct);
    }

    /// <summary>A length as people say it: «1 ч 05 мин», «12 мин», «—» for none.</summary>
    public string Length(int seconds)
    {
        if (seconds <= 0) return "—";
        var minutes = (int)Math.Round(seconds / 60.0, MidpointRounding.AwayFromZero);
        return minutes < 60 ? t["Activities.WorkingDay.Min", Math.Max(1, minutes)] : t["Activities.WorkingDay.HourMin", minutes / 60, $"{minutes % 60:00}"];
    }
}
