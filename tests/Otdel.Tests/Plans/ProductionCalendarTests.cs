using Otdel.Platform;

namespace Otdel.Tests.Plans;

/// <summary>
/// The shipped Russian production calendar against the published one: working days per month and year, hours at a
/// 40-hour week (which counts the shortened pre-holiday days), and the days people ask about.
/// </summary>
public sealed class ProductionCalendarTests
{
    static readonly ProductionCalendar Ru = ProductionCalendar.Of(ProductionCalendar.Russia);

    [Theory]
    [InlineData(2024, new[] { 17, 20, 20, 21, 20, 19, 23, 22, 21, 23, 21, 21 }, 248, 1979)]
    [InlineData(2025, new[] { 17, 20, 21, 22, 18, 19, 23, 21, 22, 23, 19, 22 }, 247, 1972)]
    [InlineData(2026, new[] { 15, 19, 21, 22, 19, 21, 23, 21, 22, 22, 20, 22 }, 247, 1972)]
    public void Working_days_and_hours_match_the_published_calendar(int year, int[] months, int days, int hours)
    {
        Assert.Equal(months, Enumerable.Range(1, 12).Select(m => Ru.WorkingDaysIn(year, m).Count));
        Assert.Equal(days, months.Sum());
        Assert.Equal(hours, Enumerable.Range(1, 12).Sum(m => Ru.HoursIn(year, m)));
        Assert.Equal("decree", Ru.SourceOf(year));
    }

    [Fact]
    public void The_days_people_ask_about()
    {
        Assert.Equal(DayKind.Holiday, Ru.KindOf(new DateOnly(2025, 1, 8)));
        Assert.Equal(DayKind.Short, Ru.KindOf(new DateOnly(2025, 11, 1)));   // a working Saturday, and the eve of the holidays
        Assert.True(Ru.IsWorkingDay(new DateOnly(2025, 11, 1)));
        Assert.Equal(DayKind.Holiday, Ru.KindOf(new DateOnly(2025, 11, 3)));  // the Saturday's day off
        Assert.Equal(DayKind.Working, Ru.KindOf(new DateOnly(2024, 12, 28))); // a working Saturday, not shortened
        Assert.Equal(DayKind.Holiday, Ru.KindOf(new DateOnly(2024, 12, 31)));
        Assert.Equal(DayKind.Holiday, Ru.KindOf(new DateOnly(2026, 1, 9)));
        Assert.Equal(DayKind.Short, Ru.KindOf(new DateOnly(2026, 11, 3)));
        Assert.Equal(DayKind.Weekend, Ru.KindOf(new DateOnly(2026, 3, 7)));
        Assert.Equal("provisional", Ru.SourceOf(2027));
        Assert.Equal("labour-code", Ru.SourceOf(2030));
    }

    [Fact]
    public void Years_without_a_decree_follow_the_labour_code()
    {
        // 2028: 1 May is a Monday; 9 May a Tuesday; 12 June a Monday; 4 November a Saturday → Monday 6 November off.
        Assert.Equal(DayKind.Holiday, Ru.KindOf(new DateOnly(2028, 11, 6)));
        Assert.Equal(DayKind.Short, Ru.KindOf(new DateOnly(2028, 11, 3)));
        Assert.Equal(DayKind.Working, Ru.KindOf(new DateOnly(2028, 12, 29))); // the day just before 1 January is a Sunday: no short day
    }

    [Fact]
    public void A_plain_week_has_no_holidays_and_edits_lie_on_top()
    {
        var plain = ProductionCalendar.Of(ProductionCalendar.MondayToFriday);
        Assert.Equal(DayKind.Working, plain.KindOf(new DateOnly(2025, 1, 8)));
        Assert.Equal(23, plain.WorkingDaysIn(2025, 1).Count);
        var edited = Ru.With([new(new DateOnly(2025, 1, 8), DayKind.Working), new(new DateOnly(2025, 1, 9), DayKind.Holiday)]);
        Assert.Equal(17, edited.WorkingDaysIn(2025, 1).Count);
        Assert.True(edited.IsWorkingDay(new DateOnly(2025, 1, 8)));
        Assert.False(edited.IsWorkingDay(new DateOnly(2025, 1, 9)));
        Assert.Equal(DayKind.Holiday, Ru.KindOf(new DateOnly(2025, 1, 8))); // the shipped one is untouched
    }
}
