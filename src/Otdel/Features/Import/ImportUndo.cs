using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Otdel.Data;
using Otdel.Platform;

namespace Otdel.Features.Import;

/// <summary>What an undo removed and put back.</summary>
public sealed record ImportUndoResult(long RunId, DateTime UndoneAt, int Deals, int Clients, int Leads, int People, int LeadsRestored, int Teams = 0,
    int Departments = 0);

/// <summary>
/// Undoes an import as a whole — its deals with their stage visits and board totals, the clients, leads, people, teams
/// and departments it created, and the leads it converted back as they were — while nothing else has changed what it created: none of its
/// records edited since (their version moved) or referred to by anything outside the run (every foreign key to deals,
/// clients, leads and people, found in the model, so a table added later is covered too). A run that updated records
/// brought before cannot be undone: their previous values are not kept. One transaction; the run is marked undone.
/// </summary>
public sealed class UndoImport(OtdelDb db, Access access, RunImport run, Problems problems)
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/import/runs/{id:long}/undo", async (long id, UndoImport undo, CancellationToken ct) =>
            (await undo.RunAsync(id, ct)).ToResult(Results.Ok)).WithTags("Import").Produces<ImportUndoResult>();

    public async Task<Outcome<ImportUndoResult>> RunAsync(long id, CancellationToken ct)
    {
        if (!run.Allowed) return problems.Forbidden();
        var r = await ImportApi.Runs(db, access).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (r is null) return problems.NotFound();
        if (r.UndoneAt is not null) return problems.Conflict("id", "Import.Undo.AlreadyUndone");
        if (r.DryRun) return problems.Conflict("id", "Import.Undo.NotApplied");
        var (_, updated) = ImportTally.Split(System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, int>>(r.Created) ?? []);
        if (updated > 0) return problems.Conflict("id", "Import.Undo.Updated", updated);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var now = db.UtcNow;
        // First, as the write that claims the run: a second undo at the same moment waits here and then finds it undone.
        if (await db.ImportRuns.Where(x => x.Id == id && x.UndoneAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.UndoneAt, now).SetProperty(x => x.UndoneById, access.User!.Id), ct) == 0)
            return problems.Conflict("id", "Import.Undo.AlreadyUndone");
        if (!db.IsSqlite)
            foreach (var table in Tables)
                await ExecAsync($"SELECT id FROM {table} WHERE import_run_id = @r FOR UPDATE", id, ct); // nobody refers to them meanwhile
        if (await ChangedAsync(id, ct) is { } refusal) return refusal;

        // The board loses what the deals added (negative deltas, as every save appends its changes).
        await ExecAsync("INSERT INTO stage_totals (stage_id, owner_id, status, pipeline_id, deals, amount) "
            + "SELECT stage_id, owner_id, status, pipeline_id, -COUNT(*), -SUM(amount) FROM deals WHERE import_run_id = @r "
            + "GROUP BY stage_id, owner_id, status, pipeline_id", id, ct);
        static string Was(string column) => $"{column} = (SELECT s.{column} FROM import_lead_states s WHERE s.run_id = @r AND s.lead_id = leads.id)";
        var restored = await ExecAsync($"UPDATE leads SET {Was("deal_id")}, {Was("client_id")}, {Was("status")}, {Was("converted_at")}, "
            + "version = version + 1 WHERE id IN (SELECT lead_id FROM import_lead_states WHERE run_id = @r)", id, ct);
        await ExecAsync("DELETE FROM stage_visits WHERE deal_id IN (SELECT id FROM deals WHERE import_run_id = @r)", id, ct);
        var deals = await ExecAsync("DELETE FROM deals WHERE import_run_id = @r", id, ct);
        var leads = await ExecAsync("DELETE FROM leads WHERE import_run_id = @r", id, ct);
        // Contact people before their companies.
        var clients = await ExecAsync("DELETE FROM clients WHERE import_run_id = @r AND company_id IS NOT NULL", id, ct)
            + await ExecAsync("DELETE FROM clients WHERE import_run_id = @r", id, ct);
        await ExecAsync("UPDATE users SET manager_id = NULL WHERE import_run_id = @r", id, ct);
        // Its teams and departments name none of its people once they go (nothing else refers to them: checked above).
        await ExecAsync("UPDATE teams SET lead_id = NULL WHERE import_run_id = @r", id, ct);
        await ExecAsync("UPDATE departments SET head_id = NULL WHERE import_run_id = @r", id, ct);
        var people = await ExecAsync("DELETE FROM users WHERE import_run_id = @r", id, ct);
        var teams = await ExecAsync("DELETE FROM teams WHERE import_run_id = @r", id, ct);
        var departments = await ExecAsync("DELETE FROM departments WHERE import_run_id = @r", id, ct);
        if (people + teams + departments > 0) await AccessCache.BumpAsync(db, ct);
        await tx.CommitAsync(ct);
        return new ImportUndoResult(id, now, deals, clients, leads, people, restored, teams, departments);
    }

    static readonly string[] Tables = ["deals", "clients", "leads", "users", "teams", "departments"];

    /// <summary>The first kind of record changed since the import, with how many and one of them named; null when none.</summary>
    async Task<Failure?> ChangedAsync(long id, CancellationToken ct)
    {
        (string Table, string Key, string Label)[] kinds =
            [("deals", "Import.Undo.DealsChanged", "title"), ("clients", "Import.Undo.ClientsChanged", "name"),
             ("leads", "Import.Undo.LeadsChanged", "name"), ("users", "Import.Undo.PeopleChanged", "full_name"),
             ("teams", "Import.Undo.TeamsChanged", "name"), ("departments", "Import.Undo.DepartmentsChanged", "name")];
        foreach (var (table, key, label) in kinds)
        {
            var changed = $"t.version <> 0{References(table)}";
            // A plan names its seller without a foreign key.
            if (table == "users") changed += " OR EXISTS (SELECT 1 FROM plans x WHERE x.level = 'user' AND x.target_id = t.id)";
            var (count, example) = await ProbeAsync($"SELECT COUNT(*), MIN(t.id) FROM {table} t WHERE t.import_run_id = @r AND ({changed})",
                $"SELECT {label} FROM {table} WHERE id = @r", id, ct);
            if (count > 0) return problems.Conflict("id", key, count, example ?? "");
        }
        var (leads, lead) = await ProbeAsync("SELECT COUNT(*), MIN(t.id) FROM leads t JOIN import_lead_states s ON s.lead_id = t.id AND s.run_id = @r "
            + "WHERE t.version <> s.version + s.times", "SELECT name FROM leads WHERE id = @r", id, ct);
        return leads > 0 ? problems.Conflict("id", "Import.Undo.ConvertedLeadsChanged", leads, lead ?? "") : null;
    }

    /// <summary>" OR EXISTS (…)" for every foreign key to <paramref name="table"/> from a row the run did not create.</summary>
    string References(string table)
    {
        var clauses = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var et in db.Model.GetEntityTypes())
        {
            if (et.GetTableName() is not { } from || et.IsOwned()) continue;
            var store = StoreObjectIdentifier.Table(from, et.GetSchema());
            foreach (var fk in et.GetForeignKeys())
            {
                if (fk.PrincipalEntityType.GetTableName() != table || fk.Properties.Count != 1) continue;
                if (from == "stage_visits" && table == "deals") continue; // removed with the deals
                var column = fk.Properties[0].GetColumnName(store);
                var outside = et.FindProperty("ImportRunId") is null ? "" : " AND (x.import_run_id IS NULL OR x.import_run_id <> @r)";
                // The leads it converted are put back as they were, not left pointing at what it removes.
                // The visits of its deals (their executors are its people) go with the deals.
                if (from == "stage_visits") outside += " AND NOT EXISTS (SELECT 1 FROM deals d WHERE d.id = x.deal_id AND d.import_run_id = @r)";
                if (from == "leads") outside += " AND NOT EXISTS (SELECT 1 FROM import_lead_states s WHERE s.run_id = @r AND s.lead_id = x.id)";
                clauses.Add($" OR EXISTS (SELECT 1 FROM \"{from}\" x WHERE x.\"{column}\" = t.id{outside})");
            }
        }
        return string.Concat(clauses);
    }

    async Task<(long Count, string? Example)> ProbeAsync(string countSql, string exampleSql, long id, CancellationToken ct)
    {
        await using var cmd = Command(countSql, id);
        long count, first;
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            await reader.ReadAsync(ct);
            count = reader.GetInt64(0);
            first = reader.IsDBNull(1) ? 0 : reader.GetInt64(1);
        }
        if (count == 0) return (0, null);
        await using var name = Command(exampleSql, first);
        return (count, await name.ExecuteScalarAsync(ct) as string);
    }

    async Task<int> ExecAsync(string sql, long id, CancellationToken ct)
    {
        await using var cmd = Command(sql, id);
        return await cmd.ExecuteNonQueryAsync(ct);
    }

    DbCommand Command(string sql, long r)
    {
        var cmd = db.Database.GetDbConnection().CreateCommand();
        cmd.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        cmd.CommandText = sql;
        var p = cmd.CreateParameter();
        p.ParameterName = "@r";
        p.Value = r;
        cmd.Parameters.Add(p);
        return cmd;
    }
}
