using Microsoft.EntityFrameworkCore;
using Otdel.Data;

namespace Otdel.Features.Clients;

/// <summary>The contact people of a company (clients with its <c>companyId</c>), and its one decision maker.</summary>
public static class ClientContacts
{
    /// <summary>Unmarks the company's current decision maker (tracked, saved with the new one): a company has one ЛПР.</summary>
    public static async Task ClearDecisionMakerAsync(OtdelDb db, long companyId, long? except, CancellationToken ct)
    {
        var current = await db.Clients.Where(x => x.CompanyId == companyId && x.IsDecisionMaker && x.Id != except).ToListAsync(ct);
        foreach (var x in current) x.IsDecisionMaker = false;
    }
}
