namespace Otdel.Platform;

/// <summary>Base of every business record: a surrogate key and an optimistic-concurrency version.</summary>
public abstract class Entity
{
    public long Id { get; set; }

    /// <summary>Bumped on every save; a client sends back the version it read, a stale one gets 409.</summary>
    public int Version { get; set; }
}

/// <summary>Marks an entity whose changes go to the audit history under <see cref="AuditName"/>.</summary>
public interface IAudited
{
    static abstract string AuditName { get; }
}
