using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Features.Pipelines;
using Otdel.Platform;

namespace Otdel.Features.Deals.Board;

/// <summary>What narrows the board; every value comes from the URL so a view can be shared.</summary>
public sealed record BoardFilter
{
    public long? OwnerId { get; init; }
    public long? TeamId { get; init; }
    public string? Source { get; init; }
    public decimal? MinAmount { get; init; }
    public decimal? MaxAmount { get; init; }
    public bool Overdue { get; init; }
    public string? Q { get; init; }

    public bool IsEmpty => OwnerId is null && TeamId is null && string.IsNullOrWhiteSpace(Source) && MinAmount is null
        && MaxAmount is null && !Overdue && string.IsNullOrWhiteSpace(Q);
}

public sealed record BoardStage(long Id, string Name, string? Group, int Order, StageKind Kind, int? TimeLimitHours,
    Organisation.Position? Responsible = null);

public sealed record BoardCard(long Id, string Title, string? ClientName, decimal Amount, string Currency, long StageId,
    long OwnerId, string OwnerName, DateTime StageEnteredAt, DateTime? StageDueAt, int Version, bool IsOverdue, NextStep? Next = null);

public sealed record BoardColumn(BoardStage Stage, int Count, decimal Sum, IReadOnlyList<BoardCard> Cards, string? NextCursor);

public sealed record BoardPipeline(long Id, string Name);

public sealed record BoardView(BoardPipeline Pipeline, IReadOnlyList<BoardColumn> Columns, DateTime Now);

/// <summary>
/// The read side of the kanban board. Every query is bounded: counts and sums come from the per-owner
/// <see cref="StageTotal"/> rows (or, under content filters, an aggregate over the deals), and each column reads one
/// keyset page over (stage, status, entered, id),
/// so the board costs the same with 100 or 100,000 open deals. Sales columns hold open deals, post-sale columns won ones.
/// </summary>
public sealed class BoardQuery(OtdelDb db, Access access, TimeProvider clock, INextSteps nextSteps)
{
    public const int PageSize = 20;

    /// <summary>Set per load: the caller sees every owner of the pipeline's deals, so no owner filter is needed.</summary>
    bool seesAll;

    /// <summary>The pipelines a person can open a board of, in name order.</summary>
    public async Task<List<BoardPipeline>> PipelinesAsync(CancellationToken ct = default)
    {
        return await db.Pipelines.VisibleTo(access).AsNoTracking().Where(p => !p.IsArchived).OrderBy(p => p.Name).ThenBy(p => p.Id).Select(p => new BoardPipeline(p.Id, p.Name)).ToListAsync(ct);
    }

    public async Task<List<BoardStage>> StagesAsync(long pipelineId, CancellationToken ct = default) =>
        await db.Stages.VisibleTo(access).AsNoTracking().Where(s => s.PipelineId == pipelineId).OrderBy(s => s.Order).ThenBy(s => s.Id)
            .Select(s => new BoardStage(s.Id, s.Name, s.Group, s.Order, s.Kind, s.TimeLimitHours, s.ResponsiblePosition)).ToListAsync(ct);

    /// <summary>The whole board: every column's count, sum and first page. Null when the pipeline is unknown.</summary>
    public async Task<BoardView?> LoadAsync(long pipelineId, BoardFilter filter, int pageSize = PageSize, CancellationToken ct = default)
    {
        var pipeline = await db.Pipelines.VisibleTo(access).AsNoTracking().Where(p => p.Id == pipelineId).Select(p => new BoardPipeline(p.Id, p.Name)).FirstOrDefaultAsync(ct);
        if (pipeline is null) return null;
        var now = clock.GetUtcNow().UtcDateTime;
        var stages = await StagesAsync(pipelineId, ct);
        seesAll = await DealOwners.AllVisibleAsync(db, access, pipelineId, ct);
        var totals = await TotalsAsync(pipelineId, stages, filter, now, ct);
        var pages = await FirstPagesAsync(stages, filter, pageSize, now, ct);
        var names = await OwnerNamesAsync(pages.SelectMany(p => p.Rows).Select(r => r.OwnerId), ct);
        var steps = await nextSteps.OfDealsAsync(pages.SelectMany(p => p.Rows).Select(r => r.Id).ToList(), ct);
        var columns = pages.Select(p =>
        {
            var t = totals.GetValueOrDefault(p.Stage.Id);
            return new BoardColumn(p.Stage, t.Count, t.Sum, p.Rows.Select(r => r.ToCard(names, now, steps)).ToList(), p.Next);
        }).ToList();
        return new BoardView(pipeline, columns, now);
    }

