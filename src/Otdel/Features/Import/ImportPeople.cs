using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Features.Organisation;
using Otdel.Platform;

namespace Otdel.Features.Import;

/// <summary>
/// The people an import names as owners or managers: matched by e-mail, else by full name (any case); a person not
/// found is created — a seller without a password, switched off until a head invites them — and counted as created, so
/// history keeps its owners. Someone who exists but is outside the importer's scope refuses the row instead.
/// </summary>
public sealed class ImportPeople(OtdelDb db, Access? access, ImportTally tally)
{
    Dictionary<string, long>? byEmail;
    Dictionary<string, long>? byName;
    HashSet<long>? visible;
    /// <summary>Texts already resolved, as written in the file: a file names the same few owners a million times.</summary>
    readonly Dictionary<string, long> resolved = new(StringComparer.Ordinal);

    async Task LoadAsync(CancellationToken ct)
    {
        if (byEmail is not null) return;
        var all = await db.Users.AsNoTracking().Select(u => new { u.Id, u.EmailKey, u.FullName }).ToListAsync(ct);
        byEmail = all.GroupBy(u => u.EmailKey).ToDictionary(g => g.Key, g => g.First().Id);
        byName = all.GroupBy(u => NameKey(u.FullName)).ToDictionary(g => g.Key, g => g.Min(u => u.Id));
        // A copy: the set belongs to the cached access of every request of this person.
        visible = access?.VisibleUserIds is { } v ? [.. v] : null;
    }

    const int MaxResolved = 10_000;

    public static string NameKey(string name) =>
        string.Join(' ', name.Trim().ToLowerInvariant().Replace('ё', 'е').Split(' ', StringSplitOptions.RemoveEmptyEntries));

    /// <summary>The person's id; created when missing (in <paramref name="departmentId"/>).</summary>
    /// <param name="beforeWrite">Awaited before a person is saved (the deal import's chunk being written owns the connection).</param>
    public async Task<long> ResolveAsync(string field, string text, long? departmentId, CancellationToken ct, Func<Task>? beforeWrite = null)
    {
        if (resolved.TryGetValue(text, out var known)) return known;
        await LoadAsync(ct);
        var isEmail = text.Contains('@');
        var key = isEmail ? text.Trim().ToLowerInvariant() : NameKey(text);
        if ((isEmail ? byEmail! : byName!).TryGetValue(key, out var id))
        {
            if (visible is not null && !visible.Contains(id)) throw new RowRefused(new("Import.Row.OutOfScope", field, text));
            if (resolved.Count < MaxResolved) resolved[text] = id;
            return id;
        }
        if (isEmail && !System.Net.Mail.MailAddress.TryCreate(key, out _)) throw new RowRefused(new("Import.Row.BadEmail", field, text));
        if (text.Length > (isEmail ? 254 : 200)) throw new RowRefused(new("Import.Row.TooLong", field, 200));
        var email = isEmail ? text.Trim() : $"import-{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(5))}@users.invalid";
        var user = new User
        {
            Email = email, EmailKey = email.ToLowerInvariant(), FullName = isEmail ? email.Split('@')[0] : text.Trim(), Position = Position.Closer,
            IsActive = false, DepartmentId = departmentId ?? access?.User?.DepartmentId, CreatedAt = db.UtcNow, SecurityStamp = User.NewStamp(),
            ImportRunId = tally.Run,
        };
        if (beforeWrite is not null) await beforeWrite();
        db.Users.Add(user);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        byEmail![user.EmailKey] = user.Id;
        byName![NameKey(user.FullName)] = user.Id;
        visible?.Add(user.Id);
        tally.Created("people");
        if (resolved.Count < MaxResolved) resolved[text] = user.Id;
        return user.Id;
    }

    /// <summary>Adds a person created elsewhere in this import (the people import) to the lookups.</summary>
    public async Task KnowAsync(User u, CancellationToken ct)
    {
        await LoadAsync(ct);
        resolved.Clear(); // a name may now mean the newcomer
        byEmail![u.EmailKey] = u.Id;
        byName![NameKey(u.FullName)] = u.Id;
        visible?.Add(u.Id);
    }
}

/// <summary>What an import created besides its rows, by kind ("people", "clients", "teams"…), and what it updated.</summary>
public sealed class ImportTally
{
    /// <summary>The kind under which rows that updated a record imported before are counted (kept with the run's counts).</summary>
    public const string UpdatedKey = "updated";

    public SortedDictionary<string, int> Counts { get; } = new(StringComparer.Ordinal);
    /// <summary>The import's run, recorded before the first row: what the import creates carries it.</summary>
    public long RunId { get; set; }
    /// <summary>The run as a record's <c>ImportRunId</c> (none when the sink runs without a recorded run).</summary>
    public long? Run => RunId == 0 ? null : RunId;
    public void Created(string kind, int n = 1) => Counts[kind] = Counts.GetValueOrDefault(kind) + n;
    public void Updated() => Created(UpdatedKey);

    /// <summary>A tally as it is kept (<see cref="Counts"/>, the run's stored JSON) split into what was created and what was updated.</summary>
    public static (SortedDictionary<string, int> Created, int Updated) Split(IReadOnlyDictionary<string, int> counts)
    {
        var created = new SortedDictionary<string, int>(counts.Where(c => c.Key != UpdatedKey).ToDictionary(c => c.Key, c => c.Value), StringComparer.Ordinal);
        return (created, counts.GetValueOrDefault(UpdatedKey));
    }
}
