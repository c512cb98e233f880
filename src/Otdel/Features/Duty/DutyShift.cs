using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Otdel.Features.Organisation;
using Otdel.Platform;

namespace Otdel.Features.Duty;

/// <summary>Inbound: takes incoming calls and the leads that arrive; outbound: calls out (a block of cold or repeat calls).</summary>
public enum DutyKind { Inbound, Outbound }

/// <summary>
/// One hour block of a department's weekly duty roster (issue 11 item 5): who is on which duty on a weekday (1 Monday …
/// 7 Sunday) from <see cref="StartMinute"/> to <see cref="EndMinute"/>, minutes of the day in the department's zone.
/// </summary>
public sealed class DutyShift : Entity
{
    public long DepartmentId { get; set; }
    public long UserId { get; set; }
    public DutyKind Kind { get; set; }
    public int Weekday { get; set; }
    public int StartMinute { get; set; }
    public int EndMinute { get; set; }
}

sealed class DutyShiftConfiguration : IEntityTypeConfiguration<DutyShift>
{
    public void Configure(EntityTypeBuilder<DutyShift> b)
    {
        b.ToTable("duty_shifts");
        b.Property(x => x.Kind).HasConversion<SnakeCaseEnum<DutyKind>>().HasMaxLength(10);
        b.HasIndex(x => new { x.DepartmentId, x.Weekday });
        b.HasIndex(x => x.UserId);
        b.HasOne<Department>().WithMany().HasForeignKey(x => x.DepartmentId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
