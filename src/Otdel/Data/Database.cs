using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Otdel.Data;

public static class Database
{
    public static IServiceCollection AddOtdelDb(this IServiceCollection services, DbSettings settings)
    {
        services.AddSingleton(settings);
        // Pooled: a context's internal services are set up once, not on every request; each scope leases one and gets
        // its own actor, clock, stage catalog and live hub (the services the context used to take in its constructor).
        services.AddPooledDbContextFactory<OtdelDb>(o => Configure(o, settings));
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<OtdelDb>>().CreateDbContext().Lease(sp.GetService<Platform.Actor>(),
            sp.GetService<TimeProvider>(), sp.GetService<Features.Pipelines.StageCatalog>(), sp.GetService<Features.Notifications.NotificationHub>()));
        services.AddHostedService<SqliteMaintenance>();
        return services;
    }

    public static void Configure(DbContextOptionsBuilder o, DbSettings settings)
    {
        if (settings.IsPostgres)
            o.UseNpgsql(Tuned(settings.ConnectionString));
        else
        {
            Directory.CreateDirectory(settings.DataDir);
            o.UseSqlite(settings.ConnectionString).AddInterceptors(SqlitePragmas.Instance, Features.Notifications.LiveCommits.Instance);
        }
        o.ReplaceService<IModelCacheKeyFactory, ProviderModelCacheKey>();
    }

    /// <summary>
    /// Npgsql defaults that cost every request a little, changed unless the operator set them: a pooled connection is
    /// reset with DISCARD ALL on each reuse (and EF opens one per query) although Otdel keeps no session state, and
    /// statements are re-parsed and re-planned each time instead of being prepared once per connection.
    /// </summary>
    public static string Tuned(string connectionString)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var b = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!given.ContainsKey("No Reset On Close") && !given.ContainsKey("NoResetOnClose")) b.NoResetOnClose = true;
        if (!given.ContainsKey("Max Auto Prepare") && !given.ContainsKey("MaxAutoPrepare")) b.MaxAutoPrepare = 100;
        return b.ConnectionString;
    }

    /// <summary>A context outside dependency injection (CLI verbs, benchmark, tests).</summary>
    public static OtdelDb Open(DbSettings settings, Platform.Actor? actor = null)
    {
        var o = new DbContextOptionsBuilder<OtdelDb>();
        Configure(o, settings);
        return new OtdelDb(o.Options, actor);
    }

    /// <summary>The model differs per engine (money columns), so cache one per engine.</summary>
    sealed class ProviderModelCacheKey : IModelCacheKeyFactory
    {
        public object Create(DbContext context, bool designTime) => (context.GetType(), context.Database.ProviderName, designTime);
    }

    /// <summary>
    /// SQLite hardened for a server: WAL set at migration, and per connection sync level, busy wait and foreign keys —
    /// run once per physical connection: EF opens and closes a pooled connection around every query, and running the
    /// pragmas on each of those opens cost a statement per query.
    /// </summary>
    sealed class SqlitePragmas : DbConnectionInterceptor
    {
        public static readonly SqlitePragmas Instance = new();
        const string Sql = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON;";
        static readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, object> Done = new();

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Run(connection);

        public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken ct = default)
        {
            Run(connection);
            return Task.CompletedTask;
        }

        static void Run(DbConnection connection)
        {
            // The pool hands back the same native handle: the pragmas it already carries stay set.
            var handle = (connection as Microsoft.Data.Sqlite.SqliteConnection)?.Handle;
            if (handle is not null && Done.TryGetValue(handle, out _)) return;
            using (var cmd = connection.CreateCommand())
            {
                cmd.CommandText = Sql;
                cmd.ExecuteNonQuery();
            }
            if (handle is not null) Done.AddOrUpdate(handle, Done);
        }
    }
}
