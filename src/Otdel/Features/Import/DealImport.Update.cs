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
        DateTime CreatedAt, DateTime? ClosedAt);

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
        var found = await db.Deals.AsNoTracking().Where(d => d.Id == id)
            .Select(d => new Existing(d.Id, d.ExternalId, d.PipelineId, d.StageId, d.OwnerId, d.Status, d.Amount, d.CreatedAt, d.ClosedAt))
            .FirstOrDefaultAsync(ct);
        if (found is null || found.ExternalId != externalId) return null;
        if (access is not null && !await db.Deals.VisibleTo(access).AnyAsync(d => d.Id == id, ct))
            throw new RowRefused(new("Import.Row.NotYours", externalId));
        return found;
    }

    const string UpdateSql = "UPDATE deals SET title = $p0, search_key = $p1, client_id = $p2, client_name = $p3, amount = $p4, currency = $p5, "
        + "pipeline_id = $p6, stage_id = $p7, owner_id = $p8, status = $p9, expected_close_date = $p10, source = $p11, products = $p12, created_at = $p13, "
        + "stage_entered_at = $p14, closed_at = $p15, loss_reason_id = $p16, loss_comment = $p17, lost_at_stage_id = $p18, version = version + 1 "
        + "WHERE id = $p19";

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
        await BulkTable.ExecuteEachAsync(db, UpdateSql, [[.. d[1..14], .. d[15..21], old.Id]], ct);
        var (pipelineId, stageId, ownerId, status) = ((long)d[7]!, (long)d[8]!, (long)d[9]!, Enum.Parse<DealStatus>((string)d[10]!, true));
        if (old.PipelineId != pipelineId || old.StageId != stageId || old.OwnerId != ownerId || old.Status != status || old.CreatedAt != row.CreatedAt
            || old.ClosedAt != (DateTime?)d[17])
        {
            await BulkTable.ExecuteEachAsync(db, "DELETE FROM stage_visits WHERE deal_id = $p0", [[old.Id]], ct);
            foreach (var v in row.Path) v[0] = old.Id;
            await Visits.WriteAsync(db, row.Path, ct);
        }
        Total(new StageTotals.Key(old.StageId, old.OwnerId, old.Status), old.PipelineId, -1, -old.Amount);
        if (row.LeadId is { } lead) await BulkTable.ExecuteEachAsync(db, ConvertLeadSql, [[old.Id, d[3], row.CreatedAt, lead, RunId]], ct);
        tally.Updated();
    }
}
