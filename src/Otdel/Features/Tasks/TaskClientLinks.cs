using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Features.Clients;

namespace Otdel.Features.Tasks;

/// <summary>Tasks follow a merged client to the kept one, in the merge's own save.</summary>
public sealed class TaskClientLinks(OtdelDb db) : IClientLinks
{
    public async Task RelinkAsync(long fromClientId, long toClientId, CancellationToken ct)
    {
        foreach (var t in await db.Tasks.Where(t => t.ClientId == fromClientId).ToListAsync(ct)) t.ClientId = toClientId;
    }
}
