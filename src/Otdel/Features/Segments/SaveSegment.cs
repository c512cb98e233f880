using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Platform;

namespace Otdel.Features.Segments;

/// <summary>A segment as the API shows it; <c>mayChange</c>: whether the caller may change or remove it.</summary>
public sealed record SegmentView(long Id, string Name, long? DepartmentId, long AuthorId, IReadOnlyList<SegmentCondition> Conditions, DateTime CreatedAt,
    DateTime UpdatedAt, bool MayChange, int Version);

/// <summary>
/// Saves segments: anyone may make one for their department; its author, the department's head and company-wide roles
/// change or remove it. The conditions are checked by <see cref="SegmentRules"/>.
/// </summary>
public sealed class SaveSegment(OtdelDb db, Access access, Errors errors, Problems problems, SegmentRules rules)
{
    public async Task<Outcome<SegmentView>> CreateAsync(SegmentInput input, CancellationToken ct = default)
    {
        var (name, conditions) = await rules.CheckAsync(input, ct);
        if (errors.Any) return errors.ToFailure();
        var now = db.UtcNow;
        var s = new Segment
        {
            Name = name, Conditions = conditions, DepartmentId = access.User?.DepartmentId, AuthorId = access.UserId,
            CreatedAt = now, UpdatedAt = now
        };
        db.Segments.Add(s);
        await db.SaveChangesAsync(ct);
        return ViewOf(s, access);
    }

    public async Task<Outcome<SegmentView>> UpdateAsync(long id, SegmentInput input, CancellationToken ct = default)
    {
        var s = await db.Segments.VisibleTo(access).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (s is null) return problems.NotFound();
        if (!MayChange(s, access)) return problems.Forbidden();
        if (input.Version is { } v && v != s.Version) return problems.Stale(ViewOf(s, access));
        var (name, conditions) = await rules.CheckAsync(input, ct);
        if (errors.Any) return errors.ToFailure();
        s.Name = name;
        s.Conditions = conditions;
        s.UpdatedAt = db.UtcNow;
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) { return problems.Stale(); }
        return ViewOf(s, access);
    }

    public async Task<Outcome<bool>> DeleteAsync(long id, CancellationToken ct = default)
    {
        var s = await db.Segments.VisibleTo(access).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (s is null) return problems.NotFound();
        if (!MayChange(s, access)) return problems.Forbidden();
        db.Segments.Remove(s);
        await db.SaveChangesAsync(ct);
        return true;
    }

    public static bool MayChange(Segment s, Access a) =>
        a.Scope == Scope.All || s.AuthorId == a.UserId || (a.RunsDepartment && s.DepartmentId is not null && s.DepartmentId == a.User?.DepartmentId);

    public static SegmentView ViewOf(Segment s, Access a) =>
        new(s.Id, s.Name, s.DepartmentId, s.AuthorId, s.Conditions, s.CreatedAt, s.UpdatedAt, MayChange(s, a), s.Version);
}
