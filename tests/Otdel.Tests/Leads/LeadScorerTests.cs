using Otdel.Features.Clients;
using Otdel.Features.Leads;

namespace Otdel.Tests.Leads;

/// <summary>The scoring itself, without a database: points, categories and forward-only promotion.</summary>
public sealed class LeadScorerTests
{
    static readonly ScoreRule[] Rules =
    [
        new("filled", "phone", null, 10), new("equals", "position", "Директор", 20), new("channel_kind", null, "purchased_base", -15),
        new("company_size", null, "large", 25), new("activity", null, "contacted", 5), new("activity", null, "repeat_request", 4),
    ];

    [Fact]
    public void Points_add_up_by_the_rules_that_hold_and_repeats_count_up_to_five()
    {
        var lead = new Lead
        {
            Name = "Х", Phone = "+7 916 000-00-00", Position = " директор ", CompanySize = ClientSize.Large, FirstContactAt = DateTime.UtcNow,
        };
        var score = LeadScorer.Score(lead, ChannelKind.PurchasedBase, 9, Rules);
        Assert.Equal(10 + 20 - 15 + 25 + 5 + 4 * LeadScorer.MaxRepeats, score.Total);
        Assert.Equal(6, score.Parts.Count);
        Assert.Equal(0, LeadScorer.Score(new Lead { Name = "Пусто" }, null, 0, Rules).Total);
    }

    [Theory]
    [InlineData(LeadStatus.New, 10, LeadStatus.New)]
    [InlineData(LeadStatus.New, 30, LeadStatus.Mql)]
    [InlineData(LeadStatus.New, 60, LeadStatus.Sql)]
    [InlineData(LeadStatus.Mql, 60, LeadStatus.Sql)]
    [InlineData(LeadStatus.Mql, 0, LeadStatus.Mql)]
    [InlineData(LeadStatus.Sql, 0, LeadStatus.Sql)]
    [InlineData(LeadStatus.Disqualified, 100, LeadStatus.Disqualified)]
    [InlineData(LeadStatus.Converted, 100, LeadStatus.Converted)]
    public void A_score_moves_a_lead_forward_only_and_never_over_a_persons_decision(LeadStatus from, int score, LeadStatus to) =>
        Assert.Equal(to, LeadScorer.Promote(from, score, 30, 60));

    [Theory]
    [InlineData(29, LeadCategory.Cold)]
    [InlineData(30, LeadCategory.Warm)]
    [InlineData(59, LeadCategory.Warm)]
    [InlineData(60, LeadCategory.Hot)]
    public void Categories_follow_the_thresholds(int score, LeadCategory category) =>
        Assert.Equal(category, LeadScorer.CategoryOf(score, 30, 60));
}
