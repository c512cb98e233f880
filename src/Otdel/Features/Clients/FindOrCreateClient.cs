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
        // The look-alike rule of the client base: «ООО "Ромашка"» typed on a deal is the «Ромашка» already there.
        // One query for both (a deal for a new client paid two): the same name first, else the oldest look-alike.
        var match = Client.MatchKeyOf(name);
        var found = match.Length == 0
            ? await clients.Where(c => c.NameKey == key).OrderBy(c => c.Id).FirstOrDefaultAsync(ct)
            : await clients.Where(c => c.NameKey == key || c.MatchKey == match)
                .OrderBy(c => c.NameKey == key ? 0 : 1).ThenBy(c => c.Id).FirstOrDefaultAsync(ct);
        if (found is not null) return found;
        var client = new Client { Name = name.Trim(), NameKey = key, OwnerId = ownerId, CreatedAt = now };
        db.Clients.Add(client);
        return client;
    }
}
