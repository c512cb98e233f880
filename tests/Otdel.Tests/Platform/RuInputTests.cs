using System.Globalization;
using Otdel.Platform;

namespace Otdel.Tests.Platform;

public sealed class RuInputTests
{
    [Theory]
    [InlineData("3 500 000", "3500000")]
    [InlineData("3 500 000,50", "3500000.50")]
    [InlineData("3\u00A0500\u00A0000,50", "3500000.50")]
    [InlineData("3\u202F500\u202F000", "3500000")]
    [InlineData("3500000.50", "3500000.50")]
    [InlineData("3 500 000 ₽", "3500000")]
    [InlineData("3 500 000 руб.", "3500000")]
    [InlineData("1.234.567", "1234567")]
    [InlineData("1.234,56", "1234.56")]
    [InlineData("1,234.56", "1234.56")]
    [InlineData("0,5", "0.5")]
    public void Money_is_read_the_ways_russians_type_it(string typed, string expected)
    {
        Assert.True(RuInput.TryParseMoney(typed, out var value));
        Assert.Equal(decimal.Parse(expected, CultureInfo.InvariantCulture), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("3 500 000 долларов")]
    [InlineData("1,2,3.4.5")]
    public void Not_money_is_refused(string typed) => Assert.False(RuInput.TryParseMoney(typed, out _));

    [Theory]
    [InlineData("15.03.2027", 2027, 3, 15)]
    [InlineData("5.3.2027", 2027, 3, 5)]
    [InlineData("2027-03-15", 2027, 3, 15)]
    public void Dates_are_read_day_first(string typed, int y, int m, int d)
    {
        Assert.True(RuInput.TryParseDate(typed, out var date));
        Assert.Equal(new DateOnly(y, m, d), date);
    }

    [Theory]
    [InlineData("31.02.2026")]
    [InlineData("15.03.27")]
    [InlineData("15/03/2027")]
    public void Impossible_or_ambiguous_dates_are_refused(string typed) => Assert.False(RuInput.TryParseDate(typed, out _));
}
