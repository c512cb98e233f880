using Otdel.Features.Deals;
using Otdel.Features.Organisation;
using Otdel.Features.Pipelines;

namespace Otdel.Tests.Pipelines;

public sealed class ConditionTests
{
    static DealFacts Facts(Action<Deal>? change = null, string[]? docs = null, Position[]? approvals = null)
    {
        var d = new Deal { Title = "Сделка", Amount = 0 };
        change?.Invoke(d);
        return new DealFacts(d, (docs ?? []).ToHashSet(), (approvals ?? []).ToHashSet());
    }

    [Fact]
    public void A_field_is_met_when_filled_or_equal_to_the_value_ignoring_case()
    {
        var filled = new Condition { Kind = ConditionKind.Field, Field = "decision_maker" };
        Assert.False(DealRequirements.IsMet(filled, Facts()));
        Assert.False(DealRequirements.IsMet(filled, Facts(d => d.Fields["decision_maker"] = "  ")));
        Assert.True(DealRequirements.IsMet(filled, Facts(d => d.Fields["decision_maker"] = "Иванов")));
        var icp = new Condition { Kind = ConditionKind.Field, Field = "icp_match", Value = "да" };
        Assert.True(DealRequirements.IsMet(icp, Facts(d => d.Fields["icp_match"] = "ДА")));
        Assert.False(DealRequirements.IsMet(icp, Facts(d => d.Fields["icp_match"] = "нет")));
        Assert.True(DealRequirements.IsMet(new Condition { Kind = ConditionKind.Field, Field = "clientName" }, Facts(d => d.ClientName = "ООО «Ромашка»")));
    }

    [Fact]
    public void Amount_document_approval_and_score()
    {
        Assert.False(DealRequirements.IsMet(new Condition { Kind = ConditionKind.Amount }, Facts()));
        Assert.True(DealRequirements.IsMet(new Condition { Kind = ConditionKind.Amount }, Facts(d => d.Amount = 1)));
        Assert.False(DealRequirements.IsMet(new Condition { Kind = ConditionKind.Amount, Min = 1000 }, Facts(d => d.Amount = 1000)));
        Assert.True(DealRequirements.IsMet(new Condition { Kind = ConditionKind.Document, DocumentKind = "signed_contract" }, Facts(docs: ["proposal", "signed_contract"])));
        Assert.False(DealRequirements.IsMet(new Condition { Kind = ConditionKind.Document, DocumentKind = "signed_contract" }, Facts(docs: ["contract"])));
        Assert.True(DealRequirements.IsMet(new Condition { Kind = ConditionKind.Approval, Position = "finance" }, Facts(approvals: [Position.Finance])));
        Assert.False(DealRequirements.IsMet(new Condition { Kind = ConditionKind.Approval, Position = "finance" }, Facts(approvals: [Position.Legal])));
        Assert.False(DealRequirements.IsMet(new Condition { Kind = ConditionKind.Score, Min = 50 }, Facts()));
        Assert.True(DealRequirements.IsMet(new Condition { Kind = ConditionKind.Score, Min = 50 }, Facts(d => d.LeadScore = 50)));
    }

    [Fact]
    public void An_unknown_kind_blocks() => Assert.False(DealRequirements.IsMet(new Condition { Kind = (ConditionKind)99 }, Facts()));

    [Fact]
    public void The_b2b_template_has_a_checkable_exit_wherever_the_seed_names_one()
    {
        var t = PipelineTemplates.Build("b2b")!;
        Assert.Equal(13, t.Stages.Count);
        Assert.All(t.Stages.SelectMany(s => s.ExitConditions), c => Assert.Contains(Condition.Code(c.Kind), Condition.Kinds));
        var withExit = t.Stages.Where(s => s.ExitConditions.Count > 0).Select(s => s.Name).ToList();
        Assert.Equal(["Генерация лидов", "Развитие лидов", "Квалификация", "Подготовка КП", "Согласование КП", "Договор", "Счёт", "Деньги"], withExit);
        var keys = t.Fields.Select(f => f.Key).ToHashSet();
        Assert.All(t.Stages.SelectMany(s => s.ExitConditions).Where(c => c.Kind == ConditionKind.Field), c => Assert.Contains(c.Field!, keys));
    }
}
