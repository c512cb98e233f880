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
        // The look-alike rule of the client base: «ООО "Ромашка"» typed on a deal is the «Ромашка» already there.
        var match = Client.MatchKeyOf(name);
        var named = match.Length == 0 ? db.Clients.Where(c => c.NameKey == key) : db.Clients.Where(c => c.NameKey == key || c.MatchKey == match);
        // Most deals name a client nobody has yet: asked by the two keys' indexes alone first. With the caller's sight in it
        // the query is one PostgreSQL plans afresh on every run (a custom plan for the owner list), 2–8 ms on every other deal.
        Client? found = null;
        if (await named.AnyAsync(ct))
        {
            // Null access is the system itself (the demo seed), which sees every client. The same name first, else the oldest look-alike.
            var visible = access is null ? named : named.VisibleTo(access);
            found = await visible.OrderBy(c => c.NameKey == key ? 0 : 1).ThenBy(c => c.Id).FirstOrDefaultAsync(ct);
        }
        if (found is not null) return found;
        var client = new Client { Name = name.Trim(), NameKey = key, OwnerId = ownerId, CreatedAt = now };
        db.Clients.Add(client);
        return client;
    }
}
