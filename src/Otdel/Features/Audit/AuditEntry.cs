using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Otdel.Features.Audit;

/// <summary>One changed field of one record: who changed it, when, through which channel, from what to what.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public required string Entity { get; set; }
    public long EntityId { get; set; }
    /// <summary>"created", "updated" or "deleted".</summary>
    public required string Action { get; set; }
    public string? Field { get; set; }
    public string? OldValue { get; set; }
    public string? NewValue { get; set; }
    public long? UserId { get; set; }
    public string? UserName { get; set; }
    /// <summary>"ui", "api" or "cli".</summary>
    public required string Channel { get; set; }
    public DateTime At { get; set; }
}

sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.ToTable("audit");
        b.Property(x => x.Entity).HasMaxLength(40);
        b.Property(x => x.Action).HasMaxLength(10);
        b.Property(x => x.Field).HasMaxLength(60);
        b.Property(x => x.OldValue).HasMaxLength(2000);
        b.Property(x => x.NewValue).HasMaxLength(2000);
        b.Property(x => x.UserName).HasMaxLength(200);
        b.Property(x => x.Channel).HasMaxLength(10);
        b.HasIndex(x => new { x.Entity, x.EntityId, x.Id });
    }
}
