using Microsoft.EntityFrameworkCore;
using Otdel.Features.Deals;
using Otdel.Features.Deals.Board;

namespace Otdel.Features.Import;

/// <summary>
/// The second run of a file: a row whose external id names a deal imported before updates that deal (its fields, its stage
/// path and its place on the board) instead of adding another.
/// </summary>
public sealed partial class DealImport
{
    /// <summary>A deal already imported under a row's external id, as the row finds it: what its update moves on the board.</summary>
    sealed record Existing(long Id, string? ExternalId, long PipelineId, long StageId, long OwnerId, DealStatus Status, decimal Amount,
        DateTime CreatedAt, DateTime? ClosedAt, bool Visible = true);

    /// <summary>
    /// Deals with an external id, read a window of ids at a time: a second run of a file meets its deals in the order the
    /// first run wrote them (ids ascending), so one read serves a chunk of rows instead of one (or two, with the importer's
    /// sight) per row. A row outside the window reads the window that starts at its deal.
    /// </summary>
    readonly Dictionary<long, Existing> window = [];
    const int Window = 2500;
    long windowFrom = -1, windowTo = -1;

    /// <summary>
    /// The deal imported before under this external id, confirmed by its id (the hash may belong to another id: then null,
    /// and the row is new); one the importer does not see refuses the row — an import never updates another department's deal.
    /// </summary>
    async Task<Existing?> ExistingAsync(string externalId, long id, CancellationToken ct)
    {
        if (id == ExternalIds.Queued)
        {
            // Earlier in this file: written first, so the row updates what that one created.
            await HandOffAsync(ct);
            await WrittenAsync();
            externalIds.TryGet(externalId, out id);
        }
        else await WrittenAsync();
        if (id < windowFrom || id >= windowTo) await ReadWindowAsync(id, ct);
        if (!window.TryGetValue(id, out var found) || found.ExternalId != externalId) return null;
        if (!found.Visible) throw new RowRefused(new("Import.Row.NotYours", externalId));
        return found;
    }

    async Task ReadWindowAsync(long from, CancellationToken ct)
    {
        // Updates waiting for their chunk are written first: the window is read as they leave the deals.
        if (updates.Count > 0)
        {
            await HandOffAsync(ct);
            await WrittenAsync();
        }
        var rows = await db.Deals.AsNoTracking().Where(d => d.Id >= from && d.ExternalId != null).OrderBy(d => d.Id).Take(Window)
            .Select(d => new Existing(d.Id, d.ExternalId, d.PipelineId, d.StageId, d.OwnerId, d.Status, d.Amount, d.CreatedAt, d.ClosedAt, true))
            .ToListAsync(ct);
        // Up to the last deal read, never beyond: deals this run writes later get higher ids and a window of their own.
        var to = rows.Count > 0 ? rows[^1].Id + 1 : from + 1;
        HashSet<long>? seen = null;
        if (access is not null)
            seen = (await db.Deals.VisibleTo(access).Where(d => d.Id >= from && d.Id < to && d.ExternalId != null).Select(d => d.Id).ToListAsync(ct))
                .ToHashSet();
        window.Clear();
        foreach (var r in rows) window[r.Id] = seen is null || seen.Contains(r.Id) ? r : r with { Visible = false };
        (windowFrom, windowTo) = (from, to);
    }

