using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Platform;

namespace Otdel.Features.ClientBase;

/// <summary>One month of the trend: the score from that month's snapshot, null when none was taken (or nothing to count).</summary>
public sealed record QualityTrendPoint(string Month, int? Score, int? Clients, DateTime? TakenAt);

/// <summary>The months before the current one, oldest first.</summary>
public sealed record QualityTrend(int Months, long? OwnerId, IReadOnlyList<QualityTrendPoint> Points);

/// <summary>
/// The monthly snapshots of the client base's quality (issue 10 item 6). A month is taken once per department: for every
/// department, each owner's accounts counted as the department's head sees them (look-alikes within the department), and
/// one company-wide row for the accounts nobody owns — at the month's end for who was a client and what had happened, with
/// the records as they are at the moment of taking. It is taken by <see cref="QualitySnapshotJob"/> on the 1st for the month
/// just ended, or by the first request for an ended month that has none. Only with the default stale days (90): a request
/// for another number is computed live. A reader gets the rows whose owner they see (<see cref="Access.VisibleUserIds"/>;
/// the no-owner row only company-wide), added up — a seller their own row.
/// </summary>
public sealed class QualitySnapshots(OtdelDb db, Access access, ClientQualityReport report, ILogger<QualitySnapshots> log)
{
    public const int MaxTrendMonths = 36;

    /// <summary>
    /// Takes the month, if it has ended, for every department (and the accounts nobody owns) that has accounts of that
    /// month and no snapshot of it yet; false when nothing was taken. A department arriving later (an import of past
    /// clients) gets its past months at the first computation after; a department's month once taken stays.
    /// </summary>
    public async Task<bool> TakeAsync(DateOnly month, CancellationToken ct = default)
    {
        var end = month.AddMonths(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var now = db.UtcNow;
        if (end > now) return false;
        var snapshots = db.Set<QualitySnapshot>().AsNoTracking().Where(s => s.Month == month);
        var taken = await snapshots.Select(s => new { s.DepartmentId, s.OwnerId }).ToListAsync(ct);
        var takenDepartments = taken.Where(s => s.OwnerId != null).Select(s => s.DepartmentId).ToHashSet();
        var accounts = db.Clients.AsNoTracking().Where(c => c.CompanyId == null && c.CreatedAt < end);
        // The departments whose people own accounts of the month (null: people of no department), and whether any has no owner.
        var departments = await accounts.Where(c => c.OwnerId != null)
            .Join(db.Users, c => c.OwnerId, u => (long?)u.Id, (c, u) => u.DepartmentId).Distinct().ToListAsync(ct);
        var unowned = !taken.Any(s => s.OwnerId == null) && await accounts.AnyAsync(c => c.OwnerId == null, ct);

        var rows = new List<QualitySnapshot>();
        void Keep(long? departmentId, long? ownerId, QualityCounts c) => rows.Add(new QualitySnapshot
        {
            Month = month, DepartmentId = departmentId, OwnerId = ownerId, Key = QualitySnapshot.KeyOf(departmentId, ownerId),
            StaleDays = ClientQualityReport.DefaultStaleDays, AsOf = end, TakenAt = now, Clients = c.Clients, WithPhone = c.WithPhone,
            WithEmail = c.WithEmail, Companies = c.Companies, WithDecisionMaker = c.WithDecisionMaker, WithIndustry = c.WithIndustry,
            Stale = c.Stale, Duplicates = c.Duplicates, Score = ClientQualityReport.Score(c),
        });
        foreach (var dep in departments.Where(d => !takenDepartments.Contains(d)))
        {
            // Departments of their own: a head's view, look-alikes within the department. People of no department together.
            var scope = db.Clients.Where(c => c.OwnerId != null && db.Users.Any(u => u.Id == c.OwnerId && u.DepartmentId == dep));
            foreach (var (owner, counts) in await report.CountAsync(scope, end, ClientQualityReport.DefaultStaleDays, ct)) Keep(dep, owner, counts);
        }
        if (unowned)
            foreach (var (_, counts) in await report.CountAsync(db.Clients.Where(c => c.OwnerId == null), end, ClientQualityReport.DefaultStaleDays, ct))
                Keep(null, null, counts);
        if (rows.Count == 0) return false;

        db.Set<QualitySnapshot>().AddRange(rows);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another instance (or request) took the same department's month first (the unique month and key): theirs stands.
            db.ChangeTracker.Clear();
            if (await snapshots.AnyAsync(ct)) return false;
            throw;
        }
        log.LogInformation("Client quality snapshot of {Month}: {Rows} rows", month.ToString("yyyy-MM", CultureInfo.InvariantCulture), rows.Count);
        return true;
    }

