using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Platform;

namespace Otdel.Features.Clients;

/// <summary>
/// Changes a client the caller sees (PATCH: only the fields sent), with the version they read. A contact may move to
/// another company the caller sees or leave it (<c>companyId: null</c>); a company with contacts stays a company.
/// </summary>
public sealed class UpdateClient(OtdelDb db, Access access, Errors errors, Problems problems, References refs)
{
    public async Task<Outcome<ClientView>> Run(long id, ClientInput input, IReadOnlySet<string> present, CancellationToken ct = default)
    {
        var c = await db.Clients.VisibleTo(access).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (c is null) return problems.NotFound();
        if (input.Version is null) return errors.Add("version", "Error.Required").ToFailure();
        if (input.Version != c.Version) return problems.Stale(ClientView.Of(c));
        if (!ClientRules.Apply(c, input, present, errors)) return errors.ToFailure();

        if (present.Contains("companyId"))
        {
            if (input.CompanyId is { } cid)
            {
                var company = await refs.ClientAsync(cid, "companyId", ct);
                if (company is null) return errors.ToFailure();
                if (!company.IsCompany || company.Id == c.Id) return errors.Add("companyId", "Clients.NotACompany").ToFailure();
                c.CompanyId = company.Id;
                c.IsCompany = false;
            }
            else c.CompanyId = null;
        }
        if (c.IsCompany && c.CompanyId is not null) return errors.Add("kind", "Clients.CompanyOfCompany").ToFailure();
        if (!c.IsCompany && await db.Clients.AnyAsync(x => x.CompanyId == c.Id, ct)) return errors.Add("kind", "Clients.HasContacts").ToFailure();
        if (c.IsDecisionMaker && c.CompanyId is null) return errors.Add("isDecisionMaker", "Clients.DecisionMakerNeedsCompany").ToFailure();
        if (present.Contains("ownerId"))
        {
            if (input.OwnerId is not { } owner) return errors.Add("ownerId", "Error.Required").ToFailure();
            if (owner != c.OwnerId && await refs.OwnerAsync(owner, "ownerId", ct) is null) return errors.ToFailure();
            c.OwnerId = owner;
        }
        if (c.IsDecisionMaker && (present.Contains("isDecisionMaker") || present.Contains("companyId")))
            await ClientContacts.ClearDecisionMakerAsync(db, c.CompanyId!.Value, c.Id, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            var now = await db.Clients.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
            return now is null ? problems.NotFound() : problems.Stale(ClientView.Of(now));
        }
        return ClientView.Of(c);
    }
}
