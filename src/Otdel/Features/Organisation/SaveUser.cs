using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Platform;

namespace Otdel.Features.Organisation;

/// <summary>Creates a person or changes their details, place in the structure and password; used by the API and the pages.</summary>
public sealed class SaveUser(OtdelDb db, Access access, Errors errors, Problems problems, References refs)
{
    static readonly PasswordHasher<User> Hasher = new();
    public const int MinPasswordLength = 8;

    public static string HashPassword(User u, string password) => Hasher.HashPassword(u, password);

    public static bool CheckPassword(User u, string password) =>
        u.PasswordHash is not null && Hasher.VerifyHashedPassword(u, u.PasswordHash, password) != PasswordVerificationResult.Failed;

    /// <summary>Every field of a person; PUT and creation apply them all.</summary>
    public static readonly IReadOnlySet<string> AllFields = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        { "email", "fullName", "position", "departmentId", "teamId", "managerId", "password", "language", "segment", "isActive", "timeZone" };

    /// <summary>What a person may change about themselves without managing people: name, language, password.</summary>
    static readonly IReadOnlySet<string> OwnFields = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "fullName", "language", "password", "currentPassword", "timeZone" };

    /// <summary>Changes that end the person's existing sign-ins (<see cref="User.SecurityStamp"/>).</summary>
    static readonly string[] StampFields = ["email", "position", "departmentId", "teamId", "managerId", "isActive", "password"];

    public async Task<Outcome<UserView>> Create(UserInput input, CancellationToken ct = default)
    {
        if (!access.CanManagePeople) return problems.Forbidden();
        var user = new User { Email = "", FullName = "", CreatedAt = db.UtcNow, DepartmentId = access.User?.DepartmentId, SecurityStamp = User.NewStamp() };
        return await Apply(user, input, AllFields, creating: true, ct);
    }

    /// <summary>
    /// Applies the <paramref name="fields"/> of the typed input: PUT names them all, PATCH those the binder bound
    /// (<see cref="SentFields.Sent"/>), a page those its form shows. Someone who does not manage the person may change
    /// only their own name, language and password (with the current one).
    /// </summary>
    public async Task<Outcome<UserView>> Update(long id, UserInput input, IReadOnlySet<string> fields, CancellationToken ct = default)
    {
        var user = await db.Users.VisibleTo(access).FirstOrDefaultAsync(u => u.Id == id, ct);
        if (user is null) return problems.NotFound();
        var self = user.Id == access.User?.Id;
        var manages = access.CanManagePeople && access.CanSee(user.Id) && !self;
        var changes = fields.Where(f => f != "version").ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (access.Scope == Scope.All && self) manages = true; // an administrator edits their own record too
        if (!manages && !(self && changes.All(OwnFields.Contains))) return problems.Forbidden();
        if (input.Version is null) return problems.Bad("version", "Error.VersionRequired");
        db.Entry(user).Property(u => u.Version).OriginalValue = input.Version.Value;
        if (user.Version != input.Version.Value) return problems.Stale(UserView.Of(user));
        if (self && !manages && changes.Contains("password") && !string.IsNullOrEmpty(input.Password)
            && (string.IsNullOrEmpty(input.CurrentPassword) || !CheckPassword(user, input.CurrentPassword)))
            return problems.Bad("currentPassword", "Error.CurrentPassword");
        return await Apply(user, input, changes, creating: false, ct);
    }

    async Task<Outcome<UserView>> Apply(User user, UserInput input, IReadOnlySet<string> present, bool creating, CancellationToken ct)
    {
        bool Has(string f) => present.Contains(f);
        var before = (user.Email, user.Position, user.DepartmentId, user.TeamId, user.ManagerId, user.IsActive, user.PasswordHash);
        if (Has("email"))
        {
            var email = input.Email?.Trim() ?? "";
            errors.Required("email", email).MaxLength("email", email, 254);
            if (email.Length > 0 && !IsEmail(email)) errors.Add("email", "Error.Email");
            user.Email = email;
            user.EmailKey = email.ToLowerInvariant();
        }
        if (Has("fullName"))
        {
            user.FullName = input.FullName?.Trim() ?? "";
            errors.Required("fullName", user.FullName).MaxLength("fullName", user.FullName, 200);
        }
        if (Has("position"))
        {
            if (Positions.TryParse(input.Position, out var p)) user.Position = p;
            else errors.Add("position", string.IsNullOrWhiteSpace(input.Position) ? "Error.Required" : "Error.Position");
        }
        if (Has("departmentId")) user.DepartmentId = input.DepartmentId ?? (creating ? user.DepartmentId : null);
        if (Has("teamId")) user.TeamId = input.TeamId;
        if (Has("managerId")) user.ManagerId = input.ManagerId;
        if (Has("language"))
        {
            if (input.Language is null or "ru" or "en") user.Language = input.Language;
            else errors.Add("language", "Error.Language");
        }
        if (Has("timeZone"))
        {
            var zone = string.IsNullOrWhiteSpace(input.TimeZone) ? null : input.TimeZone.Trim();
            if (zone is not null && (zone.Length > 64 || !TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))) errors.Add("timeZone", "Error.TimeZone");
            else user.TimeZone = zone;
        }
        if (Has("segment"))
        {
            user.Segment = string.IsNullOrWhiteSpace(input.Segment) ? null : input.Segment.Trim();
            errors.MaxLength("segment", user.Segment, 100);
        }
        if (Has("isActive") && input.IsActive is { } active) user.IsActive = active;
        if (Has("password") && (creating || !string.IsNullOrEmpty(input.Password)))
        {
            if (string.IsNullOrEmpty(input.Password)) { if (creating) errors.Add("password", "Error.Required"); }
            else if (input.Password.Length < MinPasswordLength) errors.Add("password", "Error.PasswordShort", MinPasswordLength);
            else user.PasswordHash = HashPassword(user, input.Password);
        }

        await CheckStructure(user, present, ct);
        if (errors.Any) return errors.ToFailure();
        if (!creating && before != (user.Email, user.Position, user.DepartmentId, user.TeamId, user.ManagerId, user.IsActive, user.PasswordHash))
            user.SecurityStamp = User.NewStamp(); // a new place in the structure, a new password or deactivation: sign in again

        if (await db.Users.AnyAsync(u => u.EmailKey == user.EmailKey && u.Id != user.Id, ct))
            return problems.Conflict("email", "Error.EmailTaken");
        if (creating) db.Users.Add(user);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return problems.Stale();
        }
        catch (DbUpdateException)
        {
            // Two people registered the same email at the same moment: the unique index decided.
            db.ChangeTracker.Clear();
            if (await db.Users.AsNoTracking().AnyAsync(u => u.EmailKey == user.EmailKey && u.Id != user.Id, ct))
                return problems.Conflict("email", "Error.EmailTaken");
            throw;
        }
        return UserView.Of(user);
    }

    /// <summary>Team and department must agree and exist; the reporting line must exist and must not loop.</summary>
    async Task CheckStructure(User user, IReadOnlySet<string> present, CancellationToken ct)
    {
        if (user.TeamId is { } teamId && present.Contains("teamId"))
        {
            var team = await refs.TeamAsync(teamId, "teamId", ct);
            if (team is null) return;
            if (user.DepartmentId is null) user.DepartmentId = team.DepartmentId;
            else if (user.DepartmentId != team.DepartmentId) errors.Add("teamId", "Error.TeamOtherDepartment");
        }
        if (user.DepartmentId is { } depId && (present.Contains("departmentId") || present.Contains("teamId")))
        {
            if (await refs.DepartmentAsync(depId, "departmentId", ct) is null) return;
        }
        if (user.ManagerId is { } bossId && present.Contains("managerId"))
        {
            if (bossId == user.Id) { errors.Add("managerId", "Error.ManagerCycle"); return; }
            if (await refs.PersonAsync(bossId, "managerId", ct) is null) return;
            if (user.Id != 0 && await ReportsTo(bossId, user.Id, ct)) errors.Add("managerId", "Error.ManagerCycle");
        }
    }

    /// <summary>Whether <paramref name="person"/> is (transitively) below <paramref name="boss"/> in the reporting lines.</summary>
    async Task<bool> ReportsTo(long person, long boss, CancellationToken ct)
    {
        var lines = await db.Users.AsNoTracking().Where(u => u.ManagerId != null)
            .Select(u => new { u.Id, Boss = u.ManagerId!.Value }).ToDictionaryAsync(x => x.Id, x => x.Boss, ct);
        var seen = new HashSet<long>();
        for (long? at = person; at is { } id && seen.Add(id); at = lines.TryGetValue(id, out var b) ? b : null)
            if (id == boss) return true;
        return false;
    }

    static bool IsEmail(string s)
    {
        var at = s.IndexOf('@');
        return at > 0 && at == s.LastIndexOf('@') && s.IndexOf('.', at) > at + 1 && !s.EndsWith('.') && !s.Any(char.IsWhiteSpace);
    }
}
