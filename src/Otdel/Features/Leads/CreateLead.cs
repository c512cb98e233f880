using Microsoft.Extensions.Localization;
using Otdel.Data;
using Otdel.Platform;
using Otdel.Resources;

namespace Otdel.Features.Leads;

/// <summary>
/// Adds a lead by hand or through the API, owned by the caller or someone they see. A lead that looks like a lead or a
/// client the caller already has (same phone or e-mail) is not made: 409 with <c>duplicateOf</c>; sending
/// <c>allowDuplicate</c> makes it anyway, flagged with what it looks like — never a silent duplicate.
/// </summary>
public sealed class CreateLead(OtdelDb db, Access access, Errors errors, References refs, IStringLocalizer<Text> t, LeadScores scores)
{
    public async Task<Outcome<LeadView>> Run(LeadInput input, CancellationToken ct = default)
    {
        var now = db.UtcNow;
        var l = new Lead { Name = "", ArrivedAt = now, CreatedAt = now, OwnerId = input.OwnerId ?? access.UserId, Status = LeadStatus.New };
        var present = new HashSet<string>(input.Sent, StringComparer.OrdinalIgnoreCase) { "name" };
        if (!LeadRules.Apply(l, input, present, now, errors)) return errors.ToFailure();
        if (!await LeadChannels.ResolveAsync(db, access, refs, l, input, present, ct)) return errors.ToFailure();
        if (l.OwnerId != access.UserId && await refs.OwnerAsync(l.OwnerId, "ownerId", ct) is null) return errors.ToFailure();

        var matches = await LeadMatches.FindAsync(db, access, l, ct);
        if (matches.Count > 0 && input.AllowDuplicate != true)
            return new Failure(409, t["Leads.Duplicate"], null, new Dictionary<string, object?> { ["duplicateOf"] = matches });
        LeadMatches.Flag(l, matches);
        await scores.ApplyAsync(l, ct);
        await scores.RescoreAsync(l.DuplicateOfLeadId, ct);
        db.Leads.Add(l);
        await db.SaveChangesAsync(ct);
        return LeadView.Of(l);
    }
}