    /// <summary>
    /// A month's quality as the report gives it: an ended month with the default stale days from its snapshot; the current
    /// month, another number of stale days, or an ended month with nothing to snapshot, computed now.
    /// </summary>
    public async Task<QualityResult> MonthAsync(DateOnly month, DateTime asOf, int staleDays, long? ownerId, CancellationToken ct = default)
    {
        var ended = asOf < db.UtcNow;
        return (ended && staleDays == ClientQualityReport.DefaultStaleDays ? await ReadAsync(month, ownerId, ct) : null)
            ?? await report.RunAsync(month, asOf, staleDays, ownerId, ct);
    }

    /// <summary>An ended month from its snapshot (taken now if it has none); null when there is nothing to read.</summary>
    public async Task<QualityResult?> ReadAsync(DateOnly month, long? ownerId, CancellationToken ct = default)
    {
        await TakeAsync(month, ct);
        var rows = await Visible(ownerId).Where(s => s.Month == month).ToListAsync(ct);
        var any = rows.FirstOrDefault() ?? await db.Set<QualitySnapshot>().AsNoTracking().FirstOrDefaultAsync(s => s.Month == month, ct);
        if (any is null) return null;
        var owners = rows.GroupBy(r => r.OwnerId).Select(g => (g.Key, Sum(g))).ToList();
        return await report.ResultAsync(month, any.AsOf, any.StaleDays, owners, Sum(rows), ct, snapshot: true, takenAt: rows.Count > 0
            ? rows.Min(r => r.TakenAt) : any.TakenAt);
    }

    /// <summary>The score of each of the <paramref name="months"/> months before the current one, from snapshots only.</summary>
    public async Task<QualityTrend> TrendAsync(int months, long? ownerId, CancellationToken ct = default)
    {
        var now = db.UtcNow;
        var current = new DateOnly(now.Year, now.Month, 1);
        var first = current.AddMonths(-months);
        var rows = await Visible(ownerId).Where(s => s.Month >= first && s.Month < current).ToListAsync(ct);
        var byMonth = rows.GroupBy(r => r.Month).ToDictionary(g => g.Key, g => g.ToList());
        var points = Enumerable.Range(0, months).Select(i => first.AddMonths(i)).Select(m =>
        {
            var label = m.ToString("yyyy-MM", CultureInfo.InvariantCulture);
            if (!byMonth.TryGetValue(m, out var list)) return new QualityTrendPoint(label, null, null, null);
            var sum = Sum(list);
            return new QualityTrendPoint(label, ClientQualityReport.Score(sum), sum.Clients, list.Min(r => r.TakenAt));
        }).ToList();
        return new QualityTrend(months, ownerId, points);
    }

    /// <summary>The snapshot rows the caller may read: those of owners they see; the no-owner row only company-wide.</summary>
    IQueryable<QualitySnapshot> Visible(long? ownerId)
    {
        var q = db.Set<QualitySnapshot>().AsNoTracking();
        if (access.VisibleUserIds is { } seen)
        {
            var ids = seen.ToList();
            q = q.Where(s => s.OwnerId != null && ids.Contains(s.OwnerId.Value));
        }
        return ownerId is { } o ? q.Where(s => s.OwnerId == o) : q;
    }

    static QualityCounts Sum(IEnumerable<QualitySnapshot> rows) => rows.Aggregate(QualityCounts.None, (acc, r) => acc.Add(
        new QualityCounts(r.Clients, r.WithPhone, r.WithEmail, r.Companies, r.WithDecisionMaker, r.WithIndustry, r.Stale, r.Duplicates)));
}
