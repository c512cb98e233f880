using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Features.Organisation;

namespace Otdel.Platform;

/// <summary>How far a person sees: their own records, their team's, their department's, or everything.</summary>
public enum Scope { Own, Team, Department, All }

/// <summary>
/// The signed-in person and what they may see, resolved once per request from the structure:
/// position, teams they lead, people who report to them, and people they act for as a deputy today.
/// Handlers filter every read and write through <see cref="VisibleUserIds"/>. Resolved answers are reused from
/// <see cref="AccessCache"/> while the database's access version says nothing they depend on has changed.
/// </summary>
public sealed class Access(OtdelDb db, TimeProvider clock, AccessCache? cache = null)
{
    internal OtdelDb Db => db;
    public User? User { get; private set; }
    public Scope Scope { get; private set; }
    /// <summary>Owners whose records this person sees; null means everyone.</summary>
    public HashSet<long>? VisibleUserIds { get; private set; }

    public long UserId => User?.Id ?? throw new InvalidOperationException("No signed-in user.");
    public bool RunsDepartment => User is { } u && (u.Position.RunsDepartment() || ActsForHead);
    public bool ActsForHead { get; private set; }

    /// <param name="version">The access version read with the sign-in check, if it was; read here otherwise.</param>
    public async Task LoadAsync(long userId, long? version = null, CancellationToken ct = default)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        if (cache is null)
        {
            await ResolveAsync(userId, today, ct);
            return;
        }
        // The version is read before the structure, so an answer resolved during a change is kept under the old
        // version and thrown away on the next request.
        var v = version ?? await AccessCache.VersionAsync(db, ct);
        if (cache.Find(userId, v, today) is { } hit)
        {
            (User, Scope, VisibleUserIds, ActsForHead) = (hit.User, hit.Scope, hit.Visible, hit.ActsForHead);
            return;
        }
        await ResolveAsync(userId, today, ct);
        if (User is not null) cache.Keep(userId, new AccessCache.Entry(v, today, User, Scope, VisibleUserIds, ActsForHead));
    }

    async Task ResolveAsync(long userId, DateOnly today, CancellationToken ct)
    {
        User = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId && u.IsActive, ct);
        if (User is null) return;
        var principals = await db.Deputies.AsNoTracking()
            .Where(d => d.DeputyId == userId && d.From <= today && d.To >= today)
            .Join(db.Users, d => d.PrincipalId, u => u.Id, (d, u) => u).ToListAsync(ct);
        ActsForHead = principals.Any(p => p.Position.RunsDepartment());

        var people = new[] { User }.Concat(principals).ToList();
        if (people.Any(p => p.Position.SeesEverything())) { Scope = Scope.All; VisibleUserIds = null; return; }

        var visible = new HashSet<long>();
        var scope = Scope.Own;
        foreach (var p in people)
        {
            visible.Add(p.Id);
            if (p.Position.ReadsDepartment() && p.DepartmentId is { } dep)
            {
                scope = Scope.Department;
                visible.UnionWith(await db.Users.Where(u => u.DepartmentId == dep).Select(u => u.Id).ToListAsync(ct));
            }
            var ledTeams = await db.Teams.Where(t => t.LeadId == p.Id).Select(t => t.Id).ToListAsync(ct);
            if (ledTeams.Count > 0)
            {
                if (scope == Scope.Own) scope = Scope.Team;
                visible.UnionWith(await db.Users.Where(u => u.TeamId != null && ledTeams.Contains(u.TeamId.Value)).Select(u => u.Id).ToListAsync(ct));
            }
            visible.UnionWith(await Subordinates(p.Id, ct));
            if (scope == Scope.Own && visible.Count > 1) scope = Scope.Team;
        }
        Scope = scope;
        VisibleUserIds = visible;
    }

    /// <summary>Everyone below a person in the reporting lines, transitively.</summary>
    async Task<HashSet<long>> Subordinates(long bossId, CancellationToken ct)
    {
        var lines = await db.Users.Where(u => u.ManagerId != null).Select(u => new { u.Id, Boss = u.ManagerId!.Value }).ToListAsync(ct);
        var byBoss = lines.ToLookup(l => l.Boss, l => l.Id);
        var result = new HashSet<long>();
        var queue = new Queue<long>([bossId]);
        while (queue.TryDequeue(out var id))
            foreach (var sub in byBoss[id])
                if (result.Add(sub)) queue.Enqueue(sub);
        return result;
    }

    public bool CanSee(long ownerId) => VisibleUserIds is null || VisibleUserIds.Contains(ownerId);

    /// <summary>Who may change the structure: heads, directors and admins (within what they see).</summary>
    public bool CanManagePeople => RunsDepartment;

    /// <summary>Restricts a query of owned records to what this person sees.</summary>
    public IQueryable<T> Visible<T>(IQueryable<T> query, System.Linq.Expressions.Expression<Func<T, long>> owner)
    {
        if (VisibleUserIds is null) return query;
        var ids = VisibleUserIds.ToList();
        var param = owner.Parameters[0];
        // The ids as one parameter (EF.Parameter): a JSON array on SQLite, an array on PostgreSQL. A constant list made
        // every caller's query a new one to compile; EF's default, one parameter per id (IN (@p1, …, @p250)), made
        // EF rewrite the SQL on each execution and SQLite parse it and look each name up among the others — a third of
        // a create's CPU for a head who sees 250 people (issue 13's profile).
        System.Linq.Expressions.Expression<Func<List<long>>> captured = () => EF.Parameter(ids);
        var contains = System.Linq.Expressions.Expression.Call(
            typeof(Enumerable), nameof(Enumerable.Contains), [typeof(long)], captured.Body, owner.Body);
        return query.Where(System.Linq.Expressions.Expression.Lambda<Func<T, bool>>(contains, param));
    }
}
