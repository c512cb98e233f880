using Otdel.Data;
using Otdel.Features.Audit;
using Otdel.Features.Pipelines;
using Otdel.Platform;

namespace Otdel.Features.Deals;

/// <summary>
/// The one override rule for unmet stage conditions, used by moves and wins alike: only a head (or their acting
/// deputy) may pass them, with a reason of at most <see cref="MaxReason"/> characters, and the override is recorded in
/// the deal's history. The same answer on both engines: a reason too long is refused before anything is written.
/// </summary>
public static class StageOverride
{
    public const int MaxReason = 1000;

    /// <summary>The trimmed reason when the caller may override, else the refusal (422 naming what is missing, 403, or 400).</summary>
    public static Outcome<string> Check(Access access, Problems problems, Microsoft.Extensions.Localization.IStringLocalizer t,
        string? reason, List<Missing> missing)
    {
        if (string.IsNullOrWhiteSpace(reason)) return DealRules.Unmet(t, missing);
        if (!access.RunsDepartment) return problems.Forbidden();
        var trimmed = reason.Trim();
        if (trimmed.Length > MaxReason) return problems.Bad("overrideReason", "Error.TooLong", MaxReason);
        if (Inputs.HasControlCharacters(trimmed)) return problems.Bad("overrideReason", "Error.ControlChars");
        return trimmed;
    }

    /// <summary>Adds the override's history row to the unit of work that saves the move or the win.</summary>
    public static void Record(OtdelDb db, Deal deal, Stage from, string to, string reason, List<Missing> missing) =>
        db.Audit.Add(new AuditEntry
        {
            Entity = Deal.AuditName, EntityId = deal.Id, Action = "override", Field = "stageId",
            OldValue = Cut($"{from.Name} → {to}: " + string.Join("; ", missing.Select(m => m.Message))),
            NewValue = Cut(reason), UserId = db.Actor.UserId, UserName = db.Actor.Name, Channel = db.Actor.Channel, At = db.UtcNow,
        });

    static string Cut(string s) => s.Length > 2000 ? s[..2000] : s;
}
