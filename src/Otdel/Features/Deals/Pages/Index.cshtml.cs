using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Features.Deals.Board;
using Otdel.Platform;
using Otdel.Resources;
using Microsoft.Extensions.Localization;

namespace Otdel.Features.Deals.Pages;

/// <summary>
/// The kanban board. Filters live in the query string (a view is a link); fragments serve one column's next page,
/// one card after a move, and the columns' totals. Moves themselves go to POST /api/v1/deals/{id}/move from board.js.
/// </summary>
public sealed class IndexModel(BoardQuery board, OtdelDb db, Access access) : PageModel
{
    [BindProperty(SupportsGet = true)] public long? PipelineId { get; set; }
    [BindProperty(SupportsGet = true)] public long? Owner { get; set; }
    [BindProperty(SupportsGet = true)] public long? Team { get; set; }
    [BindProperty(SupportsGet = true)] public string? Source { get; set; }
    [BindProperty(SupportsGet = true)] public string? Min { get; set; }
    [BindProperty(SupportsGet = true)] public string? Max { get; set; }
    [BindProperty(SupportsGet = true)] public bool Overdue { get; set; }
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }

    public List<BoardPipeline> Pipelines { get; private set; } = [];
    public BoardView? Board { get; private set; }
    public List<(long Id, string Name)> Owners { get; private set; } = [];
    public List<(long Id, string Name)> Teams { get; private set; } = [];

    /// <summary>An amount bound that is not a sum (or is negative) is said by the filter, not silently dropped.</summary>
    public bool AmountInvalid => (!string.IsNullOrWhiteSpace(Min) && Bound(Min) is null) || (!string.IsNullOrWhiteSpace(Max) && Bound(Max) is null);

    /// <summary>An amount bound as typed (Russian ways included), or null when it is not a sum of zero or more.</summary>
    static decimal? Bound(string? text) => RuInput.TryParseMoney(text, out var v) && v >= 0 ? v : null;

    public BoardFilter Filter => new()
    {
        OwnerId = Owner, TeamId = Team, Source = Source, Overdue = Overdue, Q = Q,
        MinAmount = Bound(Min),
        MaxAmount = Bound(Max),
    };

    /// <summary>The current filters as a query string, for fragment requests and links.</summary>
    public string FilterQuery()
    {
        var pairs = new List<string>();
        void Add(string k, string? v) { if (!string.IsNullOrWhiteSpace(v)) pairs.Add(k + "=" + Uri.EscapeDataString(v)); }
        Add("pipelineId", PipelineId?.ToString());
        Add("owner", Owner?.ToString());
        Add("team", Team?.ToString());
        Add("source", Source);
        Add("min", Min);
        Add("max", Max);
        if (Overdue) Add("overdue", "true");
        Add("q", Q);
        return string.Join("&", pairs);
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Pipelines = await board.PipelinesAsync(ct);
        if (PipelineId is null || Pipelines.All(p => p.Id != PipelineId)) PipelineId = Pipelines.FirstOrDefault()?.Id;
        if (PipelineId is { } id) Board = await board.LoadAsync(id, Filter, ct: ct);
        Owners = await Organisation.Assignable.PeopleAsync(db, access, ct);
        if (access.Scope != Scope.Own)
            Teams = (await db.Teams.AsNoTracking().Where(t => access.Scope == Scope.All || t.DepartmentId == access.User!.DepartmentId)
                    .OrderBy(t => t.Name).Select(t => new { t.Id, t.Name }).ToListAsync(ct))
                .Select(t => (t.Id, t.Name)).ToList();
        return Page();
    }

    /// <summary>
    /// A seller's board opens on the stages their position works: the others fold to a narrow strip (count kept), one
    /// click away. Heads and team leads see every column open. Nothing folds when no stage is the seller's.
    /// </summary>
    public bool Foldable(BoardStage stage) =>
        access.Scope == Scope.Own && access.User?.Position is { } mine && stage.Responsible is { } who && who != mine
        && Board is { } b && b.Columns.Any(c => c.Stage.Responsible == mine);

    /// <summary>Folded when first shown; board.js remembers which ones the seller opened.</summary>
    public bool Folds(BoardStage stage) => Foldable(stage);

    /// <summary>Consecutive columns of one seed-level stage (стадия), shown under one header.</summary>
    public static List<List<BoardColumn>> Groups(IReadOnlyList<BoardColumn> columns)
    {
        var groups = new List<List<BoardColumn>>();
        foreach (var c in columns)
        {
            var last = groups.LastOrDefault();
            if (last is not null && last[0].Stage.Kind == c.Stage.Kind && (last[0].Stage.Group ?? last[0].Stage.Name) == (c.Stage.Group ?? c.Stage.Name)) last.Add(c);
            else groups.Add([c]);
        }
        return groups;
    }

    public NewDealForm NewDeal() => new(PipelineId ?? 0,
        Board?.Columns.Where(c => c.Stage.Kind == Otdel.Features.Pipelines.StageKind.Sales).Select(c => c.Stage).ToList() ?? [],
        Owners, new Otdel.Features.Deals.DealInput { OwnerId = access.User?.Id, StageId = Board?.Columns.FirstOrDefault()?.Stage.Id }, null, null);

    /// <summary>"Show more" of one column, or the whole column again after a conflicting move.</summary>
    public async Task<IActionResult> OnGetColumnAsync(long stageId, string? cursor, CancellationToken ct)
    {
        var column = await board.ColumnAsync(stageId, Filter, cursor, ct: ct);
        if (column is null) return NotFound();
        Response.Headers["X-Board-Count"] = column.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Partial("_Cards", new CardsModel(column, FilterQuery()));
    }

    /// <summary>One card as the board shows it, under the board's filters: 404 when it no longer belongs on this board.</summary>
    public async Task<IActionResult> OnGetCardAsync(long id, CancellationToken ct) =>
        await board.CardAsync(id, Filter, ct) is { } card ? Partial("_Card", card) : NotFound();

    /// <summary>Every column's count and sum under the current filters, and the board's summary line, after a card moved.</summary>
    public async Task<IActionResult> OnGetTotalsAsync([FromServices] IStringLocalizer<Text> t, CancellationToken ct)
    {
        if (PipelineId is not { } id) return NotFound();
        var stages = await board.StagesAsync(id, ct);
        var totals = await board.TotalsAsync(id, stages, Filter, ct);
        var count = stages.Sum(s => totals.GetValueOrDefault(s.Id).Count);
        var sum = stages.Where(s => s.Kind == Otdel.Features.Pipelines.StageKind.Sales).Sum(s => totals.GetValueOrDefault(s.Id).Sum);
        return new JsonResult(new
        {
            summary = t["Board.Summary", count, Localisation.Money(sum)].Value,
            stages = stages.ToDictionary(s => s.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), s =>
            {
                var c = totals.GetValueOrDefault(s.Id);
                return new { count = c.Count, sum = Localisation.Money(c.Sum) };
            }),
        });
    }
}

public sealed record CardsModel(BoardColumn Column, string FilterQuery);
