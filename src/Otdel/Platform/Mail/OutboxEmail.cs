using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Otdel.Platform.Mail;

/// <summary>
/// An e-mail waiting to go out. Queued in the same save as the change that caused it, sent by <see cref="MailSender"/>
/// in the background (so a slow or absent mail server never holds up a user), retried with growing pauses.
/// </summary>
public sealed class OutboxEmail
{
    public long Id { get; set; }
    public required string To { get; set; }
    public required string Subject { get; set; }
    public required string Body { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>When the next attempt may start; an instance taking the message pushes it on, so no other sends it meanwhile.</summary>
    public DateTime NextAttemptAt { get; set; }
    public int Attempts { get; set; }
    public DateTime? SentAt { get; set; }
    /// <summary>Set once the attempts are used up; the message stays for whoever looks into the mail server.</summary>
    public DateTime? FailedAt { get; set; }
    public string? LastError { get; set; }
}

sealed class OutboxEmailConfiguration : IEntityTypeConfiguration<OutboxEmail>
{
    public void Configure(EntityTypeBuilder<OutboxEmail> b)
    {
        b.ToTable("outbox_emails");
        b.Property(x => x.To).HasMaxLength(254);
        b.Property(x => x.Subject).HasMaxLength(300);
        b.Property(x => x.Body).HasMaxLength(20000);
        b.Property(x => x.LastError).HasMaxLength(1000);
        b.HasIndex(x => new { x.SentAt, x.FailedAt, x.NextAttemptAt });
    }
}
