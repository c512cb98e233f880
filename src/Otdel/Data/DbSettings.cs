namespace Otdel.Data;

/// <summary>Where the data lives and which engine holds it: OTDEL_DATA, OTDEL_DB_PROVIDER, OTDEL_DB.</summary>
public sealed record DbSettings(string DataDir, string Provider, string ConnectionString)
{
    public bool IsPostgres => Provider == "postgres";

    public static DbSettings From(IConfiguration config)
    {
        var data = Path.GetFullPath(config["OTDEL_DATA"] ?? config["Otdel:Data"] ?? "data");
        var provider = (config["OTDEL_DB_PROVIDER"] ?? config["Otdel:DbProvider"] ?? "sqlite").Trim().ToLowerInvariant();
        if (provider is "postgresql" or "npgsql" or "pg") provider = "postgres";
        if (provider is not ("sqlite" or "postgres"))
            throw new InvalidOperationException($"OTDEL_DB_PROVIDER must be 'sqlite' or 'postgres', not '{provider}'.");
        var cs = config["OTDEL_DB"] ?? config["Otdel:Db"];
        if (string.IsNullOrWhiteSpace(cs))
        {
            if (provider == "postgres")
                throw new InvalidOperationException("OTDEL_DB must hold a PostgreSQL connection string when OTDEL_DB_PROVIDER=postgres.");
            cs = $"Data Source={Path.Combine(data, "otdel.db")}";
        }
        return new DbSettings(data, provider, cs);
    }
}
