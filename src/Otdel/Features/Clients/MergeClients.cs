using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Features.Audit;
using Otdel.Platform;

namespace Otdel.Features.Clients;

/// <summary>
/// Merges a duplicate into the client kept: every deal and contact of the other moves to the kept one, blank details
/// of the kept one are filled from the other (its phones and e-mails join the kept one's), the kept client's history
/// records the merge, and the other is deleted — all in one save. Both must be the caller's to see and of one kind; a
/// client with deals the caller does not see is not merged by them (the deals would move unseen): their head does it.
/// </summary>
public sealed class MergeClients(OtdelDb db, Access access, Errors errors, Problems problems, References refs, IClientDeals deals,
    IEnumerable<IClientLinks> links)
{
    public async Task<Outcome<ClientView>> Run(long keepId, MergeInput input, CancellationToken ct = default)
    {
        var keep = await db.Clients.VisibleTo(access).FirstOrDefaultAsync(x => x.Id == keepId, ct);
        if (keep is null) return problems.NotFound();
        if (input.Version is { } v && v != keep.Version) return problems.Stale(ClientView.Of(keep));
        if (input.OtherId is not { } otherId) return errors.Add("otherId", "Error.Required").ToFailure();
        if (otherId == keepId) return errors.Add("otherId", "Clients.MergeSelf").ToFailure();
        var other = await refs.ClientAsync(otherId, "otherId", ct);
        if (other is null) return errors.ToFailure();
        if (other.IsCompany != keep.IsCompany) return errors.Add("otherId", "Clients.MergeKinds").ToFailure();
        if (keep.CompanyId == other.Id) return errors.Add("otherId", "Clients.MergeKinds").ToFailure();
        if (await deals.AnyHiddenAsync(other.Id, ct)) return problems.Conflict("otherId", "Clients.MergeHiddenDeals");

        var movedDeals = await deals.MoveAsync(other.Id, keep, ct);
        var contacts = await db.Clients.Where(x => x.CompanyId == other.Id).ToListAsync(ct);
        var keepHasDecisionMaker = await db.Clients.AnyAsync(x => x.CompanyId == keep.Id && x.IsDecisionMaker, ct);
        foreach (var x in contacts)
        {
            x.CompanyId = keep.Id;
            // The kept company's own decision maker stays the one.
            if (keepHasDecisionMaker) x.IsDecisionMaker = false;
        }
        foreach (var link in links) await link.RelinkAsync(other.Id, keep.Id, ct);
        foreach (var date in await db.Set<ClientDate>().Where(x => x.ClientId == other.Id).ToListAsync(ct)) date.ClientId = keep.Id;
        FillBlanks(keep, other);
        db.Clients.Remove(other);
        var actor = db.Actor;
        db.Audit.Add(new AuditEntry
        {
            Entity = Client.AuditName, EntityId = keep.Id, Action = "merged", Field = "client",
            OldValue = $"{other.Name} (#{other.Id})",
            NewValue = JsonSerializer.Serialize(new { deals = movedDeals, contacts = contacts.Count }),
            UserId = actor.UserId, UserName = actor.Name, Channel = actor.Channel, At = db.UtcNow,
        });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            var now = await db.Clients.AsNoTracking().FirstOrDefaultAsync(x => x.Id == keepId, ct);
            return now is null ? problems.NotFound() : problems.Stale(ClientView.Of(now));
        }
        return ClientView.Of(keep);
    }

    static void FillBlanks(Client keep, Client other)
    {
        keep.Inn ??= other.Inn;
        keep.Kpp ??= other.Kpp;
        keep.Industry ??= other.Industry;
        keep.Size ??= other.Size;
        keep.Region ??= other.Region;
        keep.Website ??= other.Website;
        keep.Position ??= other.Position;
        keep.Birthday ??= other.Birthday;
        keep.Messengers ??= other.Messengers;
        keep.OwnerId ??= other.OwnerId;
        keep.CompanyId ??= other.CompanyId;
        keep.Phone ??= other.Phone;
        keep.Email ??= other.Email;
        keep.OtherPhones = Joined(keep.Phones, other.Phones, keep.Phone, Client.PhoneKeyOf, 300);
        keep.OtherEmails = Joined(keep.Emails, other.Emails, keep.Email, Client.EmailKeyOf, 1000);
    }

    /// <summary>Both clients' further phones (or e-mails) without the kept main one and without repeats, as far as the column holds.</summary>
    static string? Joined(IEnumerable<string> mine, IEnumerable<string> theirs, string? main, Func<string?, string?> key, int max)
    {
        var seen = new HashSet<string?> { key(main) };
        var lines = new List<string>();
        foreach (var x in mine.Concat(theirs))
        {
            if (!seen.Add(key(x))) continue;
            if (lines.Sum(l => l.Length + 1) + x.Length > max || lines.Count >= ClientRules.MaxOthers * 2) break;
            lines.Add(x);
        }
        return lines.Count == 0 ? null : string.Join('\n', lines);
    }
}
