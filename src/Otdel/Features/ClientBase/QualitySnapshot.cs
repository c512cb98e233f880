using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Otdel.Features.Organisation;
using Otdel.Platform;

namespace Otdel.Features.ClientBase;

/// <summary>
/// The client base's quality of one owner's accounts in one department for one month, as counted at the month's end (or
/// at the first computation after it) — so a past month keeps its own completeness when the records change later. The
/// counts are kept, not only the score, so anyone's view (a seller's own row, a head's department, a director's company)
/// is added up from the rows they may see. <c>OwnerId</c> null: the accounts nobody owns (company-wide, no department).
/// <c>Key</c> = "department:owner" (0 for none) makes one row per department, owner and month unique on both engines.
/// </summary>
public sealed class QualitySnapshot : Entity
{
    public DateOnly Month { get; set; }
    public long? DepartmentId { get; set; }
    public long? OwnerId { get; set; }
    public required string Key { get; set; }
    public int StaleDays { get; set; }
    public DateTime AsOf { get; set; }
    public DateTime TakenAt { get; set; }
    public int Clients { get; set; }
    public int WithPhone { get; set; }
    public int WithEmail { get; set; }
    public int Companies { get; set; }
    public int WithDecisionMaker { get; set; }
    public int WithIndustry { get; set; }
    public int Stale { get; set; }
    public int Duplicates { get; set; }
    public int? Score { get; set; }

    public static string KeyOf(long? departmentId, long? ownerId) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{departmentId ?? 0}:{ownerId ?? 0}");
}

sealed class QualitySnapshotConfiguration : IEntityTypeConfiguration<QualitySnapshot>
{
    public void Configure(EntityTypeBuilder<QualitySnapshot> b)
    {
        b.ToTable("client_quality_snapshots");
        b.Property(x => x.Key).HasMaxLength(41);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.Month, x.Key }).IsUnique();
        b.HasIndex(x => x.DepartmentId);
        b.HasIndex(x => x.OwnerId);
        b.HasOne<Department>().WithMany().HasForeignKey(x => x.DepartmentId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<User>().WithMany().HasForeignKey(x => x.OwnerId).OnDelete(DeleteBehavior.Cascade);
    }
}
