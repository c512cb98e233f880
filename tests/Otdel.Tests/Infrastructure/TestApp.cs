using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using Otdel.Data;
using Otdel.Features.Organisation;
using Otdel.Platform;

namespace Otdel.Tests.Infrastructure;

/// <summary>
/// The real Otdel app on a loopback port over a fresh database of one engine. Tests talk to it through HTTP
/// (and Playwright), never through fakes. One app per engine is shared by a test collection; every test
/// makes its own department, people and data, so no test depends on another's.
/// </summary>
public abstract class TestApp : IAsyncLifetime
{
    public abstract string Engine { get; }
    public WebApplication App { get; private set; } = null!;
    public string BaseUrl { get; private set; } = "";
    public DbSettings Settings { get; private set; } = null!;
    public string DataDir { get; } = Path.Combine(Path.GetTempPath(), "otdel-tests", Guid.NewGuid().ToString("N")[..12]);
    /// <summary>A token of an administrator who sees everything; tests use it to set up their own department.</summary>
    public string RootToken { get; private set; } = "";
    /// <summary>The app's TimeProvider: real time unless a test moves it (and resets it in a finally).</summary>
    public TestClock Clock { get; } = new();

    /// <summary>Whether the app starts like `serve --demo`, with the demo department.</summary>
    protected virtual bool Demo => false;

    /// <summary>
    /// Whether the automation engine runs (Quartz, polling every 0.3 s). Off for the shared apps, so the B2B template's
    /// default rules never add tasks to other tests' deals; the automation tests start apps of their own with it on.
    /// Quartz schedules by the app's clock: tests on such an app never move <see cref="Clock"/>.
    /// </summary>
    protected virtual bool Automation => false;

    protected abstract Task<Dictionary<string, string?>> CreateDatabaseAsync();
    protected virtual Task DropDatabaseAsync() => Task.CompletedTask;

    Dictionary<string, string?> overrides = [];

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(DataDir);
        overrides = await CreateDatabaseAsync();
        overrides["OTDEL_DATA"] = DataDir;
        overrides["OTDEL_LOG_FORMAT"] = "text";
        overrides["Otdel:SignInsPerMinute"] = "1000";
        overrides["Otdel:FormPostsPerMinute"] = "100000";
        overrides["Logging:LogLevel:Default"] = "Warning";
        overrides["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Warning";
        overrides["Otdel:Smtp:Host"] = "127.0.0.1";
        overrides["Otdel:Smtp:Port"] = TestSmtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        overrides["Otdel:Smtp:Security"] = "none";
        overrides["Otdel:Smtp:IntervalSeconds"] = "1";
        overrides["Otdel:Automation:Enabled"] = Automation ? "true" : "false";
        overrides["Otdel:Automation:PollSeconds"] = "0.3";
        overrides["Otdel:Automation:WebhookTimeoutSeconds"] = "1";
        App = OtdelHost.Build(["--urls", "http://127.0.0.1:0"], overrides, services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
        });
        Settings = App.Services.GetRequiredService<DbSettings>();
        await OtdelHost.PrepareAsync(App, Demo);
        await App.StartAsync();
        BaseUrl = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        RootToken = await CreateUserWithTokenAsync("root-" + Guid.NewGuid().ToString("N")[..8] + "@test.otdel", "Root", Position.Admin);
    }

    public async Task DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        await DropDatabaseAsync();
        try { Directory.Delete(DataDir, recursive: true); } catch (IOException) { }
    }

    /// <summary>
    /// Another instance of the app on the same database (as a second node behind a load balancer), on its own loopback
    /// port; the caller disposes it.
    /// </summary>
    public async Task<(WebApplication App, string BaseUrl)> SecondInstanceAsync()
    {
        var second = OtdelHost.Build(["--urls", "http://127.0.0.1:0"], new Dictionary<string, string?>(overrides), services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
        });
        await second.StartAsync();
        return (second, second.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public OtdelDb OpenDb() => Database.Open(Settings, new Actor { Name = "test", Channel = "cli" });

    /// <summary>Writes a person straight to the database (as `otdel admin create` would) and issues them a token.</summary>
    public async Task<string> CreateUserWithTokenAsync(string email, string name, Position position, long? departmentId = null, long? teamId = null, long? managerId = null, string password = "password-123")
    {
        await using var db = OpenDb();
        var user = new User { Email = email, EmailKey = email.ToLowerInvariant(), FullName = name, Position = position, DepartmentId = departmentId, TeamId = teamId, ManagerId = managerId, CreatedAt = DateTime.UtcNow };
        user.PasswordHash = SaveUser.HashPassword(user, password);
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return await IssueTokenAsync(user.Id);
    }

    public async Task<string> IssueTokenAsync(long userId)
    {
        await using var db = OpenDb();
        var token = TokenAuthentication.NewToken();
        db.ApiTokens.Add(new ApiToken { UserId = userId, Name = "test", Hash = TokenAuthentication.Hash(token), CreatedAt = DateTime.UtcNow });
        await db.SaveChangesAsync();
        return token;
    }

    public async Task<long> UserIdAsync(string email)
    {
        await using var db = OpenDb();
        return await db.Users.Where(u => u.EmailKey == email.ToLowerInvariant()).Select(u => u.Id).SingleAsync();
    }

    public HttpClient Client(string? token = null, string language = "ru")
    {
        var c = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        if (token is not null) c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        c.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue(language));
        return c;
    }

    /// <summary>A fresh department with a head of sales (and their token), for a test to build on.</summary>
    public async Task<Dept> NewDepartmentAsync()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var root = Client(RootToken);
        var dep = await (await root.PostAsJsonAsync("/api/v1/departments", new { name = "Отдел " + tag })).EnsureSuccessStatusCode().ReadJson<DepartmentView>();
        var headEmail = $"head-{tag}@test.otdel";
        var headToken = await CreateUserWithTokenAsync(headEmail, "Руководитель " + tag, Position.HeadOfSales, dep!.Id);
        return new Dept(this, dep.Id, tag, await UserIdAsync(headEmail), headEmail, headToken);
    }
}

