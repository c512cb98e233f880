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
        services.AddDbContext<OtdelDb>(o => Configure(o, settings));
        services.AddHostedService<SqliteMaintenance>();
        return services;
    }

    public static void Configure(DbContextOptionsBuilder o, DbSettings settings)
    {
        if (settings.IsPostgres)
            o.UseNpgsql(settings.ConnectionString);
        else
        {
            Directory.CreateDirectory(settings.DataDir);
            o.UseSqlite(settings.ConnectionString).AddInterceptors(SqlitePragmas.Instance);
        }
        o.ReplaceService<IModelCacheKeyFactory, ProviderModelCacheKey>();
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

    /// <summary>SQLite hardened for a server: WAL set at migration, and per connection sync level, busy wait and foreign keys.</summary>
    sealed class SqlitePragmas : DbConnectionInterceptor
    {
        public static readonly SqlitePragmas Instance = new();
        const string Sql = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON;";

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Run(connection);

        public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken ct = default)
        {
            Run(connection);
            return Task.CompletedTask;
        }

        static void Run(DbConnection connection)
        {
            using var cmd = connection.CreateCommand();
            cmd.CommandText = Sql;
            cmd.ExecuteNonQuery();
        }
    }
}
