using Otdel.Platform;

namespace Otdel.Tests.Platform;

public sealed class WorkCalendarTests
{
    readonly WorkCalendar calendar = new();

    [Theory]
    [InlineData(2025, 1, 17)]
    [InlineData(2025, 5, 18)]
    [InlineData(2025, 11, 19)]
    [InlineData(2025, 12, 22)]
    [InlineData(2026, 1, 15)]
    [InlineData(2026, 3, 21)]
    [InlineData(2026, 5, 19)]
    [InlineData(2026, 11, 20)]
    public void Working_days_per_month_follow_the_production_calendar(int year, int month, int expected) =>
        Assert.Equal(expected, calendar.WorkingDaysIn(year, month));

    [Theory]
    [InlineData(2025, 247)]
    [InlineData(2026, 247)]
    public void Working_days_per_year(int year, int expected) =>
        Assert.Equal(expected, Enumerable.Range(1, 12).Sum(m => calendar.WorkingDaysIn(year, m)));

    [Fact]
    public void A_limit_running_over_a_weekend_resumes_on_monday_morning()
    {
        // Friday 2026-11-20 17:00 Moscow (14:00 UTC) + 4 working hours → 1 h on Friday, 3 h on Monday → Monday 12:00 Moscow.
        var due = calendar.AddWorkingHours(new DateTime(2026, 11, 20, 14, 0, 0, DateTimeKind.Utc), 4);
        Assert.Equal(new DateTime(2026, 11, 23, 9, 0, 0, DateTimeKind.Utc), due);
    }

    [Fact]
    public void Hours_after_closing_count_from_the_next_working_morning_and_skip_holidays()
    {
        // Tuesday 2026-11-03 20:00 Moscow; Wednesday 4 November is a holiday → Thursday 9:00 + 2 h = 11:00 Moscow.
        var due = calendar.AddWorkingHours(new DateTime(2026, 11, 3, 17, 0, 0, DateTimeKind.Utc), 2);
        Assert.Equal(new DateTime(2026, 11, 5, 8, 0, 0, DateTimeKind.Utc), due);
    }

    [Fact]
    public void Working_hours_between_is_the_inverse_of_adding_them()
    {
        var start = new DateTime(2026, 12, 29, 7, 30, 0, DateTimeKind.Utc);
        var due = calendar.AddWorkingHours(start, 30);
        Assert.Equal(30, calendar.WorkingHoursBetween(start, due), 6);
        Assert.Equal(0, calendar.WorkingHoursBetween(due, start));
    }
}
