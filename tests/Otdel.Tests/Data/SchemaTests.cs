using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Otdel.Data;
using Otdel.Features.Clients;
using Otdel.Features.Deals;
using Otdel.Features.Organisation;

namespace Otdel.Tests.Data;

/// <summary>
/// The hand-kept SQL migrations and the EF model must describe the same schema, on both engines: tables, columns
/// (types, lengths, precision, nullability), primary keys, indexes, unique constraints and foreign keys
/// (see <see cref="SchemaComparison"/>). A model change without its NNNN script fails here.
/// </summary>
public abstract class SchemaTests(bool postgres) : IAsyncLifetime
{
    readonly ScratchDatabases databases = new(postgres);

    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => databases.DisposeAsync().AsTask();

    [Fact]
    public async Task Migrated_schema_matches_the_model_and_migrating_twice_is_harmless()
    {
        var migrated = await MigratedAsync();
        await using (var db = Database.Open(migrated)) Assert.Empty(await Migrator.MigrateAsync(db, migrated));
        var created = await databases.NewAsync();
        await using (var db = Database.Open(created)) await db.Database.EnsureCreatedAsync();

        var facts = await SchemaComparison.ReadAsync(migrated);
        Assert.Contains("table users", facts.Keys);
        Assert.Contains(facts.Keys, k => k.StartsWith("index ", StringComparison.Ordinal));
        Assert.Contains(facts.Keys, k => k.StartsWith("foreign key ", StringComparison.Ordinal));
        var differences = await SchemaComparison.CompareAsync(created, migrated);
        Assert.True(differences.Count == 0, SchemaComparison.Describe(differences));
    }

    /// <summary>
    /// The proof that the comparison catches drift: the model gains an index, a shorter string, a wider decimal and
    /// another delete rule, with no migration; the comparison names exactly those.
    /// </summary>
    [Fact]
    public async Task A_model_change_without_a_migration_is_reported()
    {
        var migrated = await MigratedAsync();
        var created = await databases.NewAsync();
        var o = new DbContextOptionsBuilder<OtdelDb>();
        Database.Configure(o, created);
        o.ReplaceService<IModelCustomizer, PlantedModelChange>();
        await using (var db = new OtdelDb(o.Options)) await db.Database.EnsureCreatedAsync();

        var differences = await SchemaComparison.CompareAsync(created, migrated);

        var expected = postgres
            ? new Dictionary<string, string>
            {
                ["index clients.IX_planted_clients_email"] = "UNIQUE btree (email)",
                ["column clients.name"] = "character varying(123) NOT NULL",
                ["column deals.amount"] = "numeric(20,4) NOT NULL",
                ["foreign key clients.FK_clients_users_owner_id"] = "ON DELETE CASCADE",
            }
            : new Dictionary<string, string>
            {
                // SQLite records neither lengths nor precision: the index and the delete rule are what it can tell.
                ["index clients.IX_planted_clients_email"] = "UNIQUE (email)",
                ["foreign key clients(owner_id)"] = "ON DELETE CASCADE",
            };
        AssertReports(expected, differences);
    }

