using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Otdel.Data;
using Otdel.Features.Organisation;
using Otdel.Platform;

namespace Otdel.Features.Notifications;

/// <summary>
/// How many days before a client's birthday or important date its owner hears of it, for one department (0: not at
/// all). A department without a row has the installation's Otdel:BirthdayReminderDays.
/// </summary>
public sealed class DateReminderDays : Entity
{
    public const int Max = 60;

    public long DepartmentId { get; set; }
    public int Days { get; set; }
    public long UpdatedById { get; set; }
    public DateTime UpdatedAt { get; set; }
}

sealed class DateReminderDaysConfiguration : IEntityTypeConfiguration<DateReminderDays>
{
    public void Configure(EntityTypeBuilder<DateReminderDays> b)
    {
        b.ToTable("date_reminder_days");
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => x.DepartmentId).IsUnique();
        b.HasOne<Department>().WithMany().HasForeignKey(x => x.DepartmentId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<User>().WithMany().HasForeignKey(x => x.UpdatedById).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>A department's days ahead: <c>isDefault</c> when it keeps none and the installation's number applies.</summary>
public sealed record DateReminderDaysView(long DepartmentId, int Days, bool IsDefault, int Version);

public sealed record DateReminderDaysInput(long? DepartmentId, int? Days, int? Version);

/// <summary>
/// Reads and sets a department's days ahead for birthdays and important dates (GET/PUT
/// /api/v1/notifications/date-reminders, the notifications page). Everyone reads their own department's (and those
/// they see); its head — or a company-wide role — sets it.
/// </summary>
public sealed class SaveDateReminderDays(OtdelDb db, Access access, Errors errors, Problems problems, References refs, IConfiguration config)
{
    /// <summary>The installation's default (Otdel:BirthdayReminderDays, 3; 0 = off).</summary>
    public static int DefaultOf(IConfiguration config) => Math.Clamp(config.GetValue("Otdel:BirthdayReminderDays", 3), 0, DateReminderDays.Max);

    public async Task<Outcome<DateReminderDaysView>> ReadAsync(long? departmentId, CancellationToken ct = default)
    {
        if (departmentId is { } d && await refs.DepartmentAsync(d, "departmentId", ct) is null) return errors.ToFailure();
        if ((departmentId ?? access.User?.DepartmentId) is not { } dep) return errors.Add("departmentId", "Error.Required").ToFailure();
        var row = await db.Set<DateReminderDays>().AsNoTracking().FirstOrDefaultAsync(x => x.DepartmentId == dep, ct);
        return View(dep, row);
    }

    /// <summary>Whether the caller may set a department's number: its head (or their deputy), or a company-wide role.</summary>
    public bool MayChange(long departmentId) => access.Scope == Scope.All || (access.RunsDepartment && departmentId == access.User?.DepartmentId);

    public async Task<Outcome<DateReminderDaysView>> SaveAsync(DateReminderDaysInput input, CancellationToken ct = default)
    {
        if (input.DepartmentId is { } d && await refs.DepartmentAsync(d, "departmentId", ct) is null) return errors.ToFailure();
        if ((input.DepartmentId ?? access.User?.DepartmentId) is not { } dep) return errors.Add("departmentId", "Error.Required").ToFailure();
        if (!MayChange(dep)) return problems.Forbidden();
        if (input.Days is not { } days) errors.Add("days", "Error.Required");
        else if (days is < 0 or > DateReminderDays.Max) errors.Add("days", "Notifications.Dates.DaysRange", DateReminderDays.Max);
        if (errors.Any) return errors.ToFailure();

        var row = await db.Set<DateReminderDays>().FirstOrDefaultAsync(x => x.DepartmentId == dep, ct);
        if (row is not null && input.Version is { } v && v != row.Version) return problems.Stale(View(dep, row));
        if (row is null) db.Add(row = new DateReminderDays { DepartmentId = dep });
        row.Days = input.Days!.Value;
        row.UpdatedById = access.UserId;
        row.UpdatedAt = db.UtcNow;
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException) { db.ChangeTracker.Clear(); return problems.Stale(); }
        return View(dep, row);
    }

    DateReminderDaysView View(long dep, DateReminderDays? row) =>
        row is null ? new(dep, DefaultOf(config), true, 0) : new(dep, row.Days, false, row.Version);
}
