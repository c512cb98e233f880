using System.Globalization;
using Otdel.Platform;

namespace Otdel.Features.Import;

/// <summary>Why a row was refused: a text key and its arguments (shown in the reader's language).</summary>
public sealed record RowProblem(string Key, params object[] Args);

/// <summary>Thrown inside a row's handling to refuse that row only.</summary>
public sealed class RowRefused(RowProblem problem) : Exception(problem.Key)
{
    public RowProblem Problem { get; } = problem;
}

/// <summary>
/// Reading one row's texts as values: dates (the mapping's formats first, then ISO and дд.мм.гггг, with or without time;
/// a moment without an offset is on the mapping's or the importer's clock), money as Russians and exports write it,
/// lengths as the columns allow. Each failure refuses the row naming the field.
/// </summary>
public sealed class ImportValues(ImportMapping mapping, TimeZoneInfo zone)
{
    static readonly string[] Fallback =
    [
        "yyyy-MM-dd", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ss.FFFFFFF",
        "dd.MM.yyyy", "d.M.yyyy", "dd.MM.yyyy HH:mm", "dd.MM.yyyy H:mm", "dd.MM.yyyy HH:mm:ss", "d.M.yyyy H:mm", "d.M.yyyy H:mm:ss",
    ];

    static readonly string[] WithOffset = ["yyyy-MM-ddTHH:mm:sszzz", "yyyy-MM-ddTHH:mm:ss.FFFFFFFzzz", "yyyy-MM-dd HH:mm:sszzz"];

    readonly string[] formats = [.. mapping.DateFormats, .. Fallback];
    readonly TimeZoneInfo zone = mapping.TimeZone is { Length: > 0 } z && TimeZoneInfo.TryFindSystemTimeZoneById(z, out var own) ? own : zone;

    public static string? Get(Dictionary<string, string> row, string field) => row.TryGetValue(field, out var v) && v.Length > 0 ? v : null;

    public static string? Text(Dictionary<string, string> row, string field, int max)
    {
        var v = Get(row, field);
        if (v is null) return null;
        if (v.Length > max) throw new RowRefused(new("Import.Row.TooLong", field, max));
        if (Inputs.HasControlCharacters(v)) throw new RowRefused(new("Import.Row.Control", field));
        return v;
    }

    /// <summary>A moment as UTC; null when blank.</summary>
    public DateTime? Moment(Dictionary<string, string> row, string field)
    {
        var v = Get(row, field);
        if (v is null) return null;
        if (v.Length > 19 && DateTimeOffset.TryParseExact(v, WithOffset, CultureInfo.InvariantCulture, DateTimeStyles.None, out var withOffset))
            return Sane(withOffset.UtcDateTime, field, v);
        if (v.EndsWith('Z') && DateTime.TryParse(v, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var z))
            return Sane(z, field, v);
        if (!TryLocal(v, out var local)) throw new RowRefused(new("Import.Row.BadDate", field, v));
        if (zone.IsInvalidTime(local)) local = local.AddHours(1);
        return Sane(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), zone), field, v);
    }

    string? lastFormat;

    /// <summary>A file writes its dates one way: the format that read the last one is tried first (a million rows, two dates each).</summary>
    bool TryLocal(string v, out DateTime local)
    {
        if (lastFormat is { } f && DateTime.TryParseExact(v, f, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out local)) return true;
        foreach (var format in formats)
            if (DateTime.TryParseExact(v, format, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out local))
            {
                lastFormat = format;
                return true;
            }
        local = default;
        return false;
    }

    public DateOnly? Date(Dictionary<string, string> row, string field)
    {
        var v = Get(row, field);
        if (v is null) return null;
        if (!TryLocal(v, out var d)) throw new RowRefused(new("Import.Row.BadDate", field, v));
        var date = DateOnly.FromDateTime(d);
        if (!Inputs.IsSaneDate(date)) throw new RowRefused(new("Import.Row.DateRange", field, v));
        return date;
    }

    static DateTime Sane(DateTime utc, string field, string v) =>
        Inputs.IsSaneDate(DateOnly.FromDateTime(utc)) ? utc : throw new RowRefused(new("Import.Row.DateRange", field, v));

    /// <summary>Money with two decimals at most and 16 digits before the point (numeric(18,2)); null when blank.</summary>
    public static decimal? Money(Dictionary<string, string> row, string field)
    {
        var v = Get(row, field);
        if (v is null) return null;
        if (!RuInput.TryParseMoney(v, out var m)) throw new RowRefused(new("Import.Row.BadNumber", field, v));
        if (m < 0) throw new RowRefused(new("Import.Row.Negative", field, v));
        if (decimal.Round(m, 2) != m || m >= 10_000_000_000_000_000m) throw new RowRefused(new("Import.Row.MoneyPrecision", field, v));
        return m;
    }

    /// <summary>A word of a fixed list (snake_case or as written, any case).</summary>
    public static T? Choice<T>(Dictionary<string, string> row, string field) where T : struct, Enum
    {
        var v = Get(row, field);
        if (v is null) return null;
        var plain = v.Replace("_", "").Replace("-", "").Replace(" ", "");
        if (Enum.TryParse<T>(plain, ignoreCase: true, out var e) && Enum.IsDefined(e) && !int.TryParse(plain, out _)) return e;
        throw new RowRefused(new("Import.Row.BadChoice", field, v, string.Join(", ", Enum.GetValues<T>().Select(x => SnakeCase.Of(x.ToString())))));
    }

    public static bool? Flag(Dictionary<string, string> row, string field) => Get(row, field)?.ToLowerInvariant() switch
    {
        null => null,
        "1" or "true" or "yes" or "да" or "+" or "x" => true,
        "0" or "false" or "no" or "нет" or "-" => false,
        var v => throw new RowRefused(new("Import.Row.BadFlag", field, v)),
    };
}
