using Otdel.Features.Pipelines;

namespace Otdel.Features.Deals.Pages;

/// <summary>
/// One condition a new deal must meet to start at the chosen stage, as the dialog shows it: a field to fill right there
/// (custom fields, and the built-in ones the dialog does not already ask for), the amount (asked above), or something
/// only an existing deal can have (a document, an approval) — said plainly, with the way on.
/// </summary>
public sealed record NewDealNeed(string Label, string? Input, string Type, string? Options, string? Value)
{
    /// <summary>The form name of a field condition's input ("f.need" for a custom field), null when the dialog cannot meet it.</summary>
    public bool Fillable => Input is not null;

    /// <summary>Where CreateDeal names a refused value of this input: custom fields as "fields.need".</summary>
    public string? ErrorKey => Input is { } i && i.StartsWith("f.", StringComparison.Ordinal) ? "fields." + i[2..] : Input;

    /// <summary>Built-in fields the dialog asks for anyway (title, client, amount, source) need no second input.</summary>
    static readonly string[] InDialog = ["title", "clientName", "amount", "source"];

    /// <summary>
    /// The conditions of starting at <paramref name="stageId"/>: its entry conditions, and for a seller the exit conditions
    /// of every earlier sales stage (a head brings a running deal in at any stage; CreateDeal applies the same rule).
    /// </summary>
    public static List<NewDealNeed> For(IReadOnlyList<Stage> stages, long? stageId, bool runsDepartment, IReadOnlyList<PipelineField> fields,
        Func<string, string> text, IReadOnlyDictionary<string, string?> typed)
    {
        var stage = stages.FirstOrDefault(s => s.Id == stageId);
        if (stage is null || stage.Kind != StageKind.Sales) return [];
        var conditions = stage.EntryConditions.AsEnumerable();
        if (!runsDepartment)
            conditions = stages.Where(s => s.Kind == StageKind.Sales && s.Order < stage.Order).SelectMany(s => s.ExitConditions).Concat(conditions);
        var needs = new List<NewDealNeed>();
        foreach (var c in conditions)
        {
            if (c.Kind == ConditionKind.Field && c.Field is { } key && !InDialog.Contains(key))
            {
                var custom = fields.FirstOrDefault(f => f.Key == key);
                var input = custom is null ? key : "f." + key;
                if (needs.Any(n => n.Input == input)) continue;
                var type = custom?.Type ?? (key == "expectedCloseDate" ? "date" : key == "leadScore" ? "number" : "text");
                // A condition asking for one value ("да") offers just that value.
                var options = c.Value is { } wanted && type is not "choice" ? null : custom?.Options;
                needs.Add(new NewDealNeed(c.Label ?? custom?.Label ?? key, input, type, options, typed.GetValueOrDefault(input)));
            }
            else if (c.Kind == ConditionKind.Score)
            {
                if (needs.Any(n => n.Input == "leadScore")) continue;
                needs.Add(new NewDealNeed(c.Label ?? text("Board.NeedScore"), "leadScore", "number", null, typed.GetValueOrDefault("leadScore")));
            }
            else if (c.Kind is ConditionKind.Document or ConditionKind.Approval)
            {
                needs.Add(new NewDealNeed(c.Label ?? c.DocumentKind ?? c.Position ?? "", null, Condition.Code(c.Kind), null, null));
            }
            // The amount is asked above; "field" conditions on title, client or source too.
        }
        return needs;
    }
}
