namespace Otdel.Features.Clients;

/// <summary>
/// Russian tax ids as the tax service issues them: an INN of 10 digits (an organisation, one check digit) or 12 digits
/// (a person or sole trader, two check digits), each check digit a weighted sum mod 11 mod 10; a KPP of 9 characters —
/// 4 digits of the tax office, 2 digits or capital Latin letters of the reason, 3 digits.
/// </summary>
public static class LegalIds
{
    static readonly int[] Inn10 = [2, 4, 10, 3, 5, 9, 4, 6, 8];
    static readonly int[] Inn11 = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
    static readonly int[] Inn12 = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8];

    public static bool IsInn(string? inn)
    {
        if (inn is null || !inn.All(char.IsAsciiDigit)) return false;
        return inn.Length switch
        {
            10 => Check(inn, Inn10) == inn[9] - '0',
            12 => Check(inn, Inn11) == inn[10] - '0' && Check(inn, Inn12) == inn[11] - '0',
            _ => false,
        };
    }

    public static bool IsKpp(string? kpp) =>
        kpp is { Length: 9 } && kpp[..4].All(char.IsAsciiDigit) && kpp[4..6].All(c => char.IsAsciiDigit(c) || char.IsAsciiLetterUpper(c))
        && kpp[6..].All(char.IsAsciiDigit);

    /// <summary>The check digit over the first weights.Length digits.</summary>
    static int Check(string digits, int[] weights)
    {
        var sum = 0;
        for (var i = 0; i < weights.Length; i++) sum += (digits[i] - '0') * weights[i];
        return sum % 11 % 10;
    }
}
