using Microsoft.EntityFrameworkCore;
using Otdel.Data;

namespace Otdel.Features.Clients;

/// <summary>The minimal client base a deal needs: a client is found by its name (case-insensitively) or added.</summary>
public static class FindOrCreateClient
{
    public static string KeyOf(string name) => name.Trim().ToLowerInvariant();

    /// <summary>An existing client, or a new tracked one the caller saves with the deal.</summary>
    public static async Task<Client> RunAsync(OtdelDb db, string name, long ownerId, DateTime now, CancellationToken ct)
    {
        var key = KeyOf(name);
        var found = await db.Clients.FirstOrDefaultAsync(c => c.NameKey == key, ct);
        if (found is not null) return found;
        var client = new Client { Name = name.Trim(), NameKey = key, OwnerId = ownerId, CreatedAt = now };
        db.Clients.Add(client);
        return client;
    }
}
