using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Otdel.Data;
using Otdel.Platform;

namespace Otdel.Features.Audit;

/// <summary>Turns tracked changes into audit rows and bumps concurrency versions, just before a save.</summary>
static class AuditRecorder
{
    /// <summary>Derived or technical columns whose changes are noise in a person's history.</summary>
    static readonly HashSet<string> Ignored = ["Id", "Version", "SecurityStamp", "SearchKey", "EmailKey", "NameKey", "MatchKey", "PhoneKey", "OtherPhoneKeys", "OtherEmailKeys", "OverdueNotifiedAt", "StageDueAt", "StageEnteredAt", "CreatedAt"];
    static readonly HashSet<string> Secret = ["PasswordHash"];

    public sealed class Pending(EntityEntry entry, AuditEntry row)
    {
        /// <summary>False for a record being created: its id exists only after the save.</summary>
        public bool KnowsId { get; } = entry.State != EntityState.Added;

        public AuditEntry Complete()
        {
            row.EntityId = ((Entity)entry.Entity).Id;
            return row;
        }
    }

    public static List<Pending> Collect(OtdelDb db)
    {
        var result = new List<Pending>();
        var actor = db.Actor;
        var now = db.UtcNow;
        foreach (var e in db.ChangeTracker.Entries<Entity>())
        {
            if (e.State == EntityState.Modified)
                e.Property(x => x.Version).CurrentValue = e.Property(x => x.Version).OriginalValue + 1;
            if (e.Entity is not IAudited || e.State is EntityState.Unchanged or EntityState.Detached)
                continue;
            var name = AuditNameOf(e.Entity.GetType());
            AuditEntry Row(string action, string? field = null, string? from = null, string? to = null) => new()
            {
                Entity = name, Action = action, Field = field, OldValue = from, NewValue = to,
                UserId = actor.UserId, UserName = actor.Name, Channel = actor.Channel, At = now,
            };
            switch (e.State)
            {
                case EntityState.Added:
                    result.Add(new Pending(e, Row("created")));
                    break;
                case EntityState.Deleted:
                    result.Add(new Pending(e, Row("deleted")));
                    break;
                case EntityState.Modified:
                    foreach (var p in e.Properties)
                    {
                        if (!p.IsModified || Ignored.Contains(p.Metadata.Name)) continue;
                        var from = Format(p, p.OriginalValue);
                        var to = Format(p, p.CurrentValue);
                        if (from == to) continue;
                        if (Secret.Contains(p.Metadata.Name)) (from, to) = ("***", "***");
                        result.Add(new Pending(e, Row("updated", JsonName(p.Metadata.Name), from, to)));
                    }
                    break;
            }
        }
        return result;
    }

    static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, string> AuditNames = new();

    /// <summary>The static AuditName of an entity type, read by reflection once per type rather than for every row of every save.</summary>
    static string AuditNameOf(Type t) => AuditNames.GetOrAdd(t, static t =>
        (string)t.GetProperty(nameof(IAudited.AuditName), System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)!.GetValue(null)!);

    static string JsonName(string clr) => char.ToLowerInvariant(clr[0]) + clr[1..];

    static string? Format(PropertyEntry p, object? value)
    {
        if (value is null) return null;
        var converter = p.Metadata.GetValueConverter();
        // Enums and JSON columns read best as they are stored ("closer", a JSON object), money as a decimal.
        if (converter is not null && value is not decimal && value is not DateTime) value = converter.ConvertToProvider(value) ?? value;
        var text = value switch
        {
            DateTime d => d.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            bool b => b ? "true" : "false",
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value!.ToString() ?? "",
        };
        return text is { Length: > 2000 } ? text[..2000] : text;
    }
}
