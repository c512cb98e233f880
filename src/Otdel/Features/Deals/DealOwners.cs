using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Platform;

namespace Otdel.Features.Deals;

/// <summary>
/// Whether a person sees every owner of a pipeline's deals: then an owner filter over many deals (board totals and
/// pages, reports) drops nothing and is left out, which keeps those reads on their covering indexes at a million deals.
/// </summary>
public static class DealOwners
{
    public static async Task<bool> AllVisibleAsync(OtdelDb db, Access access, long pipelineId, CancellationToken ct = default)
    {
        if (access.VisibleUserIds is not { } visible) return true;
        // Sees every person there is (a head over the whole department): every owner is one of them, whatever the pipeline.
        // One read of the people (a few hundred rows) instead of an index seek per owner (200 owners: 3.7 ms on PostgreSQL).
        var ids = visible.ToList();
        if (!await db.Users.AnyAsync(u => !ids.Contains(u.Id), ct)) return true;
        return (await OfPipelineAsync(db, pipelineId, ct)).All(access.CanSee);
    }

    /// <summary>
    /// The distinct owners of a pipeline's deals by a loose index scan on (pipeline_id, owner_id): one index seek
    /// per owner instead of reading every deal.
    /// </summary>
    public static Task<List<long>> OfPipelineAsync(OtdelDb db, long pipelineId, CancellationToken ct) => db.Database.SqlQuery<long>($"""
        WITH RECURSIVE o(id) AS (
            SELECT MIN(owner_id) FROM deals WHERE pipeline_id = {pipelineId}
            UNION ALL
            SELECT (SELECT MIN(d.owner_id) FROM deals d WHERE d.pipeline_id = {pipelineId} AND d.owner_id > o.id) FROM o WHERE o.id IS NOT NULL)
        SELECT id AS "Value" FROM o WHERE id IS NOT NULL
        """).ToListAsync(ct);
}
