using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Features.Clients;

namespace Otdel.Features.Activities;

/// <summary>Activities follow a merged client to the kept one, in the merge's own save: the kept client's timeline holds both.</summary>
public sealed class ActivityClientLinks(OtdelDb db) : IClientLinks
{
    public async Task RelinkAsync(long fromClientId, long toClientId, CancellationToken ct)
    {
        foreach (var a in await db.Activities.Where(a => a.ClientId == fromClientId).ToListAsync(ct)) a.ClientId = toClientId;
    }
}
