using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Features.Organisation;
using Otdel.Platform;

namespace Otdel.Features.Import;

/// <summary>
/// The department's people: name, e-mail, position, team and department by name (created when missing), and the
/// manager by e-mail or name — read after every row, so a manager may come later in the file. People are created
/// switched off and without a password (an administrator sets one or sends the recovery link); an e-mail that already
/// belongs to someone refuses the row.
/// </summary>
public sealed class PeopleImport(OtdelDb db, Access? access, ImportPeople people, ImportTally tally) : IImportSink
{
    readonly List<(User User, string? Manager, int Line)> created = [];
    Dictionary<string, long>? emails;

    public async Task TakeAsync(int line, Dictionary<string, string> row, CancellationToken ct)
    {
        if (access is not null && !access.RunsDepartment && access.Scope != Scope.All) throw new RowRefused(new("Import.Row.NotAllowed"));
        emails ??= await db.Users.AsNoTracking().ToDictionaryAsync(u => u.EmailKey, u => u.Id, ct);
        var email = ImportValues.Text(row, "email", 254)!;
        if (!System.Net.Mail.MailAddress.TryCreate(email, out _)) throw new RowRefused(new("Import.Row.BadEmail", "email", email));
        var key = email.Trim().ToLowerInvariant();
        if (emails.ContainsKey(key)) throw new RowRefused(new("Import.Row.PersonExists", email));
        var position = ImportValues.Choice<Position>(row, "position") ?? Position.Closer;
        if (access?.Scope != Scope.All && access is not null && position.SeesEverything()) throw new RowRefused(new("Import.Row.NotAllowed"));
        var department = await DepartmentAsync(ImportValues.Text(row, "department", 200), ct);
        var user = new User
        {
            Email = email.Trim(), EmailKey = key, FullName = ImportValues.Text(row, "name", 200)!, Position = position, IsActive = false,
            DepartmentId = department, TeamId = await TeamAsync(ImportValues.Text(row, "team", 200), department, ct), CreatedAt = db.UtcNow,
            SecurityStamp = User.NewStamp(), ImportRunId = tally.Run,
        };
        db.Users.Add(user);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        emails[key] = user.Id;
        await people.KnowAsync(user, ct);
        created.Add((user, ImportValues.Get(row, "manager"), line));
    }

    async Task<long?> DepartmentAsync(string? name, CancellationToken ct)
    {
        // A head imports into their own department; only someone who sees everything names others.
        if (access is not null && access.Scope != Scope.All) return access.User?.DepartmentId;
        if (name is null) return null;
        var found = await db.Departments.FirstOrDefaultAsync(d => d.Name == name.Trim(), ct);
        if (found is not null) return found.Id;
        var d = new Department { Name = name.Trim(), CreatedAt = db.UtcNow, ImportRunId = tally.Run };
        db.Departments.Add(d);
        await db.SaveChangesAsync(ct);
        tally.Created("departments");
        return d.Id;
    }

    async Task<long?> TeamAsync(string? name, long? departmentId, CancellationToken ct)
    {
        if (name is null) return null;
        if (departmentId is null) throw new RowRefused(new("Import.Row.TeamWithoutDepartment", name));
        var found = await db.Teams.FirstOrDefaultAsync(t => t.DepartmentId == departmentId && t.Name == name.Trim(), ct);
        if (found is not null) return found.Id;
        var team = new Team { Name = name.Trim(), DepartmentId = departmentId.Value, CreatedAt = db.UtcNow, ImportRunId = tally.Run };
        db.Teams.Add(team);
        await db.SaveChangesAsync(ct);
        tally.Created("teams");
        return team.Id;
    }

    public async Task FinishAsync(CancellationToken ct)
    {
        if (created.Count == 0) return;
        // Managers change who sees whom: the access version moves with them (AccessCache).
        await AccessCache.ChangeAsync(db, () => LinkManagersAsync(ct), ct);
    }

    async Task LinkManagersAsync(CancellationToken ct)
    {
        foreach (var (u, manager, _) in created.Where(c => c.Manager is not null))
        {
            long managerId;
            try
            {
                managerId = await people.ResolveAsync("manager", manager!, u.DepartmentId, ct);
            }
            catch (RowRefused)
            {
                continue;
            }
            if (managerId == u.Id) continue;
            await db.Users.Where(x => x.Id == u.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.ManagerId, managerId), ct);
        }
    }
}
