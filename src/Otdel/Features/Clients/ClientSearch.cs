namespace Otdel.Features.Clients;

/// <summary>
/// Finding clients by what a person types: any part of a name (companies and their contacts), a phone in any format
/// («8 (916) 123-45-67», «+7 916 1234567», its last digits), an e-mail or its part, an INN or its first digits.
/// The list page, the API and the top bar's search use this one predicate.
/// </summary>
public static class ClientSearch
{
    public static IQueryable<Client> Matching(this IQueryable<Client> clients, string query)
    {
        var q = query.Trim();
        // Keys are stored lower-cased in .NET (SQLite's lower() leaves Cyrillic as it is), so the query is too.
        var key = q.ToLowerInvariant();
        var digits = new string(q.Where(char.IsAsciiDigit).ToArray());
        // A query of phone characters only is compared by its digits.
        var phone = digits.Length >= 5 && q.All(c => char.IsAsciiDigit(c) || " +-()".Contains(c)) ? Client.PhoneKeyOf(q) : null;
        // An INN is 10 or 12 digits; a prefix narrows to it as it is typed.
        var inn = digits.Length >= 3 && digits.Length == q.Length ? digits : null;
        return clients.Where(c => c.NameKey.Contains(key)
            || (c.Email != null && c.Email.ToLower().Contains(key))
            || (c.OtherEmailKeys != null && c.OtherEmailKeys.Contains(key))
            || (inn != null && c.Inn != null && c.Inn.StartsWith(inn))
            || (phone != null && c.PhoneKey != null && c.PhoneKey.Contains(phone))
            || (phone != null && c.OtherPhoneKeys != null && c.OtherPhoneKeys.Contains(phone)));
    }
}