    /// <summary>The same proof through SQL on the model side: what each engine records, changed behind the model's back.</summary>
    [Fact]
    public async Task A_difference_planted_with_sql_is_reported()
    {
        var migrated = await MigratedAsync();
        var created = await databases.NewAsync();
        await using (var db = Database.Open(created)) await db.Database.EnsureCreatedAsync();
        await Exec(created, postgres
            ? """
              CREATE UNIQUE INDEX "IX_planted" ON clients (email, name_key);
              ALTER TABLE clients ALTER COLUMN name TYPE varchar(123);
              ALTER TABLE deals ALTER COLUMN amount TYPE numeric(20,4);
              ALTER TABLE deals ALTER COLUMN title DROP NOT NULL;
              ALTER TABLE teams ADD CONSTRAINT "UQ_planted" UNIQUE (name);
              ALTER TABLE deals DROP CONSTRAINT "FK_deals_clients_client_id";
              ALTER TABLE deals ADD CONSTRAINT "FK_deals_clients_client_id" FOREIGN KEY (client_id) REFERENCES clients (id) ON DELETE CASCADE;
              """
            : """
              CREATE UNIQUE INDEX "IX_planted" ON clients (email, name_key);
              DROP INDEX "IX_clients_inn";
              CREATE INDEX "IX_clients_inn" ON clients (inn, name);
              ALTER TABLE clients ADD COLUMN planted_owner_id INTEGER NULL REFERENCES users (id) ON DELETE CASCADE;
              CREATE TABLE planted (id INTEGER NOT NULL PRIMARY KEY, code VARCHAR(123) NOT NULL UNIQUE);
              """);

        var differences = await SchemaComparison.CompareAsync(created, migrated);

        var expected = postgres
            ? new Dictionary<string, string>
            {
                ["index clients.IX_planted"] = "UNIQUE btree (email, name_key)",
                ["column clients.name"] = "character varying(123) NOT NULL",
                ["column deals.amount"] = "numeric(20,4) NOT NULL",
                ["column deals.title"] = "character varying(300) NULL",
                ["unique constraint teams.UQ_planted"] = "UNIQUE (name)",
                ["index teams.UQ_planted"] = "UNIQUE btree (name)",
                ["foreign key deals.FK_deals_clients_client_id"] = "ON DELETE CASCADE",
            }
            : new Dictionary<string, string>
            {
                ["index clients.IX_planted"] = "UNIQUE (email, name_key)",
                ["index clients.IX_clients_inn"] = "(inn, name)",
                ["column clients.planted_owner_id"] = "INTEGER NULL",
                ["foreign key clients(planted_owner_id)"] = "REFERENCES users(id) ON DELETE CASCADE",
                ["table planted"] = "table",
                ["column planted.id"] = "INTEGER NOT NULL",
                ["column planted.code"] = "VARCHAR(123) NOT NULL",
                ["primary key planted"] = "(id)",
                ["unique constraint planted(code)"] = "UNIQUE",
            };
        AssertReports(expected, differences);
    }

    static void AssertReports(Dictionary<string, string> expected, IReadOnlyList<SchemaComparison.Difference> differences)
    {
        var message = SchemaComparison.Describe(differences);
        Assert.True(expected.Keys.Order(StringComparer.Ordinal).SequenceEqual(differences.Select(d => d.Key)),
            $"expected differences in [{string.Join(", ", expected.Keys.Order(StringComparer.Ordinal))}], got {message}");
        foreach (var d in differences)
            Assert.True(d.Model is not null && d.Model.Contains(expected[d.Key], StringComparison.Ordinal), $"{d} should show the model side as …{expected[d.Key]}…");
        Assert.Contains("model", message);
        Assert.Contains("migrations", message);
    }

    async Task<DbSettings> MigratedAsync()
    {
        var settings = await databases.NewAsync();
        await using var db = Database.Open(settings);
        Assert.NotEmpty(await Migrator.MigrateAsync(db, settings));
        return settings;
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

    /// <summary>A change to the model that no migration carries.</summary>
    sealed class PlantedModelChange(ModelCustomizerDependencies dependencies) : RelationalModelCustomizer(dependencies)
    {
        public override void Customize(ModelBuilder b, DbContext context)
        {
            base.Customize(b, context);
            b.Entity<Client>().HasIndex(c => c.Email).IsUnique().HasDatabaseName("IX_planted_clients_email");
            b.Entity<Client>().Property(c => c.Name).HasMaxLength(123);
            b.Entity<Deal>().Property(d => d.Amount).HasPrecision(20, 4);
            b.Entity<Client>().HasOne<User>().WithMany().HasForeignKey(c => c.OwnerId).OnDelete(DeleteBehavior.Cascade);
        }
    }
}

public sealed class SchemaTests_Sqlite() : SchemaTests(postgres: false);

public sealed class SchemaTests_Postgres() : SchemaTests(postgres: true);
