using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Platform;

namespace Otdel.Features.Activities;

/// <summary>A line of a timeline: the moment already in the reader's zone, names resolved.</summary>
public sealed record TimelineLine(
    long Id, string At, ActivityKind Kind, ActivityDirection? Direction, CallResult? Result, int? DurationSeconds, MeetingFormat? Format,
    string? Participants, string? RecordingUrl, string? Text, string Author, long? DealId, string? DealTitle, bool FromTask);

/// <summary>
/// The «Хронология» card of a deal or a client page: what happened, newest first, and the short form to log a call, a
/// meeting, a note…; what was typed and refused, if anything.
/// </summary>
public sealed record TimelineCard(string Subject, long SubjectId, IReadOnlyList<TimelineLine> Lines, bool CanAdd, bool More)
{
    public Failure? Failure { get; init; }
    public Dictionary<string, string?> Typed { get; init; } = [];
    public string? Done { get; init; }
}

/// <summary>Reads the timelines the pages show, through the activities' visibility rule, times in the reader's zone.</summary>
public sealed class Timeline(OtdelDb db, Access access, LocalTime local)
{
    public const int MaxLines = 100;

    /// <summary>A deal's activities; null when the caller may not read the deal. Logging needs a deal one may change.</summary>
    public async Task<TimelineCard?> OfDealAsync(long dealId, CancellationToken ct = default)
    {
        if (!await db.Deals.ReadableBy(access).AnyAsync(d => d.Id == dealId, ct)) return null;
        var canAdd = await db.Deals.VisibleTo(access).AnyAsync(d => d.Id == dealId, ct);
        var (lines, more) = await LinesAsync(db.Activities.VisibleTo(access).Where(a => a.DealId == dealId), ct);
        return new TimelineCard("deal", dealId, lines, canAdd, more);
    }

    /// <summary>A client's activities, a company's with its contact people's; null when the caller does not see the client.</summary>
    public async Task<TimelineCard?> OfClientAsync(long clientId, CancellationToken ct = default)
    {
        if (!await db.Clients.VisibleTo(access).AnyAsync(c => c.Id == clientId, ct)) return null;
        var contacts = db.Clients.Where(c => c.CompanyId == clientId).Select(c => c.Id);
        var (lines, more) = await LinesAsync(
            db.Activities.VisibleTo(access).Where(a => a.ClientId == clientId || (a.ClientId != null && contacts.Contains(a.ClientId.Value))), ct);
        return new TimelineCard("client", clientId, lines, true, more);
    }

    async Task<(List<TimelineLine>, bool)> LinesAsync(IQueryable<Activity> q, CancellationToken ct)
    {
        var rows = await q.AsNoTracking().OrderByDescending(a => a.At).ThenByDescending(a => a.Id).Take(MaxLines + 1).ToListAsync(ct);
        var more = rows.Count > MaxLines;
        if (more) rows.RemoveAt(rows.Count - 1);
        var authorIds = rows.Select(a => a.AuthorId).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => authorIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.FullName, ct);
        var dealIds = rows.Where(a => a.DealId != null).Select(a => a.DealId!.Value).Distinct().ToList();
        var titles = await db.Deals.ReadableBy(access).AsNoTracking().Where(d => dealIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.Title, ct);
        return (rows.Select(a => new TimelineLine(a.Id, local.Show(a.At), a.Kind, a.Direction, a.Result, a.DurationSeconds, a.Format, a.Participants,
            a.RecordingUrl, a.Text, names.GetValueOrDefault(a.AuthorId) ?? "—", a.DealId, a.DealId is { } d ? titles.GetValueOrDefault(d) : null,
            a.TaskId is not null)).ToList(), more);
    }
}
