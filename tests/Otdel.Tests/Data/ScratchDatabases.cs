using Npgsql;
using Otdel.Data;
using Otdel.Tests.Infrastructure;

namespace Otdel.Tests.Data;

/// <summary>Empty databases of one engine for schema tests, removed when the test class is done.</summary>
public sealed class ScratchDatabases(bool postgres) : IAsyncDisposable
{
    readonly List<DbSettings> made = [];

    public bool IsPostgres => postgres;

    public async Task<DbSettings> NewAsync()
    {
        DbSettings settings;
        if (postgres)
            settings = new DbSettings(Path.GetTempPath(), "postgres", await Postgres.CreateDatabaseAsync());
        else
        {
            var dir = Path.Combine(Path.GetTempPath(), "otdel-tests", Guid.NewGuid().ToString("N")[..12]);
            Directory.CreateDirectory(dir);
            settings = new DbSettings(dir, "sqlite", $"Data Source={Path.Combine(dir, "otdel.db")};Pooling=false");
        }
        made.Add(settings);
        return settings;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var s in made)
        {
            if (s.IsPostgres)
            {
                // Only this database's pool: other tests' connections stay as they are.
                await using (var mine = new NpgsqlConnection(s.ConnectionString)) NpgsqlConnection.ClearPool(mine);
                await using var admin = new NpgsqlConnection(Postgres.AdminConnectionString);
                await admin.OpenAsync();
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{new NpgsqlConnectionStringBuilder(s.ConnectionString).Database}\" WITH (FORCE)", admin);
                await drop.ExecuteNonQueryAsync();
            }
            else try { Directory.Delete(s.DataDir, recursive: true); } catch (IOException) { }
        }
    }
}
