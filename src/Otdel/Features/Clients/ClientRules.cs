using System.Net.Mail;
using Otdel.Platform;

namespace Otdel.Features.Clients;

/// <summary>
/// Applies the fields a caller sent to a client, refusing each bad value by its field: an INN with a wrong check digit,
/// a KPP that is not 9 characters, an e-mail that is not one, a phone without enough digits. Nothing is applied when
/// anything is refused (the caller saves only on success).
/// </summary>
public static class ClientRules
{
    public const int MaxOthers = 5;

    public static bool Apply(Client c, ClientInput input, IReadOnlySet<string> present, Errors errors)
    {
        bool Has(string f) => present.Contains(f);
        if (Has("name"))
        {
            var name = Clean(input.Name);
            errors.Required("name", name).MaxLength("name", name, 300);
            if (name is not null && !errors.Any) c.Name = name;
        }
        if (Has("kind") && input.Kind is not null)
        {
            if (KindOf(input.Kind) is { } kind) c.IsCompany = kind == ClientKind.Company;
            else errors.Add("kind", "Clients.BadKind");
        }
        if (Has("inn"))
        {
            var inn = Clean(input.Inn);
            if (inn is not null && !LegalIds.IsInn(inn)) errors.Add("inn", "Clients.BadInn");
            else c.Inn = inn;
        }
        if (Has("kpp"))
        {
            var kpp = Clean(input.Kpp)?.ToUpperInvariant();
            if (kpp is not null && !LegalIds.IsKpp(kpp)) errors.Add("kpp", "Clients.BadKpp");
            else c.Kpp = kpp;
        }
        if (Has("industry")) c.Industry = Text("industry", input.Industry, 100, errors);
        if (Has("region")) c.Region = Text("region", input.Region, 100, errors);
        if (Has("position")) c.Position = Text("position", input.Position, 100, errors);
        if (Has("messengers")) c.Messengers = Text("messengers", input.Messengers, 300, errors);
        if (Has("website"))
        {
            var site = Text("website", input.Website, 200, errors);
            if (site is not null && (site.Any(char.IsWhiteSpace) || !site.Contains('.'))) errors.Add("website", "Clients.BadWebsite");
            else c.Website = site;
        }
        if (Has("size"))
        {
            if (string.IsNullOrWhiteSpace(input.Size)) c.Size = null;
            else if (SizeOf(input.Size) is { } size) c.Size = size;
            else errors.Add("size", "Clients.BadSize");
        }
        if (Has("isDecisionMaker")) c.IsDecisionMaker = input.IsDecisionMaker ?? false;
        if (Has("birthday"))
        {
            errors.Date("birthday", input.Birthday);
            c.Birthday = input.Birthday;
        }
        if (Has("phone")) c.Phone = Phone("phone", input.Phone, errors);
        if (Has("otherPhones")) c.OtherPhones = Others("otherPhones", input.OtherPhones, Phone, 300, errors);
        if (Has("email")) c.Email = Email("email", input.Email, errors);
        if (Has("otherEmails")) c.OtherEmails = Others("otherEmails", input.OtherEmails, Email, 1000, errors);
        return !errors.Any;
    }

    /// <summary>"company" or "person" (any case); null for anything else.</summary>
    public static ClientKind? KindOf(string? word) => word?.Trim().ToLowerInvariant() switch
    {
        "company" => ClientKind.Company,
        "person" => ClientKind.Person,
        _ => null,
    };

    /// <summary>"micro", "small", "medium" or "large" (any case); null for anything else, numbers included.</summary>
    public static ClientSize? SizeOf(string? word) => Enum.GetValues<ClientSize>().Cast<ClientSize?>()
        .FirstOrDefault(s => string.Equals(SnakeCase.Of(s!.Value.ToString()), word?.Trim(), StringComparison.OrdinalIgnoreCase));

    static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    static string? Text(string field, string? value, int max, Errors errors)
    {
        var v = Clean(value);
        errors.MaxLength(field, v, max);
        return v;
    }

    /// <summary>Kept as typed; it needs at least 5 digits to be dialled or found.</summary>
    public static string? Phone(string field, string? value, Errors errors)
    {
        var v = Text(field, value, 30, errors);
        if (v is not null && v.Count(char.IsAsciiDigit) < 5) errors.Add(field, "Clients.BadPhone");
        return v;
    }

    public static string? Email(string field, string? value, Errors errors)
    {
        var v = Text(field, value, 254, errors);
        if (v is not null && !IsEmail(v)) errors.Add(field, "Clients.BadEmail");
        return v;
    }

    public static bool IsEmail(string s) =>
        MailAddress.TryCreate(s, out var m) && m.Address == s && m.Host.Contains('.') && !m.Host.StartsWith('.') && !m.Host.EndsWith('.');

    /// <summary>Further phones or e-mails: each checked as the main one ("otherPhones[1]"), blanks dropped, one a line.</summary>
    static string? Others(string field, List<string?>? values, Func<string, string?, Errors, string?> check, int max, Errors errors)
    {
        if (values is null) return null;
        var kept = new List<string>();
        if (values.Any(v => v is null)) errors.Add(field, "Error.BadValue");
        for (var i = 0; i < values.Count; i++)
            if (values[i] is not null && check($"{field}[{i}]", values[i], errors) is { } v && !kept.Contains(v)) kept.Add(v);
        if (kept.Count > MaxOthers) errors.Add(field, "Clients.TooMany", MaxOthers);
        var joined = kept.Count == 0 ? null : string.Join('\n', kept);
        errors.MaxLength(field, joined, max);
        return joined;
    }
}
