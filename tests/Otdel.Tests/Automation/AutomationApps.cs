using Otdel.Features.Automation;
using Otdel.Tests.Infrastructure;

namespace Otdel.Tests.Automation;

/// <summary>An app with the automation engine running (Quartz polling every 0.3 s), on SQLite.</summary>
public sealed class AutomationSqliteApp : TestApp
{
    public override string Engine => "sqlite";
    protected override bool Automation => true;
    protected override Task<Dictionary<string, string?>> CreateDatabaseAsync() =>
        Task.FromResult(new Dictionary<string, string?> { ["OTDEL_DB_PROVIDER"] = "sqlite" });
}

/// <summary>An app with the automation engine running, on its own PostgreSQL database (Quartz's clustered store).</summary>
public sealed class AutomationPostgresApp : TestApp
{
    public override string Engine => "postgres";
    protected override bool Automation => true;
    string? database;

    protected override async Task<Dictionary<string, string?>> CreateDatabaseAsync()
    {
        var cs = await Postgres.CreateDatabaseAsync();
        database = new Npgsql.NpgsqlConnectionStringBuilder(cs).Database;
        return new Dictionary<string, string?> { ["OTDEL_DB_PROVIDER"] = "postgres", ["OTDEL_DB"] = cs };
    }

    protected override Task DropDatabaseAsync() => database is null ? Task.CompletedTask : Postgres.DropDatabaseAsync(database);
}

[CollectionDefinition("automation-sqlite")]
public sealed class AutomationSqliteCollection : ICollectionFixture<AutomationSqliteApp>;

[CollectionDefinition("automation-postgres")]
public sealed class AutomationPostgresCollection : ICollectionFixture<AutomationPostgresApp>;

/// <summary>Waiting for state the engine brings about, never for a length of time.</summary>
public static class Eventually
{
    /// <summary>Polls <paramref name="probe"/> until it answers non-null (at most <paramref name="seconds"/>, then fails).</summary>
    public static async Task<T> Until<T>(Func<Task<T?>> probe, string what, int seconds = 30) where T : class
    {
        var deadline = Environment.TickCount64 + seconds * 1000L;
        while (true)
        {
            if (await probe() is { } done) return done;
            Assert.True(Environment.TickCount64 < deadline, "still waiting for " + what);
            await Task.Delay(50);
        }
    }

    /// <summary>Until the engine of <paramref name="app"/> has finished <paramref name="count"/> more passes.</summary>
    public static async Task PassesAsync(Microsoft.AspNetCore.Builder.WebApplication app, int count = 2)
    {
        var engine = app.Services.GetService(typeof(AutomationEngine)) as AutomationEngine;
        Assert.NotNull(engine);
        var target = engine.Passes + count;
        await Until(() => Task.FromResult(engine.Passes >= target ? "" : null), $"{count} passes of the engine");
    }
}
