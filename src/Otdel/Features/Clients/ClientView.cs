using Otdel.Platform;

namespace Otdel.Features.Clients;

public enum ClientKind { Company, Person }

/// <summary>A client as the API and the pages show it; a contact person has <c>companyId</c>.</summary>
public sealed record ClientView(
    long Id, ClientKind Kind, string Name, long? CompanyId, string? Inn, string? Kpp, string? Industry, ClientSize? Size,
    string? Region, string? Website, string? Position, bool IsDecisionMaker, DateOnly? Birthday, string? Messengers,
    string? Phone, IReadOnlyList<string> OtherPhones, string? Email, IReadOnlyList<string> OtherEmails,
    long? OwnerId, DateTime CreatedAt, int Version, bool IsKeyAccount = false, long? KamId = null)
{
    public static ClientView Of(Client c) => new(
        c.Id, c.IsCompany ? ClientKind.Company : ClientKind.Person, c.Name, c.CompanyId, c.Inn, c.Kpp, c.Industry, c.Size,
        c.Region, c.Website, c.Position, c.IsDecisionMaker, c.Birthday, c.Messengers,
        c.Phone, Client.Lines(c.OtherPhones).ToList(), c.Email, Client.Lines(c.OtherEmails).ToList(),
        c.OwnerId, c.CreatedAt, c.Version, c.IsKeyAccount, c.KamId);
}

/// <summary>What a caller sends to create a client or change one; on PATCH only the fields sent are applied.</summary>
public sealed record ClientInput : SentFields
{
    /// <summary>company (the default) or person; a contact of a company is a person.</summary>
    public string? Kind { get; init { field = value; Mark(); } }
    public string? Name { get; init { field = value; Mark(); } }
    /// <summary>The company a contact person works for.</summary>
    public long? CompanyId { get; init { field = value; Mark(); } }
    public string? Inn { get; init { field = value; Mark(); } }
    public string? Kpp { get; init { field = value; Mark(); } }
    public string? Industry { get; init { field = value; Mark(); } }
    /// <summary>micro, small, medium or large.</summary>
    public string? Size { get; init { field = value; Mark(); } }
    public string? Region { get; init { field = value; Mark(); } }
    public string? Website { get; init { field = value; Mark(); } }
    public string? Position { get; init { field = value; Mark(); } }
    public bool? IsDecisionMaker { get; init { field = value; Mark(); } }
    public DateOnly? Birthday { get; init { field = value; Mark(); } }
    public string? Messengers { get; init { field = value; Mark(); } }
    /// <summary>The main phone, in any format («8 (916) 123-45-67»).</summary>
    public string? Phone { get; init { field = value; Mark(); } }
    public List<string?>? OtherPhones { get; init { field = value; Mark(); } }
    public string? Email { get; init { field = value; Mark(); } }
    public List<string?>? OtherEmails { get; init { field = value; Mark(); } }
    public long? OwnerId { get; init { field = value; Mark(); } }
    /// <summary>On create: make the client even though it looks like one the caller has (otherwise: 409 with <c>duplicateOf</c>).</summary>
    public bool? AllowDuplicate { get; init; }
    public int? Version { get; init; }
}

/// <summary>An existing client a new one looks like, and by what: phone, email, inn, name.</summary>
public sealed record DuplicateView(long Id, ClientKind Kind, string Name, string? Inn, string? Phone, string? Email, long? CompanyId,
    IReadOnlyList<string> MatchedBy);

/// <summary>A client's lifetime over the won deals the caller sees, per currency; the last purchase over all of them.</summary>
public sealed record ClientFiguresView(long ClientId, IReadOnlyList<MoneyFigures> ByCurrency, int DealsWon, DateTime? LastPurchaseAt,
    int OpenDeals, int LostDeals);

public sealed record MoneyFigures(string Currency, decimal Revenue, int DealsWon, decimal AverageCheck);

public sealed record MergeInput(long? OtherId, int? Version = null);
