using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Otdel.Platform;

namespace Otdel.Features.Clients;

/// <summary>
/// A client's important date besides a person's birthday (issue 10 item 7): «Годовщина договора», «День компании»… —
/// every year on the same day, or once. Its owner hears of it ahead, as of a birthday (Notifications' DateReminders).
/// </summary>
public sealed class ClientDate : Entity
{
    public const int MaxTitle = 100;
    public const int MaxNote = 500;

    public long ClientId { get; set; }
    public required string Title { get; set; }
    /// <summary>The day itself; for a yearly date, the first year it happened (a contract's signing).</summary>
    public DateOnly Date { get; set; }
    public bool Yearly { get; set; } = true;
    public string? Note { get; set; }
}

sealed class ClientDateConfiguration : IEntityTypeConfiguration<ClientDate>
{
    public void Configure(EntityTypeBuilder<ClientDate> b)
    {
        b.ToTable("client_dates");
        b.Property(x => x.Title).HasMaxLength(ClientDate.MaxTitle);
        b.Property(x => x.Note).HasMaxLength(ClientDate.MaxNote);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => x.ClientId);
        b.HasOne<Client>().WithMany().HasForeignKey(x => x.ClientId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>When an important date next comes round; a yearly 29 February falls on the 28th in other years.</summary>
public static class ImportantDates
{
    /// <summary>The date's day in a year (29 February on the 28th when the year has none).</summary>
    public static DateOnly InYear(DateOnly date, int year) =>
        date is { Month: 2, Day: 29 } && !DateTime.IsLeapYear(year) ? new DateOnly(year, 2, 28) : new DateOnly(year, date.Month, date.Day);

    /// <summary>The next yearly occurrence on or after <paramref name="today"/>.</summary>
    public static DateOnly Next(DateOnly date, DateOnly today)
    {
        var d = InYear(date, today.Year);
        return d >= today ? d : InYear(date, today.Year + 1);
    }

    /// <summary>The next occurrence on or after today; null for a one-time date that has passed.</summary>
    public static DateOnly? Next(DateOnly date, bool yearly, DateOnly today) =>
        yearly ? Next(date, today) : date >= today ? date : null;
}
