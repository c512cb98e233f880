using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Otdel.Features.Clients;
using Otdel.Features.Deals;
using Otdel.Features.Leads;
using Otdel.Features.Organisation;
using Otdel.Features.Tasks;
using Otdel.Platform;

namespace Otdel.Features.Activities;

/// <summary>
/// Something that happened with a client: a call made or taken, a meeting held, an e-mail or a message, a proposal sent,
/// a note — about a deal, a client or a lead, by its author at a moment. The timeline of a client and a deal is made of
/// these (not of field changes: that is the audit history), and the activity report counts them. A completed task of
/// kind call, meeting or e-mail leaves one behind (<see cref="TaskId"/>).
/// </summary>
public sealed class Activity : Entity
{
    public ActivityKind Kind { get; set; }
    /// <summary>In or out: calls (required), e-mails and messages (optional).</summary>
    public ActivityDirection? Direction { get; set; }
    /// <summary>When it happened, UTC.</summary>
    public DateTime At { get; set; }
    /// <summary>How long a call or a meeting took.</summary>
    public int? DurationSeconds { get; set; }
    /// <summary>What came of a call: connected, no answer, busy…</summary>
    public CallResult? Result { get; set; }
    /// <summary>A meeting's form: online or in person.</summary>
    public MeetingFormat? Format { get; set; }
    /// <summary>Who took part in a meeting, as typed.</summary>
    public string? Participants { get; set; }
    /// <summary>Where a call's recording is (the telephony's link), http(s) only.</summary>
    public string? RecordingUrl { get; set; }
    /// <summary>What was said or agreed, the e-mail's subject, the note itself.</summary>
    public string? Text { get; set; }
    public long AuthorId { get; set; }
    public long? DealId { get; set; }
    public long? ClientId { get; set; }
    public long? LeadId { get; set; }
    /// <summary>The task whose completion recorded it, if any.</summary>
    public long? TaskId { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>What happened: a call, a meeting, an e-mail, a message (messenger, SMS), a proposal sent, a note.</summary>
public enum ActivityKind { Call, Meeting, Email, Message, Proposal, Note }

public enum ActivityDirection { In, Out }

/// <summary>What came of a call; <see cref="Connected"/> is what the report counts as a conversation.</summary>
public enum CallResult { Connected, NoAnswer, Busy, Voicemail, WrongNumber }

public enum MeetingFormat { Online, InPerson }

sealed class ActivityConfiguration : IEntityTypeConfiguration<Activity>
{
    public void Configure(EntityTypeBuilder<Activity> b)
    {
        b.ToTable("activities");
        b.Property(x => x.Kind).HasConversion<SnakeCaseEnum<ActivityKind>>().HasMaxLength(10);
        b.Property(x => x.Direction).HasConversion<SnakeCaseEnum<ActivityDirection>>().HasMaxLength(3);
        b.Property(x => x.Result).HasConversion<SnakeCaseEnum<CallResult>>().HasMaxLength(20);
        b.Property(x => x.Format).HasConversion<SnakeCaseEnum<MeetingFormat>>().HasMaxLength(10);
        b.Property(x => x.Participants).HasMaxLength(ActivityRules.MaxParticipants);
        b.Property(x => x.RecordingUrl).HasMaxLength(ActivityRules.MaxUrl);
        b.Property(x => x.Text).HasMaxLength(ActivityRules.MaxText);
        b.Property(x => x.Version).IsConcurrencyToken();
        // The timelines (a deal's, a client's, a lead's, newest first) and the report (a person's by moment).
        b.HasIndex(x => new { x.DealId, x.At });
        b.HasIndex(x => new { x.ClientId, x.At });
        b.HasIndex(x => new { x.LeadId, x.At });
        b.HasIndex(x => new { x.AuthorId, x.At });
        b.HasIndex(x => x.TaskId);
        b.HasOne<User>().WithMany().HasForeignKey(x => x.AuthorId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Deal>().WithMany().HasForeignKey(x => x.DealId).OnDelete(DeleteBehavior.Cascade);
        // A client merged away or a lead removed leaves the activity standing, without the link (a merge relinks first).
        b.HasOne<Client>().WithMany().HasForeignKey(x => x.ClientId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<Lead>().WithMany().HasForeignKey(x => x.LeadId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<WorkTask>().WithMany().HasForeignKey(x => x.TaskId).OnDelete(DeleteBehavior.SetNull);
    }
}
