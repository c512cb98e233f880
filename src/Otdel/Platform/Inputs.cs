namespace Otdel.Platform;

/// <summary>
/// What the app accepts as a value, on both engines alike: texts without control characters, dates in a sane
/// range, money that numeric(18,2) keeps exactly. <see cref="Errors"/> checks them by the field; the save checks them
/// again for every entity (<see cref="Data.OtdelDb"/>), so a value is stored and read back exactly as it was answered.
/// </summary>
public static class Inputs
{
    public static readonly DateOnly MinDate = new(1900, 1, 1);
    public static readonly DateOnly MaxDate = new(2200, 12, 31);
    /// <summary>numeric(18,2): sixteen digits before the point.</summary>
    public const decimal MaxMoney = 10_000_000_000_000_000m;

    public static bool IsSaneDate(DateOnly d) => d >= MinDate && d <= MaxDate;

    /// <summary>NUL and the other C0 controls, DEL and the C1 controls; tab, line feed and carriage return are text.</summary>
    public static bool HasControlCharacters(string? s)
    {
        if (s is null) return false;
        foreach (var c in s)
            if ((c < ' ' && c is not ('\t' or '\n' or '\r')) || c is >= '\u007f' and <= '\u009f') return true;
        return false;
    }
}
