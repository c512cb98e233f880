namespace Otdel.Bench;

/// <summary>
/// Command line: --provider sqlite|postgres|both --deals N --open N --sellers N --dir PATH --pg CONNSTR --docs PATH --regenerate
/// --quick (fewer calls and two rounds, for development) --rounds N --in-process (also the old in-process handler table)
/// --otdel-dll PATH --floor-dll PATH (the built apps; scripts/bench.sh passes them) --doc-only (rewrite docs/performance.md from the kept results)
/// --import N (instead of the HTTP comparison: import N generated historical deals from CSV with ./otdel import, per engine).
/// </summary>
sealed record Options(string[] Providers, int Deals, int Open, int Sellers, string Dir, string? Pg, string Docs, bool Regenerate, double Scale,
    bool Quick, int Rounds, bool InProcess, string Root, string OtdelDll, string FloorDll, bool DocOnly, int ImportRows)
{
    public static Options Parse(string[] args)
    {
        string Get(string name, string fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }
        var deals = int.Parse(Get("--deals", "20000"));
        var provider = Get("--provider", "both");
        var providers = provider == "both" ? new[] { "sqlite", "postgres" } : [provider];
        if (providers.Any(p => p is not ("sqlite" or "postgres"))) throw new ArgumentException("--provider must be sqlite, postgres or both");
        var root = Path.GetFullPath(Get("--root", Directory.GetCurrentDirectory()));
        var quick = args.Contains("--quick");
        var artifacts = Path.Combine(root, "artifacts");
        return new Options(providers, deals,
            int.Parse(Get("--open", Math.Max(1, deals / 10).ToString())),
            int.Parse(Get("--sellers", "200")),
            Path.GetFullPath(Get("--dir", Path.Combine(artifacts, "bench"))),
            Environment.GetEnvironmentVariable("OTDEL_BENCH_PG") is { Length: > 0 } pg ? pg : (args.Contains("--pg") ? Get("--pg", "") : null),
            Path.GetFullPath(Get("--docs", Path.Combine(root, "docs", "performance.md"))),
            args.Contains("--regenerate"),
            double.Parse(Get("--iterations-scale", "1"), System.Globalization.CultureInfo.InvariantCulture),
            quick,
            int.Parse(Get("--rounds", quick ? "2" : "3")),
            args.Contains("--in-process"),
            root,
            Path.GetFullPath(Get("--otdel-dll", Path.Combine(artifacts, "bin", "Otdel", "release", "Otdel.dll"))),
            Path.GetFullPath(Get("--floor-dll", Path.Combine(artifacts, "bin", "Otdel.Floor", "release", "Otdel.Floor.dll"))),
            args.Contains("--doc-only"),
            int.Parse(Get("--import", "0")));
    }
}
