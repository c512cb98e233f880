using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Otdel.Data;
using Otdel.Features.Organisation;

namespace Otdel.Platform;

/// <summary>
/// A counter in the database that moves whenever something a cached answer depends on changes. "access" moves with
/// any change of people, teams or deputies (a save through <see cref="OtdelDb"/> moves it in
/// the same transaction; bulk updates call <see cref="AccessCache.BumpAsync"/>). Every instance reads it with the
/// sign-in check, so a change made on one instance is seen by all on their next request (decision 0008).
/// </summary>
public sealed class CacheVersion
{
    public const string Access = "access";
    public required string Name { get; set; }
    public long Value { get; set; }
}

sealed class CacheVersionConfiguration : IEntityTypeConfiguration<CacheVersion>
{
    public void Configure(EntityTypeBuilder<CacheVersion> b)
    {
        b.ToTable("cache_versions");
        b.HasKey(x => x.Name);
        b.Property(x => x.Name).HasMaxLength(40);
        b.HasData(new CacheVersion { Name = CacheVersion.Access, Value = 0 });
    }
}

/// <summary>
/// Each person's resolved access (who they are, how far they see, whom they stand in for), kept per app instance and
/// reused while the database's access version and the day (deputies are dated) are the ones it was resolved under.
/// Without it every request spent 5–6 queries on the same answer.
/// </summary>
public sealed class AccessCache
{
    public sealed record Entry(long Version, DateOnly Day, User User, Scope Scope, HashSet<long>? Visible, bool ActsForHead);

    readonly ConcurrentDictionary<long, Entry> entries = new();
    long newest = long.MinValue;

    public Entry? Find(long userId, long version, DateOnly day) =>
        entries.TryGetValue(userId, out var e) && e.Version == version && e.Day == day ? e : null;

    public void Keep(long userId, Entry entry)
    {
        // A newer version makes every older entry useless: drop them rather than let them linger.
        if (entry.Version > Interlocked.Read(ref newest))
        {
            Interlocked.Exchange(ref newest, entry.Version);
            foreach (var (id, e) in entries)
                if (e.Version < entry.Version) entries.TryRemove(new KeyValuePair<long, Entry>(id, e));
        }
        entries[userId] = entry;
    }

    /// <summary>The current access version (one indexed read).</summary>
    public static Task<long> VersionAsync(OtdelDb db, CancellationToken ct) =>
        db.CacheVersions.Where(v => v.Name == CacheVersion.Access).Select(v => v.Value).FirstOrDefaultAsync(ct);

    /// <summary>Moves the access version; call after bulk SQL that changes people, teams or deputies behind EF's back.</summary>
    public static Task BumpAsync(OtdelDb db, CancellationToken ct = default) =>
        db.CacheVersions.Where(v => v.Name == CacheVersion.Access).ExecuteUpdateAsync(s => s.SetProperty(v => v.Value, v => v.Value + 1), ct);

    /// <summary>A bulk change of people, teams or deputies, committed together with the version it moves.</summary>
    public static async Task ChangeAsync(OtdelDb db, Func<Task> change, CancellationToken ct = default)
    {
        await using var tx = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        await change();
        await BumpAsync(db, ct);
        if (tx is not null) await tx.CommitAsync(ct);
    }

    /// <summary>Whether a pending save changes what access is resolved from.</summary>
    public static bool Touches(OtdelDb db) =>
        db.ChangeTracker.Entries().Any(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted
            && e.Entity is User or Team or Deputy);
}
