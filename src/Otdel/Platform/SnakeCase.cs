namespace Otdel.Platform;

/// <summary>The snake_case words the API, the database and the forms share for enums ("post_sale", "round_robin").</summary>
public static class SnakeCase
{
    public static string Of(string pascal) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(pascal);
}

/// <summary>Stores an enum as its snake_case name ("post_sale", "round_robin"), the same words the API speaks.</summary>
public sealed class SnakeCaseEnum<T>() : Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<T, string>(
    v => SnakeCase.Of(v.ToString()), s => Enum.Parse<T>(s.Replace("_", ""), true)) where T : struct, Enum;
