namespace Otdel.Features.Clients;

/// <summary>A deal of a client as the client page lists it.</summary>
public sealed record ClientDealRow(long Id, string Title, decimal Amount, string Currency, string Status, string? StageName, long OwnerId, string? OwnerName,
    DateTime CreatedAt, DateTime? ClosedAt);

/// <summary>
/// What the client base needs to know about deals, told by Deals (which depends on Clients, not the other way round):
/// a client's deals and lifetime figures as the caller sees them, and moving a client's deals to another on a merge.
/// </summary>
public interface IClientDeals
{
    /// <summary>The client's deals the caller sees (the visibility rule of deals), newest first.</summary>
    Task<List<ClientDealRow>> ListAsync(long clientId, int limit, CancellationToken ct);

    /// <summary>Revenue, deals won, average check, last purchase: over the client's won deals the caller sees.</summary>
    Task<ClientFiguresView> FiguresAsync(long clientId, CancellationToken ct);

    /// <summary>Whether the client has deals the caller does not see (a merge would move them unseen).</summary>
    Task<bool> AnyHiddenAsync(long clientId, CancellationToken ct);

    /// <summary>Points every deal of one client at another (tracked, saved by the caller with the rest); answers how many.</summary>
    Task<int> MoveAsync(long fromClientId, Client to, CancellationToken ct);
}

/// <summary>
/// Records of other capabilities that point at a client (leads), told by them: on a merge they follow the kept client in
/// the same save, instead of losing the link when the merged one is deleted.
/// </summary>
public interface IClientLinks
{
    /// <summary>Re-points the tracked records from one client to another; the caller saves.</summary>
    Task RelinkAsync(long fromClientId, long toClientId, CancellationToken ct);
}
