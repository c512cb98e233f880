using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Otdel.Features.Organisation;

namespace Otdel.Features.Notifications;

/// <summary>
/// A person's choice for one kind of notification: shown in the app (stored, pushed live, counted on the bell) and/or
/// sent by e-mail. No row means the default: in the app, not by e-mail.
/// </summary>
public sealed class NotificationPreference
{
    public long Id { get; set; }
    public long UserId { get; set; }
    public required string Kind { get; set; }
    public bool InApp { get; set; } = true;
    public bool ByEmail { get; set; }
}

/// <summary>The kinds a person can choose about — every kind some part of Otdel notifies with.</summary>
public static class NotificationKinds
{
    public const string Overdue = "overdue";
    public const string Handoff = "handoff";
    public const string Automation = "automation";
    public const string Response = "response";
    public const string Birthday = "birthday";

    /// <summary>Overdue stages, deals handed over, rule alerts, missed response targets, clients' birthdays.</summary>
    public static readonly IReadOnlyList<string> All = [Overdue, Handoff, Automation, Response, Birthday];

    /// <summary>
    /// Defaults: everything in the app, nothing by e-mail — a seller gets dozens of these a day, and mail nobody asked for
    /// trains people to ignore Otdel's mail (the password link included); whoever wants mail switches it on per kind.
    /// </summary>
    public static NotificationPreference Default(long userId, string kind) => new() { UserId = userId, Kind = kind, InApp = true, ByEmail = false };
}

sealed class NotificationPreferenceConfiguration : IEntityTypeConfiguration<NotificationPreference>
{
    public void Configure(EntityTypeBuilder<NotificationPreference> b)
    {
        b.ToTable("notification_preferences");
        b.Property(x => x.Kind).HasMaxLength(20);
        b.HasIndex(x => new { x.UserId, x.Kind }).IsUnique();
        b.HasOne<User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
