namespace Otdel.Platform;

public static class Initials
{
    /// <summary>"Анна Петровна Соколова" → "АС": first letters of the first and last words.</summary>
    public static string Of(string fullName)
    {
        var parts = fullName.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length switch
        {
            0 => "?",
            1 => parts[0][..1].ToUpperInvariant(),
            _ => (parts[0][..1] + parts[^1][..1]).ToUpperInvariant(),
        };
    }
}
