using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Otdel.Data;

namespace Otdel.Tests.Data;

/// <summary>
/// Released migration scripts are immutable (decision 0001): schema_migrations keeps each applied script's checksum,
/// and the app refuses to start, in one line, when a script it applied was edited since or is not part of this build.
/// </summary>
public abstract class MigrationGuardTests(bool postgres) : IAsyncLifetime
{
    readonly ScratchDatabases databases = new(postgres);

    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => databases.DisposeAsync().AsTask();

    /// <summary>How schema_migrations looked before checksums.</summary>
    string OldStyleTable => postgres
        ? "CREATE TABLE schema_migrations (version varchar(100) PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())"
        : "CREATE TABLE schema_migrations (version TEXT PRIMARY KEY, applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)";

    [Fact]
    public async Task Migrating_records_the_checksum_of_every_script()
    {
        var settings = await databases.NewAsync();
        await Migrate(settings);

        Assert.Equal(Expected, await Recorded(settings));
        Assert.All(Expected, e => Assert.Matches("^[0-9a-f]{64}$", e.Checksum));
    }

    [Fact]
    public async Task An_edited_applied_migration_stops_the_start_with_one_line_naming_it()
    {
        var settings = await databases.NewAsync();
        await Migrate(settings);
        await Exec(settings, "UPDATE schema_migrations SET checksum = 'x' WHERE version = '0001_initial'");

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => Migrate(settings));

        Assert.StartsWith("OTDEL_MIGRATION_EDITED: ", e.Message);
        Assert.Contains("0001_initial", e.Message);
        Assert.Contains($"src/Otdel/Data/Migrations/{(postgres ? "postgres" : "sqlite")}/0001_initial.sql", e.Message);
        Assert.Contains("immutable", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.DoesNotContain('\r', e.Message);
        // The refusal leaves the record alone: starting again refuses again.
        var again = await Assert.ThrowsAsync<InvalidOperationException>(() => Migrate(settings));
        Assert.Equal(e.Message, again.Message);
        Assert.Contains(("0001_initial", "x"), await Recorded(settings));
    }

    [Fact]
    public async Task A_migration_this_build_does_not_have_stops_the_start()
    {
        var settings = await databases.NewAsync();
        await Migrate(settings);
        await Exec(settings, "INSERT INTO schema_migrations (version, checksum) VALUES ('9999_from_a_newer_build', 'abc')");

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => Migrate(settings));

        Assert.StartsWith("OTDEL_MIGRATION_UNKNOWN: ", e.Message);
        Assert.Contains("9999_from_a_newer_build", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    /// <summary>
    /// A database from before checksums (schema_migrations without the column), migrated up to 0001 only: the
    /// migrator adds the column, records 0001's checksum from today's script, applies the rest, and from then on
    /// guards 0001 like any other.
    /// </summary>
    [Fact]
    public async Task A_database_from_before_checksums_gets_them_and_is_guarded_from_then_on()
    {
        var settings = await databases.NewAsync();
        var first = Migrator.Scripts(postgres)[0];
        Assert.Equal("0001_initial", first.Version);
        await Exec(settings, first.Sql);
        await Exec(settings, OldStyleTable);
        await Exec(settings, "INSERT INTO schema_migrations (version) VALUES ('0001_initial')");
        await Exec(settings, "INSERT INTO users (email, email_key, full_name, position, password_hash, is_active, created_at, version) " +
                             "VALUES ('a@test.otdel', 'a@test.otdel', 'A', 'admin', 'x', " + (postgres ? "true, now()" : "1, '2025-01-01 00:00:00'") + ", 0)");

        var applied = await Migrate(settings);

        Assert.Equal(Migrator.Scripts(postgres).Skip(1).Select(s => s.Version), applied);
        if (!postgres) // a database with data is copied aside before its schema changes (VACUUM INTO, outside the script's transaction)
            Assert.Single(Directory.GetFiles(Path.Combine(settings.DataDir, "backups"), $"otdel-before-{applied[0]}-*.db"));
        Assert.Equal(Expected, await Recorded(settings));
        Assert.Empty(await Migrate(settings));
        var created = await databases.NewAsync();
        await using (var db = Database.Open(created)) await db.Database.EnsureCreatedAsync();
        var differences = await SchemaComparison.CompareAsync(created, settings);
        Assert.True(differences.Count == 0, SchemaComparison.Describe(differences));

        await Exec(settings, "UPDATE schema_migrations SET checksum = 'x' WHERE version = '0001_initial'");
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => Migrate(settings));
        Assert.StartsWith("OTDEL_MIGRATION_EDITED: ", e.Message);
        Assert.Contains("0001_initial", e.Message);
    }

