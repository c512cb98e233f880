using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Otdel.Features.Organisation;
using Otdel.Platform;

namespace Otdel.Features.Plans;

/// <summary>A day of a production calendar as people marked it (working, short or a holiday), over the shipped data; who, when and why.</summary>
public sealed class CalendarDay : Entity
{
    /// <summary><see cref="ProductionCalendar.Keys"/>: "ru" or "mon-fri".</summary>
    public required string Calendar { get; set; }
    public DateOnly Day { get; set; }
    public DayKind Kind { get; set; }
    public string? Reason { get; set; }
    public long? ChangedById { get; set; }
    public DateTime ChangedAt { get; set; }
}

/// <summary>Which production calendar a department works by and its time zone (days of plans and facts are its days).</summary>
public sealed class DepartmentCalendar : Entity
{
    public long DepartmentId { get; set; }
    public required string Calendar { get; set; }
    /// <summary>An IANA zone id, such as Europe/Moscow or Asia/Yekaterinburg.</summary>
    public required string TimeZone { get; set; }
}

sealed class CalendarDayConfiguration : IEntityTypeConfiguration<CalendarDay>
{
    public void Configure(EntityTypeBuilder<CalendarDay> b)
    {
        b.ToTable("calendar_days");
        b.Property(x => x.Calendar).HasMaxLength(10);
        b.Property(x => x.Kind).HasConversion<SnakeCaseEnum<DayKind>>().HasMaxLength(10);
        b.Property(x => x.Reason).HasMaxLength(500);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.Calendar, x.Day }).IsUnique();
        b.HasOne<User>().WithMany().HasForeignKey(x => x.ChangedById).OnDelete(DeleteBehavior.SetNull);
    }
}

sealed class DepartmentCalendarConfiguration : IEntityTypeConfiguration<DepartmentCalendar>
{
    public void Configure(EntityTypeBuilder<DepartmentCalendar> b)
    {
        b.ToTable("department_calendars");
        b.Property(x => x.Calendar).HasMaxLength(10);
        b.Property(x => x.TimeZone).HasMaxLength(64);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => x.DepartmentId).IsUnique();
        b.HasOne<Department>().WithMany().HasForeignKey(x => x.DepartmentId).OnDelete(DeleteBehavior.Cascade);
    }
}