    /// <summary>One more page of a column ("show more"), or its first page again when the cursor is null.</summary>
    public async Task<BoardColumn?> ColumnAsync(long stageId, BoardFilter filter, string? cursor, int pageSize = PageSize, CancellationToken ct = default)
    {
        var stage = await db.Stages.VisibleTo(access).AsNoTracking().Where(s => s.Id == stageId)
            .Select(s => new { s.PipelineId, View = new BoardStage(s.Id, s.Name, s.Group, s.Order, s.Kind, s.TimeLimitHours, s.ResponsiblePosition) })
            .FirstOrDefaultAsync(ct);
        if (stage is null) return null;
        var now = clock.GetUtcNow().UtcDateTime;
        seesAll = await DealOwners.AllVisibleAsync(db, access, stage.PipelineId, ct);
        var (rows, next) = await PageAsync(stage.View, filter, cursor, pageSize, now, ct);
        var names = await OwnerNamesAsync(rows.Select(r => r.OwnerId), ct);
        var steps = await nextSteps.OfDealsAsync(rows.Select(r => r.Id).ToList(), ct);
        var totals = await TotalsAsync(stage.PipelineId, [stage.View], filter, now, ct);
        var t = totals.GetValueOrDefault(stageId);
        return new BoardColumn(stage.View, t.Count, t.Sum, rows.Select(r => r.ToCard(names, now, steps)).ToList(), next);
    }

    /// <summary>Count and sum of every column under the filter, by stage id.</summary>
    public Task<Dictionary<long, (int Count, decimal Sum)>> TotalsAsync(long pipelineId, IReadOnlyList<BoardStage> stages, BoardFilter filter, CancellationToken ct = default) =>
        TotalsAsync(pipelineId, stages, filter, clock.GetUtcNow().UtcDateTime, ct);

    async Task<Dictionary<long, (int Count, decimal Sum)>> TotalsAsync(long pipelineId, IReadOnlyList<BoardStage> stages, BoardFilter filter, DateTime now, CancellationToken ct)
    {
        var result = new Dictionary<long, (int, decimal)>();
        var byOwnerOnly = filter with { OwnerId = null, TeamId = null };
        foreach (var (status, kind) in new[] { (DealStatus.Open, StageKind.Sales), (DealStatus.Won, StageKind.PostSale) })
        {
            var ids = stages.Where(s => s.Kind == kind).Select(s => s.Id).ToList();
            if (ids.Count == 0) continue;
            List<(long Key, int Count, decimal Sum)> rows;
            if (byOwnerOnly.IsEmpty)
            {
                // Filters by person only: the kept per-owner totals answer without touching the deals.
                var t = db.StageTotals.AsNoTracking().Where(x => x.PipelineId == pipelineId && x.Status == status);
                if (!seesAll) t = access.Visible(t, x => x.OwnerId);
                if (filter.OwnerId is { } owner) t = t.Where(x => x.OwnerId == owner);
                if (filter.TeamId is { } team) t = t.Where(x => db.Users.Any(u => u.Id == x.OwnerId && u.TeamId == team));
                rows = (await t.GroupBy(x => x.StageId).Select(g => new { g.Key, Count = g.Sum(x => x.Deals), Sum = g.Sum(x => x.Amount) }).ToListAsync(ct))
                    .Select(r => (r.Key, (int)r.Count, r.Sum)).ToList();
            }
            else
            {
                var q = Filtered(db.Deals.AsNoTracking().Where(d => d.PipelineId == pipelineId && d.Status == status), filter, now);
                rows = (await q.GroupBy(d => d.StageId).Select(g => new { g.Key, Count = g.Count(), Sum = g.Sum(d => d.Amount) }).ToListAsync(ct))
                    .Select(r => (r.Key, r.Count, r.Sum)).ToList();
            }
            // A won deal left in a sales stage (a pipeline without post-sale stages) belongs to no column.
            foreach (var r in rows.Where(r => ids.Contains(r.Key))) result[r.Key] = (r.Count, r.Sum);
        }
        return result;
    }

    /// <summary>
    /// Every column's first page in one query (a UNION ALL of one keyset page per stage): a board of 13 columns read column
    /// by column paid 13 round trips and 13 runs of EF's query pipeline.
    /// </summary>
    async Task<List<(BoardStage Stage, List<CardRow> Rows, string? Next)>> FirstPagesAsync(IReadOnlyList<BoardStage> stages, BoardFilter filter,
        int pageSize, DateTime now, CancellationToken ct)
    {
        IQueryable<Deal>? all = null;
        foreach (var stage in stages)
        {
            var page = Page(stage, filter, null, pageSize, now);
            all = all is null ? page : all.Concat(page);
        }
        var rows = all is null ? [] : await Cards(all).ToListAsync(ct);
        // UNION ALL keeps no order of its own: each column's cards are put back in the keyset's order here.
        var byStage = rows.ToLookup(r => r.StageId);
        return stages.Select(s => Trimmed(s, byStage[s.Id].OrderBy(r => r.StageEnteredAt).ThenBy(r => r.Id).ToList(), pageSize)).ToList();
    }

    async Task<(List<CardRow> Rows, string? Next)> PageAsync(BoardStage stage, BoardFilter filter, string? cursor, int pageSize, DateTime now, CancellationToken ct)
    {
        var (_, rows, next) = Trimmed(stage, await Cards(Page(stage, filter, cursor, pageSize, now)).ToListAsync(ct), pageSize);
        return (rows, next);
    }

