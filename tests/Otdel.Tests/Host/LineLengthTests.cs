namespace Otdel.Tests.Host;

/// <summary>
/// Lines aim at 140 characters (.editorconfig); none may pass 160. Files written before the rule keep their recorded
/// number of longer lines in <c>long-lines.baseline.txt</c> — a file may lower its number (then lower the baseline in
/// the same commit), never raise it, and a file not listed has none.
/// </summary>
public sealed class LineLengthTests
{
    const int Limit = 160;

    static string Root()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "Otdel.slnx"))) return d.FullName;
        throw new InvalidOperationException("repository root not found");
    }

    [Fact]
    public void No_file_gains_lines_longer_than_160_characters()
    {
        var root = Root();
        var baseline = File.ReadAllLines(Path.Combine(root, "tests", "Otdel.Tests", "Host", "long-lines.baseline.txt"))
            .Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.Split(' ', 2)).ToDictionary(p => p[1], p => int.Parse(p[0]));
        var worse = new List<string>();
        foreach (var dir in new[] { "src", "tests", "bench" })
            foreach (var file in Directory.EnumerateFiles(Path.Combine(root, dir), "*.cs", SearchOption.AllDirectories))
            {
                var rel = Path.GetRelativePath(root, file).Replace('\\', '/');
                if (rel.Contains("/obj/") || rel.Contains("/bin/") || rel.Contains("node_modules")) continue;
                var count = File.ReadLines(file).Count(l => l.Length > Limit);
                var allowed = baseline.GetValueOrDefault(rel);
                if (count > allowed) worse.Add($"{rel}: {count} lines over {Limit} characters (allowed {allowed})");
            }
        Assert.Empty(worse);
    }
}