    [Fact]
    public async Task A_fully_migrated_database_from_before_checksums_passes_as_it_is()
    {
        var settings = await databases.NewAsync();
        await Migrate(settings);
        var versions = (await Recorded(settings)).Select(r => r.Version).ToList();
        await Exec(settings, "DROP TABLE schema_migrations");
        await Exec(settings, OldStyleTable);
        foreach (var v in versions) await Exec(settings, $"INSERT INTO schema_migrations (version) VALUES ('{v}')");

        Assert.Empty(await Migrate(settings));

        Assert.Equal(Expected, await Recorded(settings));
        Assert.Empty(await Migrate(settings));
    }

    [Fact]
    public void The_checksum_reads_every_line_ending_as_a_newline()
    {
        var lf = Migrator.ChecksumOf("CREATE TABLE a (id int);\nCREATE TABLE b (id int);\n");
        Assert.Equal(lf, Migrator.ChecksumOf("CREATE TABLE a (id int);\r\nCREATE TABLE b (id int);\r\n"));
        Assert.Equal(lf, Migrator.ChecksumOf("CREATE TABLE a (id int);\rCREATE TABLE b (id int);\r"));
        Assert.NotEqual(lf, Migrator.ChecksumOf("CREATE TABLE a (id int);\nCREATE TABLE b (id bigint);\n"));
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Migrator.ChecksumOf(""));
    }

    /// <summary>Every script of this build with its checksum, as schema_migrations should record them.</summary>
    List<(string Version, string? Checksum)> Expected => Migrator.Scripts(postgres).Select(s => (s.Version, (string?)s.Checksum)).ToList();

    static async Task<List<string>> Migrate(DbSettings settings)
    {
        await using var db = Database.Open(settings);
        return await Migrator.MigrateAsync(db, settings);
    }

    static async Task<List<(string Version, string? Checksum)>> Recorded(DbSettings settings)
    {
        await using var db = Database.Open(settings);
        var conn = db.Database.GetDbConnection();
        await conn.OpenAsync();
        await using DbCommand cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT version, checksum FROM schema_migrations ORDER BY version";
        var rows = new List<(string, string?)>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) rows.Add((r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1)));
        return rows;
    }

    static async Task Exec(DbSettings settings, string sql)
    {
        await using var db = Database.Open(settings);
        var conn = db.Database.GetDbConnection();
        await conn.OpenAsync();
        await using DbCommand cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync();
    }
}

public sealed class MigrationGuardTests_Sqlite() : MigrationGuardTests(postgres: false)
{
    /// <summary>As a person meets it: `otdel migrate` and `otdel serve` print the refusal as one line and exit 2.</summary>
    [Theory]
    [InlineData("migrate")]
    [InlineData("serve")]
    public async Task The_command_line_refuses_an_edited_migration_in_one_line_with_exit_2(string verb)
    {
        var data = Path.Combine(Path.GetTempPath(), "otdel-tests", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(data);
        try
        {
            var settings = new DbSettings(data, "sqlite", $"Data Source={Path.Combine(data, "otdel.db")};Pooling=false");
            await using (var db = Database.Open(settings)) await Migrator.MigrateAsync(db, settings);
            await using (var db = Database.Open(settings))
                await db.Database.ExecuteSqlRawAsync("UPDATE schema_migrations SET checksum = 'x' WHERE version = '0001_initial'");

            var (code, stdout, stderr) = await Run(data, verb, "--urls", "http://127.0.0.1:0");

            Assert.Equal(2, code);
            Assert.Equal("", stdout);
            var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(lines.Length == 1, stderr);
            Assert.StartsWith("otdel: OTDEL_MIGRATION_EDITED: the applied migration 0001_initial ", lines[0]);
        }
        finally
        {
            try { Directory.Delete(data, recursive: true); } catch (IOException) { }
        }
    }

    static async Task<(int Code, string Out, string Err)> Run(string data, params string[] args)
    {
        var psi = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = data,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Otdel.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["OTDEL_DATA"] = data;
        psi.Environment["OTDEL_DB_PROVIDER"] = "sqlite";
        psi.Environment["OTDEL_LOG_FORMAT"] = "text";
        psi.Environment.Remove("OTDEL_DB");
        psi.Environment.Remove("ASPNETCORE_URLS");
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try { await p.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"otdel {string.Join(' ', args)} did not exit within two minutes");
        }
        return (p.ExitCode, await stdout, await stderr);
    }
}

public sealed class MigrationGuardTests_Postgres() : MigrationGuardTests(postgres: true);
