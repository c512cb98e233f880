using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Features.Clients;
using Otdel.Features.Deals;
using Otdel.Platform;

namespace Otdel.Features.Search;

/// <summary>
/// The top bar's search: deals by title or client, clients by name, INN, email or phone (typed in any format),
/// and people of the caller's department by name — each group limited to what the caller may see, newest first.
/// </summary>
public sealed class SearchEverything(OtdelDb db, Access access, Errors errors)
{
    public const int GroupSize = 20;
    public const int MaxQuery = 200;
    /// <summary>People are filtered in .NET (names have no lower-cased column); a department has far fewer.</summary>
    const int PeopleLoaded = 500;

    public async Task<Outcome<SearchResults>> Run(string? query, CancellationToken ct = default)
    {
        errors.Required("q", query).MaxLength("q", query, MaxQuery);
        if (errors.Any) return errors.ToFailure();
        var q = query!.Trim();
        // Keys are stored lower-cased in .NET (SQLite's lower() leaves Cyrillic as it is), so the query is too.
        var key = q.ToLowerInvariant();
        return new SearchResults(q, await DealsAsync(key, ct), await ClientsAsync(q, ct), await PeopleAsync(q, ct));
    }

    async Task<SearchGroup<DealHit>> DealsAsync(string key, CancellationToken ct)
    {
        var found = db.Deals.VisibleTo(access).AsNoTracking().Where(d => d.SearchKey.Contains(key));
        var count = await found.CountAsync(ct);
        if (count == 0) return new(0, []);
        var rows = await found.OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id).Take(GroupSize)
            .Select(d => new
            {
                d.Id,
                d.Title,
                d.ClientName,
                d.Amount,
                d.Currency,
                d.Status,
                d.OwnerId,
                d.CreatedAt,
                Stage = db.Stages.Where(s => s.Id == d.StageId).Select(s => s.Name).FirstOrDefault(),
                Owner = db.Users.Where(u => u.Id == d.OwnerId).Select(u => u.FullName).FirstOrDefault(),
            }).ToListAsync(ct);
        return new(count, rows.Select(d => new DealHit(d.Id, d.Title, d.ClientName, d.Amount, d.Currency, d.Status, d.Stage,
            d.OwnerId, d.Owner, d.CreatedAt, $"/deals/{d.Id}")).ToList());
    }

    async Task<SearchGroup<ClientHit>> ClientsAsync(string q, CancellationToken ct)
    {
        // The client base's own search: names of companies and contacts, any phone in any format, e-mails, INN.
        var found = db.Clients.VisibleTo(access).AsNoTracking().Matching(q);
        var count = await found.CountAsync(ct);
        if (count == 0) return new(0, []);
        var rows = await found.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id).Take(GroupSize)
            .Select(c => new { c.Id, c.Name, c.Inn, c.Phone, c.Email, c.CreatedAt })
            .ToListAsync(ct);
        return new(count, rows.Select(c => new ClientHit(c.Id, c.Name, c.Inn, c.Phone, c.Email, c.CreatedAt, $"/clients/{c.Id}")).ToList());
    }

    async Task<SearchGroup<PersonHit>> PeopleAsync(string q, CancellationToken ct)
    {
        var people = db.Users.VisibleTo(access).AsNoTracking().Where(u => u.IsActive);
        var loaded = await people.OrderByDescending(u => u.CreatedAt).ThenByDescending(u => u.Id).Take(PeopleLoaded)
            .Select(u => new { u.Id, u.FullName, u.Email, u.Position, u.CreatedAt }).ToListAsync(ct);
        var compare = CultureInfo.CurrentCulture.CompareInfo;
        var found = loaded.Where(u => compare.IndexOf(u.FullName, q, CompareOptions.IgnoreCase) >= 0
            || u.Email.Contains(q, StringComparison.OrdinalIgnoreCase)).ToList();
        return new(found.Count, found.Take(GroupSize)
            .Select(u => new PersonHit(u.Id, u.FullName, u.Email, u.Position, u.CreatedAt, $"/team/users/{u.Id}")).ToList());
    }
}
