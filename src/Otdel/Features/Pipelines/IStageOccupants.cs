namespace Otdel.Features.Pipelines;

/// <summary>
/// What lives in a stage — deals and their history — as the pipeline settings need it: counts to show, and moving it
/// all to another stage when a stage is removed. Implemented by the Deals capability (<c>Deals/StageOccupants</c>), so
/// Pipelines does not depend on Deals (dependencies run Deals → Pipelines → Organisation).
/// </summary>
public interface IStageOccupants
{
    Task<Dictionary<long, int>> DealCountsAsync(IReadOnlyCollection<long> stageIds, CancellationToken ct);

    Task<bool> HasHistoryAsync(long stageId, CancellationToken ct);

    /// <summary>Moves the stage's deals, visits, handoffs and loss records to <paramref name="toStageId"/> (bulk, in the caller's transaction).</summary>
    Task MoveAllAsync(long pipelineId, long fromStageId, long toStageId, CancellationToken ct);
}