    /// <summary>One keyset page of a column, and one card more to tell whether there is a next page.</summary>
    IQueryable<Deal> Page(BoardStage stage, BoardFilter filter, string? cursor, int pageSize, DateTime now)
    {
        var status = stage.Kind == StageKind.PostSale ? DealStatus.Won : DealStatus.Open;
        var stageId = stage.Id;
        var q = Filtered(db.Deals.AsNoTracking().Where(d => d.StageId == stageId && d.Status == status), filter, now);
        if (Cursor.TryParse(cursor, out var at, out var afterId))
            q = q.Where(d => d.StageEnteredAt > at || (d.StageEnteredAt == at && d.Id > afterId));
        return q.OrderBy(d => d.StageEnteredAt).ThenBy(d => d.Id).Take(pageSize + 1);
    }

    static IQueryable<CardRow> Cards(IQueryable<Deal> q) =>
        q.Select(d => new CardRow(d.Id, d.Title, d.ClientName, d.Amount, d.Currency, d.StageId, d.OwnerId, d.StageEnteredAt, d.StageDueAt, d.Version));

    static (BoardStage Stage, List<CardRow> Rows, string? Next) Trimmed(BoardStage stage, List<CardRow> rows, int pageSize)
    {
        string? next = null;
        if (rows.Count > pageSize)
        {
            rows.RemoveAt(rows.Count - 1);
            next = Cursor.Of(rows[^1].StageEnteredAt, rows[^1].Id);
        }
        return (stage, rows, next);
    }

    /// <summary>One card as the board shows it (after a move, the card is re-rendered from here). Null if not visible.</summary>
    public async Task<BoardCard?> CardAsync(long dealId, BoardFilter? filter = null, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        // Under the board's filters, and only where a column would show it: open in a sales stage, won in a post-sale one.
        var row = await Filtered(db.Deals.AsNoTracking().Where(d => d.Id == dealId), filter ?? new BoardFilter(), now)
            .Where(d => db.Stages.Any(s => s.Id == d.StageId
                && (d.Status == DealStatus.Open ? s.Kind == StageKind.Sales : d.Status == DealStatus.Won && s.Kind == StageKind.PostSale)))
            .Select(d => new CardRow(d.Id, d.Title, d.ClientName, d.Amount, d.Currency, d.StageId, d.OwnerId, d.StageEnteredAt, d.StageDueAt, d.Version))
            .FirstOrDefaultAsync(ct);
        if (row is null) return null;
        return row.ToCard(await OwnerNamesAsync([row.OwnerId], ct), now, await nextSteps.OfDealsAsync([row.Id], ct));
    }

    IQueryable<Deal> Filtered(IQueryable<Deal> q, BoardFilter f, DateTime now)
    {
        if (!seesAll) q = q.VisibleTo(access);
        if (f.OwnerId is { } owner) q = q.Where(d => d.OwnerId == owner);
        if (f.TeamId is { } team) q = q.Where(d => db.Users.Any(u => u.Id == d.OwnerId && u.TeamId == team));
        if (!string.IsNullOrWhiteSpace(f.Source)) { var source = f.Source.Trim(); q = q.Where(d => d.Source == source); }
        if (f.MinAmount is { } min) q = q.Where(d => d.Amount >= min);
        if (f.MaxAmount is { } max) q = q.Where(d => d.Amount <= max);
        if (f.Overdue) q = q.OverdueAt(now);
        if (!string.IsNullOrWhiteSpace(f.Q))
        {
            // The key is stored lower-cased in .NET, because SQLite's lower() leaves Cyrillic as it is.
            var key = f.Q.Trim().ToLower(CultureInfo.InvariantCulture);
            q = q.Where(d => d.SearchKey.Contains(key));
        }
        return q;
    }

    async Task<Dictionary<long, string>> OwnerNamesAsync(IEnumerable<long> ids, CancellationToken ct)
    {
        var list = ids.Distinct().ToList();
        if (list.Count == 0) return [];
        return await db.Users.AsNoTracking().Where(u => list.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.FullName, ct);
    }

    sealed record CardRow(long Id, string Title, string? ClientName, decimal Amount, string Currency, long StageId, long OwnerId,
        DateTime StageEnteredAt, DateTime? StageDueAt, int Version)
    {
        public BoardCard ToCard(Dictionary<long, string> names, DateTime now, IReadOnlyDictionary<long, NextStep> next) =>
            new(Id, Title, ClientName, Amount, Currency, StageId, OwnerId, names.GetValueOrDefault(OwnerId, "?"), StageEnteredAt, StageDueAt,
                Version, Overdue.Is(DealStatus.Open, StageDueAt, now), next.GetValueOrDefault(Id)); // the board shows open and won deals only, never lost ones
    }

    /// <summary>An opaque "show more" cursor: the last card's stage-entry time and id.</summary>
    static class Cursor
    {
        public static string Of(DateTime at, long id) => $"{at.Ticks}_{id}";

        public static bool TryParse(string? s, out DateTime at, out long id)
        {
            at = default; id = 0;
            var parts = s?.Split('_');
            if (parts is not { Length: 2 } || !long.TryParse(parts[0], out var ticks) || !long.TryParse(parts[1], out id)
                || ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks) return false;
            at = new DateTime(ticks, DateTimeKind.Utc);
            return true;
        }
    }
}
