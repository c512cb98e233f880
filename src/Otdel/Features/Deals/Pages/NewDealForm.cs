using Otdel.Features.Deals;
using Otdel.Features.Deals.Board;
using Otdel.Platform;

namespace Otdel.Features.Deals.Pages;

/// <summary>The "new deal" dialog: the choices it offers, what was typed, and the refusal to show next to the fields.</summary>
public sealed record NewDealForm(long PipelineId, IReadOnlyList<BoardStage> Stages, IReadOnlyList<(long Id, string Name)> Owners,
    DealInput Values, string? AmountText, Failure? Failure)
{
    public string? Error(string field) => Failure?.For(field);
    public string Css(string field) => Error(field) is null ? "" : "invalid";
    public string? Banner => Failure is { Errors: not { Count: > 0 } } f ? f.Title : null;
}
