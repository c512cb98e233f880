using Otdel.Features.Deals;
using Otdel.Features.Pipelines;

namespace Otdel.Tests.Deals;

public sealed class HandoffChoiceTests
{
    static readonly HandoffCandidate[] Closers = [new(10, "Москва", 5), new(20, "Урал", 1), new(30, "москва", 1)];

    [Fact]
    public void Round_robin_takes_the_next_after_the_last_and_wraps_around()
    {
        Assert.Equal((10L, HandoffBy.RoundRobin), HandoffChoice.Choose(HandoffRule.RoundRobin, Closers, null, null, null));
        Assert.Equal((20L, HandoffBy.RoundRobin), HandoffChoice.Choose(HandoffRule.RoundRobin, Closers, 10, null, null));
        Assert.Equal((10L, HandoffBy.RoundRobin), HandoffChoice.Choose(HandoffRule.RoundRobin, Closers, 30, null, null));
        // The last one left the department: the next id still follows.
        Assert.Equal((30L, HandoffBy.RoundRobin), HandoffChoice.Choose(HandoffRule.RoundRobin, Closers, 25, null, null));
    }

    [Fact]
    public void Least_loaded_takes_the_fewest_open_deals_then_the_lowest_id() =>
        Assert.Equal((20L, HandoffBy.LeastLoaded), HandoffChoice.Choose(HandoffRule.LeastLoaded, Closers, null, null, null));

    [Fact]
    public void Segment_matches_case_insensitively_rotating_among_matches_and_falls_back_to_round_robin()
    {
        Assert.Equal((10L, HandoffBy.Segment), HandoffChoice.Choose(HandoffRule.Segment, Closers, null, "МОСКВА", null));
        Assert.Equal((30L, HandoffBy.Segment), HandoffChoice.Choose(HandoffRule.Segment, Closers, 10, "Москва", null));
        Assert.Equal((20L, HandoffBy.RoundRobin), HandoffChoice.Choose(HandoffRule.Segment, Closers, 10, "Сибирь", null));
    }

    [Fact]
    public void Named_person_keep_owner_and_nobody_to_hand_to()
    {
        Assert.Equal((99L, HandoffBy.NamedPerson), HandoffChoice.Choose(HandoffRule.NamedPerson, Closers, null, null, 99));
        Assert.Null(HandoffChoice.Choose(HandoffRule.KeepOwner, Closers, null, null, 99));
        Assert.Null(HandoffChoice.Choose(HandoffRule.RoundRobin, [], null, null, null));
    }

    [Fact]
    public void A_deal_coming_back_returns_to_its_previous_executor_if_still_a_candidate()
    {
        Assert.Equal((30L, HandoffBy.Return), HandoffChoice.Choose(HandoffRule.RoundRobin, Closers, 10, null, null, previousExecutorId: 30));
        Assert.Equal((20L, HandoffBy.RoundRobin), HandoffChoice.Choose(HandoffRule.RoundRobin, Closers, 10, null, null, previousExecutorId: 77));
    }
}
