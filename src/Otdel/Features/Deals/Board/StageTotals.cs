using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Features.Organisation;

namespace Otdel.Features.Deals.Board;

/// <summary>
/// Keeps <see cref="StageTotal"/> rows in step with deals. <see cref="Collect"/> reads the pending deal changes
/// before a save, <see cref="Append"/> adds them as rows to the same save (appends, not upserts: with
/// one row per key every save of one owner in one stage queued on that row's lock until commit), <see cref="FoldAsync"/>
/// sums each key's rows back into one in the background, and <see cref="RebuildAsync"/> recomputes a pipeline after
/// bulk SQL changes. Readers always sum the rows of a key.
/// </summary>
public static class StageTotals
{
    public readonly record struct Key(long StageId, long OwnerId, DealStatus Status) : IComparable<Key>
    {
        public int CompareTo(Key o) => (StageId, OwnerId, Status).CompareTo((o.StageId, o.OwnerId, o.Status));
    }

    public sealed record Delta(Key Key, long PipelineId, long Deals, decimal Amount);

    public static List<Delta> Collect(OtdelDb db)
    {
        var sums = new SortedDictionary<Key, (long Pipeline, long Deals, decimal Amount)>();
        void Add(long pipeline, long stage, long owner, DealStatus status, long n, decimal amount)
        {
            var k = new Key(stage, owner, status);
            var (_, d, a) = sums.GetValueOrDefault(k);
            sums[k] = (pipeline, d + n, a + amount);
        }
        foreach (var e in db.ChangeTracker.Entries<Deal>())
        {
            var cur = e.Entity;
            switch (e.State)
            {
                case EntityState.Added:
                    Add(cur.PipelineId, cur.StageId, cur.OwnerId, cur.Status, 1, cur.Amount);
                    break;
                case EntityState.Deleted:
                    Add(Orig<long>(e, nameof(Deal.PipelineId)), Orig<long>(e, nameof(Deal.StageId)), Orig<long>(e, nameof(Deal.OwnerId)), Orig<DealStatus>(e, nameof(Deal.Status)), -1, -Orig<decimal>(e, nameof(Deal.Amount)));
                    break;
                case EntityState.Modified:
                    long p0 = Orig<long>(e, nameof(Deal.PipelineId)), s0 = Orig<long>(e, nameof(Deal.StageId)), o0 = Orig<long>(e, nameof(Deal.OwnerId));
                    var st0 = Orig<DealStatus>(e, nameof(Deal.Status));
                    var a0 = Orig<decimal>(e, nameof(Deal.Amount));
                    if (p0 == cur.PipelineId && s0 == cur.StageId && o0 == cur.OwnerId && st0 == cur.Status && a0 == cur.Amount) break;
                    Add(p0, s0, o0, st0, -1, -a0);
                    Add(cur.PipelineId, cur.StageId, cur.OwnerId, cur.Status, 1, cur.Amount);
                    break;
            }
        }
        return sums.Where(s => s.Value.Deals != 0 || s.Value.Amount != 0)
            .Select(s => new Delta(s.Key, s.Value.Pipeline, s.Value.Deals, s.Value.Amount)).ToList();
    }

    static T Orig<T>(Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry<Deal> e, string property) => (T)e.Property(property).OriginalValue!;

    /// <summary>Adds the deltas as new rows to the pending save, so they ride in its batch (no round trip of their own).</summary>
    public static void Append(OtdelDb db, IReadOnlyList<Delta> deltas) =>
        db.StageTotals.AddRange(deltas.Select(d => new StageTotal
        {
            StageId = d.Key.StageId, OwnerId = d.Key.OwnerId, Status = d.Key.Status, PipelineId = d.PipelineId, Deals = d.Deals, Amount = d.Amount,
        }));

    const string Columns = "stage_id, owner_id, status, pipeline_id";

    /// <summary>
    /// Sums the rows of every key that has more than one into a single row (dropping keys that sum to nothing); returns
    /// the rows the engine reports changed, for the log. Safe beside concurrent saves and folds on other instances: on PostgreSQL the rows are
    /// deleted and summed by one statement (a row is deleted once, so summed once; rows committed meanwhile stay for the
    /// next fold); SQLite runs it as one write transaction, which nothing interleaves with.
    /// </summary>
    public static async Task<int> FoldAsync(OtdelDb db, CancellationToken ct = default)
    {
        const string Crowded = "(" + Columns + ") IN (SELECT " + Columns + " FROM stage_totals GROUP BY " + Columns + " HAVING COUNT(*) > 1)";
        static string Sums(string from) => "INSERT INTO stage_totals (" + Columns + ", deals, amount) SELECT " + Columns + ", SUM(deals), SUM(amount) FROM "
            + from + " GROUP BY " + Columns + " HAVING SUM(deals) <> 0 OR SUM(amount) <> 0";
#pragma warning disable EF1003 // only constant SQL is concatenated; the one value is a parameter
        if (!db.IsSqlite)
            return await db.Database.ExecuteSqlRawAsync(
                "WITH gone AS (DELETE FROM stage_totals WHERE " + Crowded + " RETURNING " + Columns + ", deals, amount) " + Sums("gone"), ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var last = await db.StageTotals.MaxAsync(t => (long?)t.Id, ct) ?? 0;
        await db.Database.ExecuteSqlRawAsync(Sums("(SELECT * FROM stage_totals WHERE id <= {0} AND " + Crowded + ") old"), [last], ct);
        var removed = await db.Database.ExecuteSqlRawAsync("DELETE FROM stage_totals WHERE id <= {0} AND " + Crowded, [last], ct);
#pragma warning restore EF1003
        await tx.CommitAsync(ct);
        return removed;
    }

    /// <summary>Recomputes the totals from the deals — of one pipeline, or of all — after bulk SQL (stage deletion, imports, loads).</summary>
    public static async Task RebuildAsync(OtdelDb db, long? pipelineId = null, CancellationToken ct = default)
    {
        const string Insert = "INSERT INTO stage_totals (stage_id, owner_id, status, pipeline_id, deals, amount) SELECT stage_id, owner_id, status, pipeline_id, COUNT(*), SUM(amount) FROM deals";
        const string Group = " GROUP BY stage_id, owner_id, status, pipeline_id";
        if (pipelineId is { } id)
        {
            await db.Database.ExecuteSqlRawAsync("DELETE FROM stage_totals WHERE pipeline_id = {0}", [id], ct);
            await db.Database.ExecuteSqlRawAsync(Insert + " WHERE pipeline_id = {0}" + Group, [id], ct);
        }
        else
        {
            await db.Database.ExecuteSqlRawAsync("DELETE FROM stage_totals", ct);
            await db.Database.ExecuteSqlRawAsync(Insert + Group, ct);
        }
    }
}
