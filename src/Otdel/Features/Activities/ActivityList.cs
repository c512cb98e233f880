using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Platform;

namespace Otdel.Features.Activities;

/// <summary>
/// The activities the caller sees, filtered, newest first (then by id), a page at a time: the cursor is the last row's
/// moment and id, so a page never repeats or skips a row when activities are logged meanwhile.
/// </summary>
public sealed class ActivityList(OtdelDb db, Access access)
{
    public sealed record Filter(ActivityKind? Kind, long? DealId, long? ClientId, long? LeadId, long? AuthorId, DateTime? FromUtc, DateTime? ToUtc);

    public async Task<ActivityPage> PageAsync(Filter f, (DateTime At, long Id)? before, int take, CancellationToken ct)
    {
        var q = Query(f);
        if (before is { } c) q = q.Where(a => a.At < c.At || (a.At == c.At && a.Id < c.Id));
        var rows = await q.OrderByDescending(a => a.At).ThenByDescending(a => a.Id).Take(take + 1).ToListAsync(ct);
        var items = rows.Take(take).Select(ActivityView.Of).ToList();
        return new ActivityPage(items, rows.Count > take ? CursorOf(items[^1]) : null);
    }

    public IQueryable<Activity> Query(Filter f)
    {
        var q = db.Activities.VisibleTo(access).AsNoTracking();
        if (f.Kind is { } k) q = q.Where(a => a.Kind == k);
        if (f.DealId is { } d) q = q.Where(a => a.DealId == d);
        if (f.ClientId is { } c) q = q.Where(a => a.ClientId == c);
        if (f.LeadId is { } l) q = q.Where(a => a.LeadId == l);
        if (f.AuthorId is { } u) q = q.Where(a => a.AuthorId == u);
        if (f.FromUtc is { } from) q = q.Where(a => a.At >= from);
        if (f.ToUtc is { } to) q = q.Where(a => a.At < to);
        return q;
    }

    public static string CursorOf(ActivityView a) => a.At.Ticks.ToString(CultureInfo.InvariantCulture) + "_" + a.Id.ToString(CultureInfo.InvariantCulture);

    public static (DateTime At, long Id)? ParseCursor(string? text)
    {
        var parts = (text ?? "").Split('_');
        return parts.Length == 2
            && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) && ticks <= DateTime.MaxValue.Ticks
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? (new DateTime(ticks, DateTimeKind.Utc), id) : null;
    }
}
