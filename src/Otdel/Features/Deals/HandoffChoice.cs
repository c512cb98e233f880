using Otdel.Features.Pipelines;

namespace Otdel.Features.Deals;

/// <summary>A person who may receive a deal: their open deals count only matters to "least loaded".</summary>
public sealed record HandoffCandidate(long Id, string? Segment, int OpenDeals = 0);

/// <summary>
/// Who gets a deal entering a stage, by rule. Pure: the caller loads the candidates (active people of the
/// stage's responsible position in the department, ordered by id) and the round-robin cursor (the stage's last handoff in turn).
/// </summary>
public static class HandoffChoice
{
    /// <summary>The new owner and the rule that chose them, or null to keep the current owner.</summary>
    public static (long UserId, HandoffBy Rule)? Choose(HandoffRule rule, IReadOnlyList<HandoffCandidate> candidates,
        long? lastAssigneeId, string? dealSegment, long? namedUserId, long? previousExecutorId = null)
    {
        if (rule == HandoffRule.KeepOwner) return null;
        if (rule == HandoffRule.NamedPerson && namedUserId is { } named) return (named, HandoffBy.NamedPerson);
        if (candidates.Count == 0) return null;
        // A deal coming back to a stage goes back to whoever worked it there, if they still can.
        if (previousExecutorId is { } prev && candidates.Any(c => c.Id == prev)) return (prev, HandoffBy.Return);
        switch (rule)
        {
            case HandoffRule.LeastLoaded:
                var least = candidates.OrderBy(c => c.OpenDeals).ThenBy(c => c.Id).First();
                return (least.Id, HandoffBy.LeastLoaded);
            case HandoffRule.Segment when !string.IsNullOrWhiteSpace(dealSegment):
                var same = candidates.Where(c => string.Equals(c.Segment?.Trim(), dealSegment.Trim(), StringComparison.OrdinalIgnoreCase)).ToList();
                if (same.Count > 0) return (RoundRobin(same, lastAssigneeId), HandoffBy.Segment);
                break;
        }
        return (RoundRobin(candidates, lastAssigneeId), HandoffBy.RoundRobin);
    }

    /// <summary>The next person after the last one given a deal, in id order, wrapping around.</summary>
    public static long RoundRobin(IReadOnlyList<HandoffCandidate> candidates, long? lastAssigneeId)
    {
        var ordered = candidates.OrderBy(c => c.Id).ToList();
        return (lastAssigneeId is { } last ? ordered.FirstOrDefault(c => c.Id > last) : null)?.Id ?? ordered[0].Id;
    }
}
