namespace Otdel.Features.Pipelines;

/// <summary>
/// Told when a pipeline has been created from a template, inside the creating transaction, so a capability that ships
/// defaults for the template (automation's rules) adds them with it.
/// </summary>
public interface IPipelineCreated
{
    Task CreatedAsync(Pipeline pipeline, IReadOnlyList<Stage> stages, long byUserId, CancellationToken ct);
}
