using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Features.Deals;
using Otdel.Platform;

namespace Otdel.Features.Payments;

public sealed record PaymentInput(decimal? Amount = null, DateOnly? ReceivedOn = null, string? Reference = null, string? Note = null);

public sealed record PaymentView(long Id, long DealId, decimal Amount, string Currency, DateOnly ReceivedOn, string? Reference, string? Note,
    long RecordedById, string RecordedByName, DateTime RecordedAt, bool Cancelled, DateTime? CancelledAt, long? CancelledById);

/// <summary>
/// A deal's payments and where it stands: paid = the payments not cancelled; remaining = the deal's amount less that
/// (never below zero); <c>canRecord</c> says whether the caller may add one now (may change the deal, and it is not lost).
/// </summary>
public sealed record DealPaymentsView(long DealId, string Currency, decimal DealAmount, decimal Paid, decimal Remaining, bool CanRecord,
    IReadOnlyList<PaymentView> Items);

/// <summary>
/// Money received on a deal. Recorded by whoever may change the deal (its owner and those who see the owner); read by
/// whoever may read it. Refused, by field: no amount or not above zero, more than two decimals, a day in the future or
/// out of range, more than the deal's amount has left to pay (a typo's extra zero), a lost deal.
/// </summary>
public sealed class DealPayments(OtdelDb db, Access access, Errors errors, Problems problems, LocalTime local, TimeProvider clock,
    IEnumerable<IPaymentEvents> listeners)
{
    public const int ReferenceMax = 50, NoteMax = 500;

    public async Task<Outcome<DealPaymentsView>> ListAsync(long dealId, CancellationToken ct = default)
    {
        var deal = await db.Deals.ReadableBy(access).AsNoTracking().Where(d => d.Id == dealId)
            .Select(d => new { d.Amount, d.Currency, d.Status }).FirstOrDefaultAsync(ct);
        if (deal is null) return problems.NotFound();
        var canRecord = deal.Status != DealStatus.Lost && await db.Deals.VisibleTo(access).AnyAsync(d => d.Id == dealId, ct);
        var rows = await (from p in db.Set<Payment>().AsNoTracking()
                          where p.DealId == dealId
                          join u in db.Users on p.RecordedById equals u.Id
                          orderby p.ReceivedOn, p.Id
                          select new { p, u.FullName }).ToListAsync(ct);
        var items = rows.Select(r => View(r.p, r.FullName)).ToList();
        var paid = rows.Where(r => r.p.CancelledAt == null).Sum(r => r.p.Amount);
        return new DealPaymentsView(dealId, deal.Currency, deal.Amount, paid, Math.Max(0, deal.Amount - paid), canRecord, items);
    }

    public async Task<Outcome<PaymentView>> AddAsync(long dealId, PaymentInput input, CancellationToken ct = default)
    {
        var deal = await db.Deals.VisibleTo(access).AsNoTracking().FirstOrDefaultAsync(d => d.Id == dealId, ct);
        if (deal is null) return problems.NotFound();
        if (deal.Status == DealStatus.Lost) return problems.Bad("dealId", "Payments.DealLost");

        var today = DateOnly.FromDateTime(local.Now(clock));
        var on = input.ReceivedOn ?? today;
        if (input.Amount is not { } amount) errors.Add("amount", "Error.Required");
        else if (amount <= 0) errors.Add("amount", "Payments.AmountPositive");
        else errors.Money("amount", amount);
        errors.Date("receivedOn", on);
        if (on > today) errors.Add("receivedOn", "Payments.InFuture");
        errors.MaxLength("reference", input.Reference?.Trim(), ReferenceMax).MaxLength("note", input.Note?.Trim(), NoteMax);
        if (errors.Any) return errors.ToFailure();

        var paid = await db.Set<Payment>().Where(p => p.DealId == dealId && p.CancelledAt == null).SumAsync(p => (decimal?)p.Amount, ct) ?? 0;
        var left = Math.Max(0, deal.Amount - paid);
        if (input.Amount!.Value > left)
            return problems.Bad("amount", left == 0 ? "Payments.NothingLeft" : "Payments.OverDeal", Localisation.Money(left, deal.Currency));

        var payment = new Payment
        {
            DealId = dealId, Amount = input.Amount.Value, Currency = deal.Currency, ReceivedOn = on,
            Reference = Blank(input.Reference), Note = Blank(input.Note), RecordedById = access.UserId, RecordedAt = db.UtcNow,
        };
        db.Add(payment);
        foreach (var l in listeners) l.Received(deal, payment);
        await db.SaveChangesAsync(ct);
        var name = await db.Users.Where(u => u.Id == access.UserId).Select(u => u.FullName).FirstAsync(ct);
        return View(payment, name);
    }

    /// <summary>Cancels a payment typed by mistake; it stays on the deal, struck out, with who cancelled it. Twice is once.</summary>
    public async Task<Outcome<PaymentView>> CancelAsync(long dealId, long paymentId, CancellationToken ct = default)
    {
        if (!await db.Deals.VisibleTo(access).AnyAsync(d => d.Id == dealId, ct)) return problems.NotFound();
        var payment = await db.Set<Payment>().FirstOrDefaultAsync(p => p.Id == paymentId && p.DealId == dealId, ct);
        if (payment is null) return problems.NotFound();
        if (payment.CancelledAt is null)
        {
            payment.CancelledAt = db.UtcNow;
            payment.CancelledById = access.UserId;
            await db.SaveChangesAsync(ct);
        }
        var name = await db.Users.Where(u => u.Id == payment.RecordedById).Select(u => u.FullName).FirstAsync(ct);
        return View(payment, name);
    }

    static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    static PaymentView View(Payment p, string recordedBy) => new(p.Id, p.DealId, p.Amount, p.Currency, p.ReceivedOn, p.Reference, p.Note,
        p.RecordedById, recordedBy, p.RecordedAt, p.CancelledAt is not null, p.CancelledAt, p.CancelledById);
}

/// <summary>
/// Told of a payment just before it is saved, so a listener (automation's outbox) adds its rows to the same unit of
/// work: they commit with the payment or not at all.
/// </summary>
public interface IPaymentEvents
{
    void Received(Deal deal, Payment payment);
}