public sealed record Dept(TestApp App, long Id, string Tag, long HeadId, string HeadEmail, string HeadToken)
{
    /// <summary>Adds a person to this department through the head's API and returns their id and a token.</summary>
    public async Task<(long Id, string Token, string Email)> AddPersonAsync(string position, long? teamId = null, long? managerId = null, string? name = null)
    {
        var email = $"{position}-{Guid.NewGuid().ToString("N")[..8]}@test.otdel";
        var res = await App.Client(HeadToken).PostAsJsonAsync("/api/v1/users", new
        {
            email, fullName = name ?? $"{position} {Tag}", position, teamId, managerId = managerId ?? HeadId, departmentId = Id, password = "password-123",
        });
        var user = await res.EnsureSuccessStatusCode().ReadJson<UserView>();
        return (user!.Id, await App.IssueTokenAsync(user.Id), email);
    }
}

public sealed class SqliteApp : TestApp
{
    public override string Engine => "sqlite";
    protected override Task<Dictionary<string, string?>> CreateDatabaseAsync() =>
        Task.FromResult(new Dictionary<string, string?> { ["OTDEL_DB_PROVIDER"] = "sqlite" });
}

/// <summary>The app as `./otdel serve --demo` starts it, on its own SQLite database.</summary>
public sealed class DemoApp : TestApp
{
    public override string Engine => "sqlite";
    protected override bool Demo => true;
    protected override Task<Dictionary<string, string?>> CreateDatabaseAsync() =>
        Task.FromResult(new Dictionary<string, string?> { ["OTDEL_DB_PROVIDER"] = "sqlite" });
}

public sealed class PostgresApp : TestApp
{
    public override string Engine => "postgres";
    string? database;

    protected override async Task<Dictionary<string, string?>> CreateDatabaseAsync()
    {
        var cs = await Postgres.CreateDatabaseAsync();
        database = new NpgsqlConnectionStringBuilder(cs).Database;
        return new Dictionary<string, string?> { ["OTDEL_DB_PROVIDER"] = "postgres", ["OTDEL_DB"] = cs };
    }

    protected override Task DropDatabaseAsync() => database is null ? Task.CompletedTask : Postgres.DropDatabaseAsync(database);
}

/// <summary>The throwaway PostgreSQL server the test command starts (OTDEL_TEST_PG). Missing means failing, not skipping.</summary>
public static class Postgres
{
    public static string AdminConnectionString =>
        Environment.GetEnvironmentVariable("OTDEL_TEST_PG") is { Length: > 0 } cs ? cs
            : throw new InvalidOperationException("OTDEL_TEST_PG is not set: run the tests through ./otdel test, which starts PostgreSQL.");

    public static async Task<string> CreateDatabaseAsync()
    {
        var name = "otdel_t_" + Guid.NewGuid().ToString("N")[..12];
        await using (var conn = new NpgsqlConnection(AdminConnectionString))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", conn);
            await cmd.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ConnectionString;
    }

    public static async Task DropDatabaseAsync(string name)
    {
        NpgsqlConnection.ClearAllPools();
        await using var conn = new NpgsqlConnection(AdminConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", conn);
        await cmd.ExecuteNonQueryAsync();
    }
}

[CollectionDefinition("sqlite")]
public sealed class SqliteCollection : ICollectionFixture<SqliteApp>;

[CollectionDefinition("postgres")]
public sealed class PostgresCollection : ICollectionFixture<PostgresApp>;
