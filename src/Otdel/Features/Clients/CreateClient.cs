using Microsoft.Extensions.Localization;
using Otdel.Data;
using Otdel.Platform;
using Otdel.Resources;

namespace Otdel.Features.Clients;

/// <summary>
/// Adds a company, a private person, or a contact person of a company the caller sees, owned by the caller or by someone
/// they see. A client that looks like one the caller already has (<see cref="ClientMatches"/>) is not made: the answer is
/// 409 with the look-alikes (<c>duplicateOf</c>), and the caller either opens one of them, merges, or sends
/// <c>allowDuplicate</c> to make it anyway — never a silent duplicate.
/// </summary>
public sealed class CreateClient(OtdelDb db, Access access, Errors errors, References refs, ClientMatches matches, IStringLocalizer<Text> t)
{
    public async Task<Outcome<ClientView>> Run(ClientInput input, long? companyId = null, CancellationToken ct = default)
    {
        companyId ??= input.CompanyId;
        var c = new Client { Name = "", CreatedAt = db.UtcNow, OwnerId = input.OwnerId ?? access.UserId, IsCompany = companyId is null };
        var present = new HashSet<string>(input.Sent, StringComparer.OrdinalIgnoreCase) { "name" };
        if (!ClientRules.Apply(c, input, present, errors)) return errors.ToFailure();
        if (companyId is { } cid)
        {
            if (ClientRules.KindOf(input.Kind) == ClientKind.Company) return errors.Add("kind", "Clients.CompanyOfCompany").ToFailure();
            var company = await refs.ClientAsync(cid, "companyId", ct);
            if (company is null) return errors.ToFailure();
            if (!company.IsCompany) return errors.Add("companyId", "Clients.NotACompany").ToFailure();
            c.CompanyId = company.Id;
        }
        if (c.IsDecisionMaker && c.CompanyId is null) return errors.Add("isDecisionMaker", "Clients.DecisionMakerNeedsCompany").ToFailure();
        if (c.OwnerId is { } owner && owner != access.UserId && await refs.OwnerAsync(owner, "ownerId", ct) is null) return errors.ToFailure();

        if (input.AllowDuplicate != true && await matches.FindAsync(c, ct) is { Count: > 0 } found)
            return new Failure(409, t["Clients.Duplicate"], null, new Dictionary<string, object?> { ["duplicateOf"] = found });

        if (c.IsDecisionMaker) await ClientContacts.ClearDecisionMakerAsync(db, c.CompanyId!.Value, null, ct);
        db.Clients.Add(c);
        await db.SaveChangesAsync(ct);
        return ClientView.Of(c);
    }
}
