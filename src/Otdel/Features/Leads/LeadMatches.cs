using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Features.Clients;
using Otdel.Platform;

namespace Otdel.Features.Leads;

/// <summary>
/// The leads and clients a lead looks like: the same phone (by digits, any format) or e-mail (any case) — the clients
/// through <see cref="ClientMatches"/> (any of a client's phones and e-mails). Only what the given person sees is compared,
/// so a match never tells anyone of another department's records.
/// </summary>
public static class LeadMatches
{
    public static async Task<List<LeadMatch>> FindAsync(OtdelDb db, Access access, Lead lead, CancellationToken ct)
    {
        var found = new List<LeadMatch>();
        var phone = lead.PhoneKey is { Length: >= 5 } p ? p : null;
        var email = lead.EmailKey;
        if (phone is null && email is null) return found;
        var id = lead.Id;
        var leads = await db.Leads.VisibleTo(access).AsNoTracking()
            .Where(x => x.Id != id && ((phone != null && x.PhoneKey == phone) || (email != null && x.EmailKey == email)))
            .OrderBy(x => x.Id).Take(ClientMatches.Shown).ToListAsync(ct);
        foreach (var l in leads)
            found.Add(new LeadMatch("lead", l.Id, l.Name, l.Phone, l.Email, By(phone != null && l.PhoneKey == phone, email != null && l.EmailKey == email)));
        var probe = new Client { Name = "", IsCompany = false, Phone = lead.Phone, Email = lead.Email };
        foreach (var c in await new ClientMatches(db, access).FindAsync(probe, ct))
        {
            var by = c.MatchedBy.Where(b => b is "phone" or "email").ToList();
            if (by.Count > 0) found.Add(new LeadMatch("client", c.Id, c.Name, c.Phone, c.Email, by));
        }
        return found;
    }

    static List<string> By(bool phone, bool email) => [.. phone ? ["phone"] : Array.Empty<string>(), .. email ? ["email"] : Array.Empty<string>()];

    /// <summary>Marks the lead with the first lead and the first client it looks like (for a person to decide).</summary>
    public static void Flag(Lead lead, IReadOnlyList<LeadMatch> matches)
    {
        lead.DuplicateOfLeadId = matches.FirstOrDefault(m => m.Kind == "lead")?.Id;
        lead.DuplicateOfClientId = matches.FirstOrDefault(m => m.Kind == "client")?.Id;
    }
}
