using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Platform;

namespace Otdel.Features.Organisation;

/// <summary>
/// Whom a person may make responsible for a record (a deal's or a client's owner pickers): the active people they see,
/// of their own department (every department for company-wide roles), by name.
/// </summary>
public static class Assignable
{
    public static async Task<List<(long Id, string Name)>> PeopleAsync(OtdelDb db, Access access, CancellationToken ct) =>
        (await access.Visible(db.Users.AsNoTracking().Where(u => u.IsActive), u => u.Id)
            .Where(u => access.Scope == Scope.All || u.DepartmentId == access.User!.DepartmentId)
            .OrderBy(u => u.FullName).Select(u => new { u.Id, u.FullName }).ToListAsync(ct))
        .Select(u => (u.Id, u.FullName)).ToList();
}
