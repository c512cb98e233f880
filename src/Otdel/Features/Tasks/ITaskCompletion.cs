namespace Otdel.Features.Tasks;

/// <summary>
/// What other capabilities do when a task is completed, in the completion's own save — Activities records the call
/// (with what came of it, a word it checks: a bad one is added to the request's errors and nothing is saved), meeting or
/// e-mail a task of that kind stood for. The task is tracked and already marked done; the caller saves.
/// </summary>
public interface ITaskCompletion
{
    Task CompletedAsync(WorkTask task, string? callResult, CancellationToken ct);
}
