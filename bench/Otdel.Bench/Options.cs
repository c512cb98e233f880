namespace Otdel.Bench;

/// <summary>Command line: --provider sqlite|postgres|both --deals N --open N --sellers N --dir PATH --pg CONNSTR --docs PATH --regenerate.</summary>
sealed record Options(string[] Providers, int Deals, int Open, int Sellers, string Dir, string? Pg, string Docs, bool Regenerate, double Scale)
{
    public static Options Parse(string[] args)
    {
        string Get(string name, string fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }
        var deals = int.Parse(Get("--deals", "1000000"));
        var provider = Get("--provider", "both");
        var providers = provider == "both" ? new[] { "sqlite", "postgres" } : [provider];
        if (providers.Any(p => p is not ("sqlite" or "postgres"))) throw new ArgumentException("--provider must be sqlite, postgres or both");
        var root = Get("--root", Directory.GetCurrentDirectory());
        return new Options(providers, deals,
            int.Parse(Get("--open", Math.Max(1, deals / 10).ToString())),
            int.Parse(Get("--sellers", "200")),
            Path.GetFullPath(Get("--dir", Path.Combine(root, "artifacts", "bench"))),
            Environment.GetEnvironmentVariable("OTDEL_BENCH_PG") is { Length: > 0 } pg ? pg : (args.Contains("--pg") ? Get("--pg", "") : null),
            Path.GetFullPath(Get("--docs", Path.Combine(root, "docs", "performance.md"))),
            args.Contains("--regenerate"),
            double.Parse(Get("--iterations-scale", "1"), System.Globalization.CultureInfo.InvariantCulture));
    }
}
