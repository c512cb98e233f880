using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Features.Notifications;
using Otdel.Platform;

namespace Otdel.Features.Deals.Board;

/// <summary>
/// The live board: every saved change of a deal (created, moved, won, lost, edited, handed over) is announced on the
/// topic "board:{pipelineId}" as {"id","v"} — no title, amount or owner, so a board learns only that a card changed and
/// re-reads it through the access rule (board.js). A board may follow a pipeline its viewer sees.
/// </summary>
public sealed class BoardLive(OtdelDb db, Access access) : ILiveTopics
{
    public static string Topic(long pipelineId) => "board:" + pipelineId.ToString(CultureInfo.InvariantCulture);

    public async Task<bool> AllowsAsync(string topic, CancellationToken ct) =>
        topic.StartsWith("board:", StringComparison.Ordinal)
        && long.TryParse(topic.AsSpan(6), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
        && access.User is not null
        && await db.Pipelines.VisibleTo(access).AnyAsync(p => p.Id == id, ct);

    /// <summary>The deals a save is about to change, read before the save (new ones get their id from it).</summary>
    public static List<(Deal Deal, long OldPipelineId)> Collect(OtdelDb db) =>
        db.ChangeTracker.Entries<Deal>()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .Select(e => (e.Entity, e.State == EntityState.Added ? e.Entity.PipelineId : (long)e.Property(nameof(Deal.PipelineId)).OriginalValue!))
            .ToList();

    /// <summary>After the save committed: one event per deal, to its pipeline's boards (and the old one's, if it moved there).</summary>
    public static List<(string Topic, LiveEvent Event)> Events(List<(Deal Deal, long OldPipelineId)> changed)
    {
        var events = new List<(string, LiveEvent)>();
        foreach (var (deal, old) in changed)
        {
            var e = new LiveEvent("deal", $"{{\"id\":{deal.Id},\"v\":{deal.Version}}}");
            events.Add((Topic(deal.PipelineId), e));
            if (old != deal.PipelineId) events.Add((Topic(old), e));
        }
        return events;
    }
}
