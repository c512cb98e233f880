using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Platform;

namespace Otdel.Features.Leads;

/// <summary>
/// Changes a lead the caller sees (PATCH: only the fields sent) with the version they read: its contact, channel and
/// campaign, owner, and when it was first contacted (the response time). The status changes by <see cref="ChangeLeadStatus"/>.
/// </summary>
public sealed class UpdateLead(OtdelDb db, Access access, Errors errors, Problems problems, References refs, LeadScores scores)
{
    public async Task<Outcome<LeadView>> Run(long id, LeadInput input, IReadOnlySet<string> present, CancellationToken ct = default)
    {
        var l = await db.Leads.VisibleTo(access).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (l is null) return problems.NotFound();
        if (input.Version is null) return errors.Add("version", "Error.Required").ToFailure();
        if (input.Version != l.Version) return problems.Stale(LeadView.Of(l));
        if (!LeadRules.Apply(l, input, present, db.UtcNow, errors)) return errors.ToFailure();
        if (!await LeadChannels.ResolveAsync(db, access, refs, l, input, present, ct)) return errors.ToFailure();
        if (present.Contains("ownerId"))
        {
            if (input.OwnerId is not { } owner) return errors.Add("ownerId", "Error.Required").ToFailure();
            if (owner != l.OwnerId && await refs.OwnerAsync(owner, "ownerId", ct) is null) return errors.ToFailure();
            l.OwnerId = owner;
        }
        if (present.Contains("phone") || present.Contains("email"))
            LeadMatches.Flag(l, await LeadMatches.FindAsync(db, access, l, ct));
        await scores.ApplyAsync(l, ct);
        return await SaveAsync(db, problems, l, id, ct);
    }

    public static async Task<Outcome<LeadView>> SaveAsync(OtdelDb db, Problems problems, Lead l, long id, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            var now = await db.Leads.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
            return now is null ? problems.NotFound() : problems.Stale(LeadView.Of(now));
        }
        return LeadView.Of(l);
    }
}
