namespace Otdel.Tests.Infrastructure;

/// <summary>What must never reach a user: stack traces, exception and framework type names, parser positions, source paths.</summary>
public static class Leaks
{
    static readonly string[] Marks =
        ["   at ", "Exception", "System.", "Microsoft.", "Npgsql", "SQLite Error", "Path: $", "LineNumber", "BytePosition", ".cs:line", "StackTrace", "--- End of"];

    public static void AssertNone(string body)
    {
        foreach (var mark in Marks)
            Assert.False(body.Contains(mark, StringComparison.Ordinal), $"the answer leaks \"{mark}\": {body[..Math.Min(body.Length, 400)]}");
    }
}