    /// <summary>The columns a second run sets, in the order of <see cref="UpdateSql"/>'s parameters and of the batch's table.</summary>
    static readonly int[] UpdatedColumns = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 15, 16, 17, 18, 19, 20];

    const string UpdateSql = "UPDATE deals SET title = $p0, search_key = $p1, client_id = $p2, client_name = $p3, amount = $p4, currency = $p5, "
        + "pipeline_id = $p6, stage_id = $p7, owner_id = $p8, status = $p9, expected_close_date = $p10, source = $p11, products = $p12, created_at = $p13, "
        + "stage_entered_at = $p14, closed_at = $p15, loss_reason_id = $p16, loss_comment = $p17, lost_at_stage_id = $p18, version = version + 1 "
        + "WHERE id = $p19";

    /// <summary>
    /// PostgreSQL: a chunk's updates go by COPY into a temporary table of the import's transaction, then one UPDATE … FROM.
    /// A class of its own: its statements are made from <see cref="DealColumns"/>, which another file of this class declares.
    /// </summary>
    static class Batch
    {
        public static readonly BulkTable Table = new("import_deal_updates", [DealColumns[0], .. UpdatedColumns.Select(i => DealColumns[i])]);

        public static readonly string Create =
            $"CREATE TEMPORARY TABLE import_deal_updates ON COMMIT DROP AS SELECT {string.Join(", ", Table.Columns)} FROM deals WITH NO DATA";

        public static readonly string Update = "UPDATE deals AS d SET "
            + string.Join(", ", UpdatedColumns.Select(i => $"{DealColumns[i].Column} = u.{DealColumns[i].Column}"))
            + ", version = d.version + 1 FROM import_deal_updates AS u WHERE d.id = u.id";
    }

    bool updatesTable;

    /// <summary>
    /// A row of a deal imported before: its fields as the row has them; when its stage, status, owner or dates change,
    /// its path is rebuilt as a fresh import builds it, and the board moves it from its old place to the new one. The
    /// deal stays the creation of the run that brought it (an undo of this run does not remove it).
    /// </summary>
    async Task UpdateAsync(Existing old, Row row, CancellationToken ct)
    {
        // A client new to this import is written first: the deal refers to it.
        if (row.ClientKey is not null && !clients.ContainsKey(row.ClientKey)) await HandOffAsync(ct);
        await WrittenAsync();
        var d = row.Deal;
        d[0] = old.Id;
        if (row.ClientKey is not null) d[3] = clients[row.ClientKey];
        // Written with the next chunk, a later row for the same deal in its place.
        updates[old.Id] = d;
        var (pipelineId, stageId, ownerId, status) = ((long)d[7]!, (long)d[8]!, (long)d[9]!, Enum.Parse<DealStatus>((string)d[10]!, true));
        var closedAt = (DateTime?)d[17];
        if (old.PipelineId != pipelineId || old.StageId != stageId || old.OwnerId != ownerId || old.Status != status || old.CreatedAt != row.CreatedAt
            || old.ClosedAt != closedAt)
        {
            // Written with the next chunk (one delete and one COPY for all of them); a later row for the same deal replaces it.
            foreach (var v in row.Path) v[0] = old.Id;
            paths[old.Id] = row.Path;
        }
        Total(new StageTotals.Key(old.StageId, old.OwnerId, old.Status), old.PipelineId, -1, -old.Amount);
        // A later row for this deal in the same file moves it from where this one put it.
        window[old.Id] = old with
        {
            PipelineId = pipelineId,
            StageId = stageId,
            OwnerId = ownerId,
            Status = status,
            Amount = (decimal)d[5]!,
            CreatedAt = row.CreatedAt,
            ClosedAt = closedAt
        };
        if (row.LeadId is { } lead) await BulkTable.ExecuteEachAsync(db, ConvertLeadSql, [[old.Id, d[3], row.CreatedAt, lead, RunId]], ct);
        tally.Updated();
        if (updates.Count >= Chunk) await HandOffAsync(ct);
    }

    /// <summary>The deals updated since the last chunk was handed off (their row as written), by deal.</summary>
    Dictionary<long, object?[]> updates = [];

    /// <summary>The new stage paths of deals updated since the last chunk was handed off, by deal.</summary>
    Dictionary<long, List<object?[]>> paths = [];

    /// <summary>A chunk's updated deals, then their changed paths (old visits out, new ones in).</summary>
    async Task WriteUpdatesAsync(Dictionary<long, object?[]> updated, Dictionary<long, List<object?[]>> changed, CancellationToken ct)
    {
        if (updated.Count == 0) return;
        var rows = updated.Select(u => UpdatedColumns.Select(i => u.Value[i]).Prepend(u.Key).ToArray()).ToList();
        if (db.IsSqlite)
            await BulkTable.ExecuteEachAsync(db, UpdateSql, rows.Select(r => (object?[])[.. r[1..], r[0]]).ToList(), ct);
        else
        {
            if (!updatesTable)
            {
                await db.Database.ExecuteSqlRawAsync(Batch.Create, ct);
                updatesTable = true;
            }
            await Batch.Table.WriteAsync(db, rows, ct);
            await db.Database.ExecuteSqlRawAsync(Batch.Update, ct);
            await db.Database.ExecuteSqlRawAsync("TRUNCATE import_deal_updates", ct);
        }
        if (changed.Count == 0) return;
        var ids = changed.Keys.ToList();
        await db.StageVisits.Where(v => ids.Contains(v.DealId)).ExecuteDeleteAsync(ct);
        await Visits.WriteAsync(db, changed.Values.SelectMany(p => p).ToList(), ct);
    }
}
