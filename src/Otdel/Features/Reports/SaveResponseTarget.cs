using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Platform;

namespace Otdel.Features.Reports;

/// <summary>A department's response target: <c>isDefault</c> when it keeps none and the company's default applies.</summary>
public sealed record ResponseTargetView(long DepartmentId, int Minutes, bool IsDefault, int Version);

public sealed record ResponseTargetInput(long? DepartmentId, int? Minutes, int? Version);

/// <summary>
/// Reads and sets a department's target for the first contact of a lead, in working minutes. Everyone reads their own
/// department's (and those they see); the department's head — or a company-wide role — sets it.
/// </summary>
public sealed class SaveResponseTarget(OtdelDb db, Access access, Errors errors, Problems problems, References refs, ResponseTargets targets)
{
    public async Task<Outcome<ResponseTargetView>> ReadAsync(long? departmentId, CancellationToken ct = default)
    {
        if (departmentId is { } d && await refs.DepartmentAsync(d, "departmentId", ct) is null) return errors.ToFailure();
        if ((departmentId ?? access.User?.DepartmentId) is not { } dep) return errors.Add("departmentId", "Error.Required").ToFailure();
        var row = await db.Set<ResponseTarget>().AsNoTracking().FirstOrDefaultAsync(x => x.DepartmentId == dep, ct);
        return View(dep, row);
    }

    public async Task<Outcome<ResponseTargetView>> SaveAsync(ResponseTargetInput input, CancellationToken ct = default)
    {
        if (input.DepartmentId is { } d && await refs.DepartmentAsync(d, "departmentId", ct) is null) return errors.ToFailure();
        if ((input.DepartmentId ?? access.User?.DepartmentId) is not { } dep) return errors.Add("departmentId", "Error.Required").ToFailure();
        var mayChange = access.Scope == Scope.All || (access.RunsDepartment && dep == access.User?.DepartmentId);
        if (!mayChange) return problems.Forbidden();
        if (input.Minutes is not { } minutes) errors.Add("minutes", "Error.Required");
        else if (minutes is < ResponseTargets.MinMinutes or > ResponseTargets.MaxMinutes)
            errors.Add("minutes", "Error.NumberRange");
        if (errors.Any) return errors.ToFailure();

        var row = await db.Set<ResponseTarget>().FirstOrDefaultAsync(x => x.DepartmentId == dep, ct);
        if (row is not null && input.Version is { } v && v != row.Version) return problems.Stale(View(dep, row));
        if (row is null) db.Add(row = new ResponseTarget { DepartmentId = dep });
        row.Minutes = input.Minutes!.Value;
        row.UpdatedById = access.UserId;
        row.UpdatedAt = db.UtcNow;
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) { return problems.Stale(); }
        return View(dep, row);
    }

    ResponseTargetView View(long dep, ResponseTarget? row) =>
        row is null ? new ResponseTargetView(dep, targets.DefaultMinutes, true, 0) : new ResponseTargetView(dep, row.Minutes, false, row.Version);
}
