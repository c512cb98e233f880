using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Otdel.Data;
using Otdel.Features.Organisation;
using Otdel.Features.Pipelines;
using Otdel.Resources;

namespace Otdel.Features.Deals;

/// <summary>What a deal has, as far as conditions care: built-in and custom fields, attachments, approvals.</summary>
public sealed record DealFacts(Deal Deal, IReadOnlySet<string> DocumentKinds, IReadOnlySet<Position> Approvals);

/// <summary>
/// Checks a stage's conditions against a deal and says in the user's language exactly what is missing.
/// Conditions are data (<see cref="Condition"/>); the evaluation itself is pure (<see cref="IsMet"/>).
/// </summary>
public static class DealRequirements
{
    /// <summary>Built-in deal fields a "field" condition may name, besides the pipeline's custom fields.</summary>
    public static readonly string[] BuiltIn = Condition.BuiltInFields;

    public static async Task<List<Missing>> Check(OtdelDb db, Deal deal, IEnumerable<Condition> conditions, IStringLocalizer t)
    {
        var list = conditions.ToList();
        if (list.Count == 0) return [];
        IReadOnlySet<string> docs = new HashSet<string>();
        IReadOnlySet<Position> approvals = new HashSet<Position>();
        if (list.Any(c => c.Kind == ConditionKind.Document) && deal.Id != 0)
            docs = (await db.Attachments.Where(a => a.DealId == deal.Id).Select(a => a.Kind).Distinct().ToListAsync()).ToHashSet();
        if (list.Any(c => c.Kind == ConditionKind.Approval) && deal.Id != 0)
            approvals = (await db.Approvals.Where(a => a.DealId == deal.Id).Select(a => a.Position).Distinct().ToListAsync()).ToHashSet();
        var facts = new DealFacts(deal, docs, approvals);
        var unmet = list.Where(c => !IsMet(c, facts)).ToList();
        if (unmet.Count == 0) return [];

        var labels = new Dictionary<string, string>();
        if (unmet.Any(c => c.Kind == ConditionKind.Field && c.Field is { } f && !BuiltIn.Contains(f)))
            labels = await db.PipelineFields.Where(f => f.PipelineId == deal.PipelineId).ToDictionaryAsync(f => f.Key, f => f.Label);
        return unmet.Select(c => new Missing(Condition.Code(c.Kind), c.Field ?? c.DocumentKind ?? c.Position, Message(c, labels, t))).ToList();
    }

    public static bool IsMet(Condition c, DealFacts facts)
    {
        var d = facts.Deal;
        switch (c.Kind)
        {
            case ConditionKind.Field:
                var value = c.Field is null ? null : ValueOf(d, c.Field);
                if (string.IsNullOrWhiteSpace(value)) return false;
                return c.Value is null || string.Equals(value.Trim(), c.Value.Trim(), StringComparison.OrdinalIgnoreCase);
            case ConditionKind.Amount:
                return d.Amount > (c.Min ?? 0);
            case ConditionKind.Document:
                return c.DocumentKind is { } kind && facts.DocumentKinds.Contains(kind);
            case ConditionKind.Approval:
                return Positions.TryParse(c.Position, out var p) && facts.Approvals.Contains(p);
            case ConditionKind.Score:
                return d.LeadScore is { } score && score >= (c.Min ?? 0);
            default:
                return false; // an unknown kind (from a newer version) blocks rather than lets an empty card through
        }
    }

    public static string? ValueOf(Deal d, string field) => field switch
    {
        "title" => d.Title,
        "clientName" => d.ClientName,
        "expectedCloseDate" => d.ExpectedCloseDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        "source" => d.Source,
        "segment" => d.Segment,
        "products" => d.Products,
        "leadScore" => d.LeadScore?.ToString(CultureInfo.InvariantCulture),
        "amount" => d.Amount > 0 ? d.Amount.ToString(CultureInfo.InvariantCulture) : null,
        _ => d.Fields.TryGetValue(field, out var v) ? v : null,
    };

    static string Message(Condition c, IReadOnlyDictionary<string, string> labels, IStringLocalizer t)
    {
        string FieldLabel(string f) => BuiltIn.Contains(f) ? t["Deals.Field." + f] : labels.TryGetValue(f, out var l) ? l : f;
        return c.Kind switch
        {
            ConditionKind.Field when c.Value is not null => t["Deals.Missing.FieldValue", FieldLabel(c.Field ?? ""), c.Value],
            ConditionKind.Field => t["Deals.Missing.Field", FieldLabel(c.Field ?? "")],
            ConditionKind.Amount => (c.Min ?? 0) == 0 ? t["Deals.Missing.Amount"] : t["Deals.Missing.AmountMin", Platform.Localisation.Money(c.Min!.Value)],
            ConditionKind.Document => t["Deals.Missing.Document", t["Deals.DocKind." + c.DocumentKind].Value.ToLower(CultureInfo.CurrentCulture)],
            ConditionKind.Approval => t["Deals.Missing.Approval", t["Position." + c.Position]],
            ConditionKind.Score => t["Deals.Missing.Score", c.Min ?? 0],
            _ => c.Label ?? Condition.Code(c.Kind),
        };
    }
}
