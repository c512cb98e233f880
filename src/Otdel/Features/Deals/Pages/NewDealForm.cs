using Otdel.Features.Deals;
using Otdel.Features.Deals.Board;
using Otdel.Platform;

namespace Otdel.Features.Deals.Pages;

/// <summary>The "new deal" dialog: the choices it offers, what was typed, and the refusal to show next to the fields.</summary>
public sealed record NewDealForm(long PipelineId, IReadOnlyList<BoardStage> Stages, IReadOnlyList<(long Id, string Name)> Owners,
    DealInput Values, string? AmountText, Failure? Failure, IReadOnlyList<NewDealNeed>? Needs = null)
{
    /// <summary>What the chosen stage asks of a new deal, with inputs for what can be filled in the dialog.</summary>
    public IReadOnlyList<NewDealNeed> StageNeeds => Needs ?? [];

    public string? Error(string field) => Failure?.For(field);
    public string Css(string field) => Error(field) is null ? "" : "invalid";
    public string? Banner => Failure is { Errors: not { Count: > 0 } } f ? f.Title : null;

    /// <summary>What the chosen stage still needs (a 422 from CreateDeal), named so the seller knows what to fill in.</summary>
    public IReadOnlyList<Missing> Missing => Failure?.Extensions is { } ext && ext.TryGetValue("missing", out var m) && m is IEnumerable<Missing> list
        ? list.ToList() : [];
}
