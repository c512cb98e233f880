using Otdel.Platform;

namespace Otdel.Features.Organisation;

/// <summary>Positions of a sales department; serialised in snake_case (head_of_sales, key_account_manager…).</summary>
public enum Position
{
    HeadOfSales,
    Hunter,
    Inbound,
    Closer,
    Farmer,
    KeyAccountManager,
    Coordinator,
    Analyst,
    SalesAdmin,
    CommercialDirector,
    Ceo,
    Finance,
    Legal,
    Logistics,
    Admin,
}

public static class Positions
{
    /// <summary>Positions that see and manage the whole company.</summary>
    public static bool SeesEverything(this Position p) =>
        p is Position.Admin or Position.Ceo or Position.CommercialDirector;

    /// <summary>Positions that run a department: see its data, manage its people and override process checks.</summary>
    public static bool RunsDepartment(this Position p) =>
        p is Position.HeadOfSales || p.SeesEverything();

    /// <summary>Positions that see their department's data without managing it.</summary>
    public static bool ReadsDepartment(this Position p) =>
        p.RunsDepartment() || p is Position.Analyst or Position.Coordinator or Position.SalesAdmin or Position.Finance;

    public static string Code(this Position p) => SnakeCase.Of(p.ToString());

    /// <summary>Reads a stored code; unknown codes (from a newer version) read as the least privileged position.</summary>
    public static Position Parse(string code) => TryParse(code, out var p) ? p : Position.Hunter;

    public static bool TryParse(string? code, out Position position)
    {
        foreach (var p in Enum.GetValues<Position>())
            if (string.Equals(p.Code(), code, StringComparison.Ordinal)) { position = p; return true; }
        position = default;
        return false;
    }
}

/// <summary>Positions read back leniently: a code from a newer version reads as the least privileged position.</summary>
public sealed class PositionCode() : Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<Position, string>(
    v => v.Code(), s => Positions.Parse(s));
