using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Platform;

namespace Otdel.Features.Deals;

/// <summary>Gives a deal an approval in the caller's position (finance, legal, head of sales…); "approval" conditions check it.</summary>
public sealed class ApproveDeal(OtdelDb db, Access access, Problems problems)
{
    public async Task<Outcome<ApprovalView>> Run(long dealId, string? comment, CancellationToken ct = default)
    {
        var deal = await db.Deals.VisibleTo(access).AsNoTracking().Where(d => d.Id == dealId).Select(d => new { d.OwnerId }).FirstOrDefaultAsync(ct);
        if (deal is null) return problems.NotFound();
        var position = access.User!.Position;
        var existing = await db.Approvals.AsNoTracking().FirstOrDefaultAsync(a => a.DealId == dealId && a.Position == position, ct);
        if (existing is not null) return ApprovalView.Of(existing);
        comment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        if (comment is { Length: > 1000 }) return problems.Bad("comment", "Error.TooLong", 1000);
        var a = new Approval { DealId = dealId, Position = position, ById = access.UserId, Comment = comment, At = db.UtcNow };
        db.Approvals.Add(a);
        await db.SaveChangesAsync(ct);
        return ApprovalView.Of(a);
    }
}
