using Microsoft.Extensions.Localization;
using Otdel.Features.Pipelines;
using Otdel.Resources;

namespace Otdel.Features.Pipelines.Pages;

/// <summary>An exit condition in words for the stage list: "Поле «ЛПР»", "Документ: счёт", "Согласование: юрист".</summary>
public static class ConditionText
{
    public static string Of(Condition c, IStringLocalizer<Text> t) => c.Label ?? c.Kind switch
    {
        ConditionKind.Field => t["Settings.Cond.fieldText", c.Field ?? ""],
        ConditionKind.Amount => t["Settings.Cond.amountText"],
        ConditionKind.Document => t["Settings.Cond.documentText", t["Deals.DocKind." + c.DocumentKind]],
        ConditionKind.Approval => t["Settings.Cond.approvalText", t["Position." + c.Position]],
        ConditionKind.Score => t["Settings.Cond.scoreText", c.Min ?? 0],
        _ => Condition.Code(c.Kind),
    };
}
