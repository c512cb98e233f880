using System.Globalization;

namespace Otdel.Platform;

/// <summary>
/// Money and dates as Russian sales people type them: «3 500 000», «3 500 000,50», «3500000.50», «3 500 000 ₽»
/// (ordinary, no-break and thin spaces alike), «15.03.2027». Hand-written because no culture parser takes all of
/// these at once (ru-RU wants the no-break space and the comma, invariant wants the point and no spaces).
/// </summary>
public static class RuInput
{
    static readonly string[] CurrencyMarks = ["₽", "руб.", "руб", "р.", "rub", "RUB"];
    static readonly string[] DateFormats = ["dd.MM.yyyy", "d.M.yyyy", "yyyy-MM-dd"];
    static readonly string[] MomentFormats = ["dd.MM.yyyy HH:mm", "d.M.yyyy H:mm", "dd.MM.yyyy H:mm", "d.M.yyyy HH:mm", "yyyy-MM-dd HH:mm", "yyyy-MM-ddTHH:mm"];

    public static bool TryParseMoney(string? text, out decimal value)
    {
        value = 0;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var s = text.Trim();
        foreach (var mark in CurrencyMarks) s = s.Replace(mark, "", StringComparison.OrdinalIgnoreCase);
        s = new string(s.Where(c => !char.IsWhiteSpace(c) && c != '\u202F' && c != '\u2009' && c != '\'').ToArray());
        if (s.Length == 0 || s.Any(c => !(char.IsAsciiDigit(c) || c is ',' or '.' or '-'))) return false;
        int commas = s.Count(c => c == ','), points = s.Count(c => c == '.');
        if (commas > 0 && points > 0)
        {
            // Both: the last one is the decimal separator, the other groups thousands («1.234,56», «1,234.56»).
            var decimalMark = s.LastIndexOf(',') > s.LastIndexOf('.') ? ',' : '.';
            var group = decimalMark == ',' ? '.' : ',';
            if (s.Count(c => c == decimalMark) > 1) return false;
            s = s.Replace(group.ToString(), "").Replace(decimalMark, '.');
        }
        else if (commas + points > 1)
        {
            // One kind, several times: thousands groups («3.500.000»), never a decimal.
            s = s.Replace(",", "").Replace(".", "");
        }
        else s = s.Replace(',', '.');
        return decimal.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>A real calendar date typed as дд.мм.гггг (or ISO); 31.02.2026 is not one.</summary>
    public static bool TryParseDate(string? text, out DateOnly value) =>
        DateOnly.TryParseExact((text ?? "").Trim(), DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out value);

    /// <summary>A wall-clock moment typed as дд.мм.гггг чч:мм (or ISO); the caller puts it in a time zone.</summary>
    public static bool TryParseMoment(string? text, out DateTime value) =>
        DateTime.TryParseExact(string.Join(' ', (text ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries)), MomentFormats, CultureInfo.InvariantCulture,
            DateTimeStyles.None, out value);

    /// <summary>Money for a form field, as the reader's language writes it: «3 500 000,50» in Russian.</summary>
    public static string Money(decimal value) =>
        value.ToString(value == decimal.Truncate(value) ? "N0" : "N2", Localisation.IsRussian ? CultureInfo.GetCultureInfo("ru-RU") : CultureInfo.GetCultureInfo("en-US"));

    /// <summary>A date for a form field: дд.мм.гггг.</summary>
    public static string Date(DateOnly value) => value.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);
}
