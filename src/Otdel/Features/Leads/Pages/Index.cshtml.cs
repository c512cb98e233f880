using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Otdel.Data;
using Otdel.Platform;
using Otdel.Resources;

namespace Otdel.Features.Leads.Pages;

public sealed record LeadRow(Lead Lead, string? Channel, string? Owner, LeadCategory? Category = null);

/// <summary>The leads the caller sees, newest first, filtered by status, channel and text, a page at a time.</summary>
public sealed class IndexModel(OtdelDb db, Access access, WorkCalendar calendar, IStringLocalizer<Text> t, LeadScores scores) : PageModel
{
    public const int Shown = 50;
    [FromQuery(Name = "status")] public string? Status { get; set; }
    [FromQuery(Name = "channelId")] public long? ChannelId { get; set; }
    [FromQuery(Name = "q")] public string? Q { get; set; }
    [FromQuery(Name = "cursor")] public long? Cursor { get; set; }
    public List<LeadRow> Rows { get; private set; } = [];
    public List<(long Id, string Name)> Channels { get; private set; } = [];
    public long? Next { get; private set; }
    public string? Error { get; private set; }
    public TimeZoneInfo Zone => calendar.Zone;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Channels = (await db.Channels.VisibleTo(access).AsNoTracking().OrderBy(c => c.Name).Select(c => new { c.Id, c.Name }).ToListAsync(ct))
            .Select(c => (c.Id, c.Name)).ToList();
        if (Q is { Length: > 200 }) { Error = t["Error.TooLong", 200]; return; }
        var status = LeadRules.StatusOf(Status);
        var channel = ChannelId is { } ch && Channels.Any(c => c.Id == ch) ? ch : (long?)null;
        var rows = await LeadList.Query(db, access, new LeadFilter(status, channel, null, Q, null, null), Cursor).Take(Shown + 1).ToListAsync(ct);
        var ownerIds = rows.Select(r => r.OwnerId).Distinct().ToList();
        var people = await db.Users.AsNoTracking().Where(u => ownerIds.Contains(u.Id)).Select(u => new { u.Id, u.FullName, u.DepartmentId }).ToListAsync(ct);
        var owners = people.ToDictionary(u => u.Id, u => u.FullName);
        // Each lead's category by the thresholds of its owner's department (a director's list spans departments).
        var rules = new Dictionary<long, LeadScoring?>();
        foreach (var u in people) rules[u.Id] = await scores.RulesOfAsync(u.DepartmentId, ct);
        LeadCategory? CategoryOf(Lead l) => rules.GetValueOrDefault(l.OwnerId) is { } r ? LeadScorer.CategoryOf(l.Score, r.MqlThreshold, r.SqlThreshold) : null;
        Rows = rows.Take(Shown)
            .Select(l => new LeadRow(l, Channels.FirstOrDefault(c => c.Id == l.ChannelId).Name ?? l.Source, owners.GetValueOrDefault(l.OwnerId), CategoryOf(l)))
            .ToList();
        Next = rows.Count > Shown ? Rows[^1].Lead.Id : null;
    }

    public string NextUrl() =>
        QueryString.Create(new Dictionary<string, string?>
        {
            ["status"] = Status, ["channelId"] = ChannelId?.ToString(), ["q"] = Q, ["cursor"] = Next?.ToString(),
        }).ToString();
}
