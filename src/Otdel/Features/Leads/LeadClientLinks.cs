using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Features.Clients;

namespace Otdel.Features.Leads;

/// <summary>Leads follow a merged client to the kept one (their client and their "duplicate of" flag).</summary>
public sealed class LeadClientLinks(OtdelDb db) : IClientLinks
{
    public async Task RelinkAsync(long fromClientId, long toClientId, CancellationToken ct)
    {
        var leads = await db.Leads.Where(l => l.ClientId == fromClientId || l.DuplicateOfClientId == fromClientId).ToListAsync(ct);
        foreach (var l in leads)
        {
            if (l.ClientId == fromClientId) l.ClientId = toClientId;
            if (l.DuplicateOfClientId == fromClientId) l.DuplicateOfClientId = toClientId;
        }
    }
}
