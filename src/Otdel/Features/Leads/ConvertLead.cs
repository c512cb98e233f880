using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Features.Clients;
using Otdel.Features.Deals;
using Otdel.Platform;

namespace Otdel.Features.Leads;

/// <summary>
/// Converts a lead: links the client (the one named, else the client the lead matched, else a new one made of the lead's
/// company or name, phone and e-mail) and opens a deal in the chosen pipeline through <see cref="CreateDeal"/> — all or
/// nothing. The lead keeps its channel, campaign and owner (the hunter) and records the client and the deal, which is
/// how the channel and the hunter are credited with it.
/// </summary>
public sealed class ConvertLead(OtdelDb db, Access access, Errors errors, Problems problems, References refs, CreateDeal createDeal)
{
    public async Task<Outcome<DealView>> Run(long id, ConvertInput input, CancellationToken ct = default)
    {
        var l = await db.Leads.VisibleTo(access).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (l is null) return problems.NotFound();
        if (input.Version is null) return errors.Add("version", "Error.Required").ToFailure();
        if (input.Version != l.Version) return problems.Stale(LeadView.Of(l));
        if (input.PipelineId is null) return errors.Add("pipelineId", "Error.Required").ToFailure();
        if (l.Status is LeadStatus.Converted or LeadStatus.Disqualified)
            return errors.Add("status", l.Status == LeadStatus.Converted ? "Leads.AlreadyConverted" : "Leads.DisqualifiedNoConvert").ToFailure();
        if (await refs.PipelineAsync(input.PipelineId.Value, "pipelineId", ct) is null) return errors.ToFailure();
        errors.Money("amount", input.Amount);
        if (input.Amount < 0) errors.Add("amount", "Error.BadValue");
        if (errors.Any) return errors.ToFailure();

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        Client? client;
        if (input.ClientId is { } cid)
        {
            client = await refs.ClientAsync(cid, "clientId", ct);
            if (client is null) return errors.ToFailure();
        }
        else
        {
            client = l.DuplicateOfClientId is { } dup ? await db.Clients.VisibleTo(access).FirstOrDefaultAsync(c => c.Id == dup, ct) : null;
            if (client is null)
            {
                client = new Client { Name = l.Company ?? l.Name, IsCompany = l.Company is not null, OwnerId = l.OwnerId, CreatedAt = db.UtcNow };
                if (l.Company is null) { client.Phone = l.Phone; client.Email = l.Email; }
                db.Clients.Add(client);
                await db.SaveChangesAsync(ct);
                if (l.Company is not null && (l.Phone is not null || l.Email is not null))
                {
                    db.Clients.Add(new Client
                    {
                        Name = l.Name == l.Company ? l.Email ?? l.Phone ?? l.Name : l.Name, IsCompany = false, CompanyId = client.Id,
                        Phone = l.Phone, Email = l.Email, OwnerId = l.OwnerId, CreatedAt = db.UtcNow,
                    });
                    await db.SaveChangesAsync(ct);
                }
            }
        }
        var deal = await createDeal.Run(new DealInput
        {
            Title = l.Company ?? l.Name, Amount = input.Amount ?? 0, Currency = "RUB", PipelineId = input.PipelineId, ClientId = client.Id,
            Source = l.Source,
        }, ct);
        if (!deal.Ok) { db.ChangeTracker.Clear(); return deal.Failure!; }
        l.Status = LeadStatus.Converted;
        l.ClientId = client.Id;
        l.DealId = deal.Value!.Id;
        l.ConvertedAt = db.UtcNow;
        var saved = await UpdateLead.SaveAsync(db, problems, l, id, ct);
        if (!saved.Ok) return saved.Failure!;
        await tx.CommitAsync(ct);
        return deal.Value;
    }
}
