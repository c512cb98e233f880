using Otdel.Features.Deals;
using Otdel.Features.Organisation;

namespace Otdel.Features.Search;

/// <summary>What the global search found, by kind: each group has its total and its newest rows.</summary>
public sealed record SearchResults(string Query, SearchGroup<DealHit> Deals, SearchGroup<ClientHit> Clients, SearchGroup<PersonHit> People)
{
    public static SearchResults Empty(string query) => new(query, new(0, []), new(0, []), new(0, []));
    public bool IsEmpty => Deals.Count + Clients.Count + People.Count == 0;
}

/// <summary><c>Count</c> is every match the caller may see; <c>Items</c> are at most <see cref="SearchEverything.GroupSize"/> of them.</summary>
public sealed record SearchGroup<T>(int Count, List<T> Items);

public sealed record DealHit(long Id, string Title, string? ClientName, decimal Amount, string Currency, DealStatus Status,
    string? StageName, long OwnerId, string? OwnerName, DateTime CreatedAt, string Link);

public sealed record ClientHit(long Id, string Name, string? Inn, string? Phone, string? Email, DateTime CreatedAt, string Link);

public sealed record PersonHit(long Id, string FullName, string Email, Position Position, DateTime CreatedAt, string Link);
