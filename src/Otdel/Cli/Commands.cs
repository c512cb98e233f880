using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Features.Organisation;
using Otdel.Platform;

namespace Otdel.Cli;

/// <summary>The command line of Otdel. Each verb is a few lines over the same services the web app uses.</summary>
public static class Commands
{
    const string Usage = """
        Otdel — the operating system of a sales department.

        Usage:
          ./otdel serve [--urls URL] [--data DIR] [--demo]   run the web app (default http://127.0.0.1:5080)
          ./otdel migrate [--data DIR]                       apply database migrations
          ./otdel admin create --email E --password P [--name N]
          ./otdel token create --email E --name N            print a new API token on the last line
          ./otdel import clients|contacts|leads|deals|people FILE [--mapping MAPPING.json] [--dry-run] [--all-or-nothing]
                                                             import a CSV or Excel file (see docs/import.md)
          ./otdel schema-script --provider sqlite|postgres   print the model's create script (for writing migrations)
          ./otdel bench [--provider sqlite|postgres|both] [--deals N]   the benchmark (see docs/performance.md)
          ./otdel test [dotnet test options]                 run the whole test suite (see README)
          ./otdel help                                       this text (also --help, -h)

        Settings (environment): OTDEL_DATA (data folder, default ./data), OTDEL_DB_PROVIDER (sqlite|postgres),
        OTDEL_DB (connection string; default SQLite file <data>/otdel.db).
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length > 0 && args[0] is "help" or "--help" or "-h") return Help(0);
        var verb = args.Length > 0 && !args[0].StartsWith('-') ? args[0] : "serve";
        var rest = args.Length > 0 && !args[0].StartsWith('-') ? args[1..] : args;
        var opts = Options.Parse(rest);
        if (opts.Has("help")) return Help(0);
        try
        {
            return verb switch
            {
                "serve" => await Serve(opts),
                "migrate" => await Migrate(opts),
                "admin" when opts.Positional.FirstOrDefault() == "create" => await CreateAdmin(opts),
                "token" when opts.Positional.FirstOrDefault() == "create" => await CreateToken(opts),
                "schema-script" => SchemaScript(opts),
                "import" => await ImportCommand.RunAsync(opts, Settings(opts)),
                _ => Unknown(args),
            };
        }
        catch (CliError e)
        {
            Console.Error.WriteLine($"otdel: {e.Message}");
            return 2;
        }
        catch (InvalidOperationException e) when (e.Message.StartsWith("OTDEL_", StringComparison.Ordinal))
        {
            Console.Error.WriteLine($"otdel: {e.Message}");
            return 2;
        }
    }

    static int Help(int code)
    {
        (code == 0 ? Console.Out : Console.Error).WriteLine(Usage);
        return code;
    }

    static int Unknown(string[] args)
    {
        Console.Error.WriteLine($"otdel: unknown command '{string.Join(' ', args.TakeWhile(a => !a.StartsWith('-')).Take(2))}'.");
        return Help(2);
    }

    static async Task<int> Serve(Options o)
    {
        var urls = o.Get("urls") ?? Environment.GetEnvironmentVariable("ASPNETCORE_URLS") ?? "http://127.0.0.1:5080";
        // Mistakes are found before the database is touched, and each gets one line instead of a stack trace.
        ServeUrls.Check(urls);
        var settings = Settings(o);
        WebApplication app;
        try
        {
            app = OtdelHost.Build(["--urls", urls], o.Overrides());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliError($"cannot prepare the data folder {settings.DataDir} ({e.Message.TrimEnd('.')}): {DataFolderHint}");
        }
        await using var _ = app;
        await OtdelHost.PrepareAsync(app, o.Has("demo"));
        try
        {
            await app.StartAsync();
        }
        catch (Exception e) when (ServeUrls.Explain(e, urls) is { } problem)
        {
            throw new CliError(problem);
        }
        foreach (var url in app.Urls) Console.WriteLine($"Otdel is listening on {url}");
        if (o.Has("demo"))
            Console.WriteLine($"Demo sign-in: {Features.Demo.DemoData.Email} / {Features.Demo.DemoData.Password}");
        Console.WriteLine("Press Ctrl+C to stop.");
        await app.WaitForShutdownAsync();
        return 0;
    }

    static async Task<int> Migrate(Options o)
    {
        var settings = Settings(o);
        await using var db = Database.Open(settings);
        var applied = await Migrator.MigrateAsync(db, settings);
        Console.WriteLine(applied.Count == 0 ? "The database is up to date." : $"Applied: {string.Join(", ", applied)}");
        return 0;
    }

    static async Task<int> CreateAdmin(Options o)
    {
        var email = o.Required("email");
        var password = o.Required("password");
        if (password.Length < SaveUser.MinPasswordLength) throw new CliError($"the password needs at least {SaveUser.MinPasswordLength} characters.");
        var settings = Settings(o);
        await using var db = Database.Open(settings, new Actor { Name = "cli", Channel = "cli" });
        await Migrator.MigrateAsync(db, settings);
        var key = email.Trim().ToLowerInvariant();
        var user = await db.Users.FirstOrDefaultAsync(u => u.EmailKey == key);
        if (user is null)
        {
            user = new User { Email = email.Trim(), EmailKey = key, FullName = o.Get("name") ?? "Administrator", Position = Position.Admin, CreatedAt = db.UtcNow };
            db.Users.Add(user);
        }
        else
        {
            user.Position = Position.Admin;
            user.IsActive = true;
        }
        user.PasswordHash = SaveUser.HashPassword(user, password);
        await db.SaveChangesAsync();
        Console.WriteLine($"Administrator {user.Email} (id {user.Id}) is ready.");
        return 0;
    }

    static async Task<int> CreateToken(Options o)
    {
        var email = o.Required("email").Trim().ToLowerInvariant();
        var name = o.Required("name");
        var settings = Settings(o);
        await using var db = Database.Open(settings, new Actor { Name = "cli", Channel = "cli" });
        await Migrator.MigrateAsync(db, settings);
        var user = await db.Users.FirstOrDefaultAsync(u => u.EmailKey == email) ?? throw new CliError($"no user with email {email}.");
        var token = TokenAuthentication.NewToken();
        db.ApiTokens.Add(new ApiToken { UserId = user.Id, Name = name, Hash = TokenAuthentication.Hash(token), CreatedAt = db.UtcNow });
        await db.SaveChangesAsync();
        Console.WriteLine($"Token '{name}' for {user.Email} ({user.Position.Code()}). It is shown once:");
        Console.WriteLine(token);
        return 0;
    }

    static int SchemaScript(Options o)
    {
        var provider = o.Get("provider") ?? "sqlite";
        var cs = provider == "postgres" ? "Host=localhost;Database=x" : "Data Source=:memory:";
        var settings = new DbSettings(Path.GetTempPath(), provider, cs);
        using var db = Database.Open(settings);
        Console.WriteLine(db.Database.GenerateCreateScript());
        return 0;
    }

    /// <summary>The database settings, with the data folder created and proven writable.</summary>
    static DbSettings Settings(Options o)
    {
        var config = new ConfigurationBuilder().AddEnvironmentVariables().AddInMemoryCollection(o.Overrides()).Build();
        var settings = DbSettings.From(config);
        if (DataFolder.Problem(settings.DataDir) is { } problem) throw new CliError($"{problem}: {DataFolderHint}");
        return settings;
    }

    const string DataFolderHint = "pass --data DIR (or set OTDEL_DATA) with a folder Otdel may create and write to";
}

sealed class CliError(string message) : Exception(message);

/// <summary>`--name value` pairs, bare `--flags` and positional words.</summary>
sealed class Options
{
    readonly Dictionary<string, string?> named = new(StringComparer.OrdinalIgnoreCase);
    public List<string> Positional { get; } = [];

    public static Options Parse(string[] args)
    {
        var o = new Options();
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--")) { o.Positional.Add(args[i]); continue; }
            var key = args[i][2..];
            var eq = key.IndexOf('=');
            if (eq > 0) o.named[key[..eq]] = key[(eq + 1)..];
            else if (i + 1 < args.Length && !args[i + 1].StartsWith("--")) o.named[key] = args[++i];
            else o.named[key] = null;
        }
        return o;
    }

    public bool Has(string key) => named.ContainsKey(key);
    public string? Get(string key) => named.TryGetValue(key, out var v) ? v : null;
    public string Required(string key) => Get(key) is { Length: > 0 } v ? v : throw new CliError($"--{key} is required.");

    public Dictionary<string, string?> Overrides()
    {
        var d = new Dictionary<string, string?>();
        if (Get("data") is { } data) d["OTDEL_DATA"] = data;
        return d;
    }
}
