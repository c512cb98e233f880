using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Platform;

namespace Otdel.Features.Clients;

/// <summary>
/// The minimal client base a deal needs: a client the caller sees is found by its name (case-insensitively, else without
/// legal form, quotes and punctuation — the look-alike rule), or a new one is added — another team's client of the same
/// name is never linked (de-duplication across teams is the client base's job: it flags, it does not silently merge).
/// </summary>
public static class FindOrCreateClient
{
    public static string KeyOf(string name) => name.Trim().ToLowerInvariant();

    /// <summary>An existing client, or a new tracked one the caller saves with the deal.</summary>
    public static async Task<Client> RunAsync(OtdelDb db, Access? access, string name, long ownerId, DateTime now, CancellationToken ct)
    {
        var key = KeyOf(name);
        // Null access is the system itself (the demo seed), which sees every client.
        var clients = access is null ? db.Clients : db.Clients.VisibleTo(access);
        var found = await clients.FirstOrDefaultAsync(c => c.NameKey == key, ct);
        if (found is not null) return found;
        // The look-alike rule of the client base: «ООО "Ромашка"» typed on a deal is the «Ромашка» already there.
        var match = Client.MatchKeyOf(name);
        if (match.Length > 0 && await clients.Where(c => c.MatchKey == match).OrderBy(c => c.Id).FirstOrDefaultAsync(ct) is { } alike) return alike;
        var client = new Client { Name = name.Trim(), NameKey = key, OwnerId = ownerId, CreatedAt = now };
        db.Clients.Add(client);
        return client;
    }
}
