using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Platform;

namespace Otdel.Features.Organisation;

public sealed record DepartmentInput(string? Name, long? HeadId = null, int? Version = null);
public sealed record DepartmentView(long Id, string Name, long? HeadId, int Version)
{
    public static DepartmentView Of(Department d) => new(d.Id, d.Name, d.HeadId, d.Version);
}

/// <summary>Creates or renames a department; only those who see the whole company may.</summary>
public sealed class SaveDepartment(OtdelDb db, Access access, Errors errors, Problems problems, References refs)
{
    public async Task<Outcome<DepartmentView>> Create(DepartmentInput input, CancellationToken ct = default)
    {
        if (access.Scope != Scope.All) return problems.Forbidden();
        return await Apply(new Department { Name = "", CreatedAt = db.UtcNow }, input, true, ct);
    }

    public async Task<Outcome<DepartmentView>> Update(long id, DepartmentInput input, CancellationToken ct = default)
    {
        var dep = await db.Departments.VisibleTo(access).FirstOrDefaultAsync(d => d.Id == id, ct);
        if (dep is null) return problems.NotFound();
        if (access.Scope != Scope.All && !access.CanManagePeople) return problems.Forbidden();
        if (input.Version is { } v)
        {
            if (v != dep.Version) return problems.Stale(DepartmentView.Of(dep));
            db.Entry(dep).Property(d => d.Version).OriginalValue = v;
        }
        return await Apply(dep, input, false, ct);
    }

    async Task<Outcome<DepartmentView>> Apply(Department dep, DepartmentInput input, bool creating, CancellationToken ct)
    {
        dep.Name = input.Name?.Trim() ?? "";
        errors.Required("name", dep.Name).MaxLength("name", dep.Name, 200);
        if (input.HeadId is { } head) await refs.PersonAsync(head, "headId", ct);
        dep.HeadId = input.HeadId;
        if (errors.Any) return errors.ToFailure();
        if (await db.Departments.AnyAsync(d => d.Name == dep.Name && d.Id != dep.Id, ct))
            return problems.Conflict("name", "Error.DepartmentTaken");
        if (creating) db.Departments.Add(dep);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) { return problems.Stale(); }
        return DepartmentView.Of(dep);
    }
}
