using Microsoft.Extensions.Localization;
using Otdel.Platform;
using Otdel.Resources;

namespace Otdel.Features.Clients.Pages;

/// <summary>
/// A client form as a person fills it: phones and e-mails one a line, the birthday as дд.мм.гггг. It becomes the same
/// <see cref="ClientInput"/> the API takes, so the page and the API refuse the same things by the same fields.
/// </summary>
public sealed class ClientForm
{
    public string? Kind { get; set; }
    public string? Name { get; set; }
    public string? Inn { get; set; }
    public string? Kpp { get; set; }
    public string? Industry { get; set; }
    public string? Size { get; set; }
    public string? Region { get; set; }
    public string? Website { get; set; }
    public string? Position { get; set; }
    public bool IsDecisionMaker { get; set; }
    public string? Birthday { get; set; }
    public string? Messengers { get; set; }
    public string? Phone { get; set; }
    public string? OtherPhones { get; set; }
    public string? Email { get; set; }
    public string? OtherEmails { get; set; }
    public bool AllowDuplicate { get; set; }
    public int? Version { get; set; }

    public static ClientForm Of(Client c) => new()
    {
        Kind = c.IsCompany ? "company" : "person", Name = c.Name, Inn = c.Inn, Kpp = c.Kpp, Industry = c.Industry,
        Size = c.Size is { } s ? SnakeCase.Of(s.ToString()) : null, Region = c.Region, Website = c.Website, Position = c.Position,
        IsDecisionMaker = c.IsDecisionMaker, Birthday = c.Birthday is { } b ? RuInput.Date(b) : null, Messengers = c.Messengers,
        Phone = c.Phone, OtherPhones = c.OtherPhones, Email = c.Email, OtherEmails = c.OtherEmails, Version = c.Version,
    };

    /// <summary>The input, or a refusal of what cannot even be read (a date that is not one).</summary>
    public (ClientInput Input, Failure? Failure) ToInput(bool company, bool withKind, IStringLocalizer<Text> t)
    {
        var bad = new Dictionary<string, string[]>();
        DateOnly? birthday = null;
        if (!string.IsNullOrWhiteSpace(Birthday))
        {
            if (RuInput.TryParseDate(Birthday, out var d)) birthday = d;
            else bad["birthday"] = [t["Clients.BadDate"]];
        }
        var input = company || withKind
            ? new ClientInput
            {
                Name = Name, Inn = Inn, Kpp = Kpp, Industry = Industry, Size = Size, Region = Region, Website = Website,
                Phone = Phone, OtherPhones = Lines(OtherPhones), Email = Email, OtherEmails = Lines(OtherEmails),
                AllowDuplicate = AllowDuplicate, Version = Version,
            }
            : new ClientInput
            {
                Name = Name, Inn = Inn, Position = Position, IsDecisionMaker = IsDecisionMaker, Birthday = birthday, Messengers = Messengers,
                Phone = Phone, OtherPhones = Lines(OtherPhones), Email = Email, OtherEmails = Lines(OtherEmails),
                AllowDuplicate = AllowDuplicate, Version = Version,
            };
        if (withKind) input = input with { Kind = Kind == "person" ? "person" : "company" };
        return (input, bad.Count > 0 ? new Failure(400, t["Error.Validation"], bad) : null);
    }

    /// <summary>The messages of a refusal for one field, with its list items ("otherPhones[1]").</summary>
    public static string? ErrorOf(Failure? failure, string field)
    {
        if (failure?.Errors is not { } errs) return null;
        var m = string.Join(" ", errs.Where(e => e.Key == field || e.Key.StartsWith(field + "[", StringComparison.Ordinal)).SelectMany(e => e.Value));
        return m.Length > 0 ? m : null;
    }

    static List<string?> Lines(string? text) => Client.Lines(text).Select(l => (string?)l).ToList();
}
