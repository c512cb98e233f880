using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Otdel.Platform;

namespace Otdel.Features.Organisation;

/// <summary>A person of the company: a seller, a head, a finance officer… and their place in the structure.</summary>
public sealed class User : Entity, IAudited
{
    public static string AuditName => "user";
    public required string Email { get; set; }
    /// <summary>Lower-cased email: unique, and searchable on SQLite whose lower() is ASCII-only.</summary>
    public string EmailKey { get; set; } = "";
    public required string FullName { get; set; }
    public Position Position { get; set; }
    public long? DepartmentId { get; set; }
    public long? TeamId { get; set; }
    /// <summary>The direct boss (reporting line); cycles are refused.</summary>
    public long? ManagerId { get; set; }
    public string? PasswordHash { get; set; }
    public bool IsActive { get; set; } = true;
    /// <summary>Preferred UI language: "ru" or "en"; null follows the browser.</summary>
    public string? Language { get; set; }
    /// <summary>Territory or segment for handoff rules "by segment".</summary>
    public string? Segment { get; set; }
    /// <summary>The person's own time zone (IANA id, e.g. Asia/Yekaterinburg); null reads times in the department's zone.</summary>
    public string? TimeZone { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>The import that created it (Import/ImportUndo): undone as a whole while nothing else has changed it.</summary>
    public long? ImportRunId { get; set; }
    /// <summary>
    /// Changes whenever the person's existing sign-ins must end (sign-out, a new password, deactivation, a new place in
    /// the structure); a cookie carrying another stamp is refused on its next request. Never shown or audited.
    /// </summary>
    public string SecurityStamp { get; set; } = "";

    public static string NewStamp() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
}

sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> b)
    {
        b.ToTable("users");
        b.Property(x => x.Email).HasMaxLength(254);
        b.Property(x => x.EmailKey).HasMaxLength(254);
        b.Property(x => x.FullName).HasMaxLength(200);
        b.Property(x => x.PasswordHash).HasMaxLength(400);
        b.Property(x => x.Language).HasMaxLength(5);
        b.Property(x => x.Segment).HasMaxLength(100);
        b.Property(x => x.TimeZone).HasMaxLength(64);
        b.Property(x => x.SecurityStamp).HasMaxLength(64);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => x.EmailKey).IsUnique();
        b.HasIndex(x => x.TeamId);
        b.HasIndex(x => x.ManagerId);
        b.HasIndex(x => new { x.DepartmentId, x.Position });
        b.HasOne<Department>().WithMany().HasForeignKey(x => x.DepartmentId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Team>().WithMany().HasForeignKey(x => x.TeamId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<User>().WithMany().HasForeignKey(x => x.ManagerId).OnDelete(DeleteBehavior.Restrict);
    }
}
