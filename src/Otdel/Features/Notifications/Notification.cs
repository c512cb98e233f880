using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Otdel.Features.Organisation;

namespace Otdel.Features.Notifications;

/// <summary>An in-app notification; pushed at once to open pages over server-sent events.</summary>
public sealed class Notification
{
    public long Id { get; set; }
    public long UserId { get; set; }
    /// <summary>"overdue", "handoff", …</summary>
    public required string Kind { get; set; }
    public required string Text { get; set; }
    public string? Link { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? ReadAt { get; set; }
}

sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> b)
    {
        b.ToTable("notifications");
        b.Property(x => x.Kind).HasMaxLength(20);
        b.Property(x => x.Text).HasMaxLength(1000);
        b.Property(x => x.Link).HasMaxLength(300);
        b.HasIndex(x => new { x.UserId, x.ReadAt, x.Id });
        b.HasOne<User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
