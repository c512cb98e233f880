using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Otdel.Features.Automation;

/// <summary>
/// A webhook call a firing asked for, queued with the firing and sent by <see cref="WebhookSender"/> in the background:
/// a slow or failing receiver never holds up a person's change; retried 1, 2, 4… minutes up to <see cref="WebhookSender.MaxAttempts"/>.
/// </summary>
public sealed class AutomationWebhook
{
    public long Id { get; set; }
    public long FiringId { get; set; }
    public required string Url { get; set; }
    public required string Body { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime NextAttemptAt { get; set; }
    public int Attempts { get; set; }
    public DateTime? SentAt { get; set; }
    public DateTime? FailedAt { get; set; }
    public string? LastError { get; set; }
}

sealed class AutomationWebhookConfiguration : IEntityTypeConfiguration<AutomationWebhook>
{
    public void Configure(EntityTypeBuilder<AutomationWebhook> b)
    {
        b.ToTable("automation_webhooks");
        b.Property(x => x.Url).HasMaxLength(2000);
        b.Property(x => x.Body).HasMaxLength(8000);
        b.Property(x => x.LastError).HasMaxLength(1000);
        b.HasIndex(x => new { x.SentAt, x.FailedAt, x.NextAttemptAt });
        b.HasIndex(x => x.FiringId);
        b.HasOne<AutomationFiring>().WithMany().HasForeignKey(x => x.FiringId).OnDelete(DeleteBehavior.Cascade);
    }
}
