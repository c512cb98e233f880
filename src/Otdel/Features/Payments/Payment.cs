using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Otdel.Features.Deals;
using Otdel.Features.Organisation;
using Otdel.Platform;

namespace Otdel.Features.Payments;

/// <summary>
/// Money received from the client on a deal — whole or in part (предоплата, остаток), on the day the bank says, in the
/// deal's currency. A payment typed by mistake is cancelled, not deleted: who cancelled it and when stay on the record,
/// and a cancelled payment counts nowhere.
/// </summary>
public sealed class Payment : Entity, IAudited
{
    public static string AuditName => "payment";
    public long DealId { get; set; }
    public decimal Amount { get; set; }
    public string Currency { get; set; } = "RUB";
    /// <summary>The day the money arrived (the bank statement's date), a calendar day of the department.</summary>
    public DateOnly ReceivedOn { get; set; }
    /// <summary>The payment order's number («№ п/п») or any reference the accountant gives.</summary>
    public string? Reference { get; set; }
    public string? Note { get; set; }
    public long RecordedById { get; set; }
    public DateTime RecordedAt { get; set; }
    public DateTime? CancelledAt { get; set; }
    public long? CancelledById { get; set; }
}

sealed class PaymentConfiguration : IEntityTypeConfiguration<Payment>
{
    public void Configure(EntityTypeBuilder<Payment> b)
    {
        b.ToTable("payments");
        b.Property(x => x.Amount).HasPrecision(18, 2);
        b.Property(x => x.Currency).HasMaxLength(3);
        b.Property(x => x.Reference).HasMaxLength(50);
        b.Property(x => x.Note).HasMaxLength(500);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => x.DealId);
        // Plans read the money received by day: a period's payments without walking every deal.
        b.HasIndex(x => x.ReceivedOn);
        b.HasIndex(x => x.RecordedById);
        b.HasIndex(x => x.CancelledById);
        b.HasOne<Deal>().WithMany().HasForeignKey(x => x.DealId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<User>().WithMany().HasForeignKey(x => x.RecordedById).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<User>().WithMany().HasForeignKey(x => x.CancelledById).OnDelete(DeleteBehavior.Restrict);
    }
}
