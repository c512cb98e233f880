using System.Text;
using Otdel.Features.Reports;

namespace Otdel.Tests.Reports;

/// <summary>CSV formula injection: text that a spreadsheet would run as a formula is neutralised, numbers are not.</summary>
public sealed class ReportCsvTests
{
    static string[][] Cells(byte[] csv)
    {
        var text = Encoding.UTF8.GetString(csv);
        Assert.StartsWith("\uFEFF", text);
        return text[1..].Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(';')).ToArray();
    }

    [Theory]
    [InlineData("=1+2+cmd|' /c calc'!A1", "'=1+2+cmd|' /c calc'!A1")]
    [InlineData("=HYPERLINK(\"http://evil\",\"x\")", "\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\"")]
    [InlineData("+7 999 000-00-00", "'+7 999 000-00-00")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1:A2)", "'@SUM(A1:A2)")]
    [InlineData("\t=1+1", "'\t=1+1")]
    [InlineData("\r=1+1", "\"'\r=1+1\"")]
    [InlineData("Анна = 1", "Анна = 1")]
    [InlineData("", "")]
    public void Text_that_starts_like_a_formula_gets_a_leading_quote(string text, string cell)
    {
        var csv = Encoding.UTF8.GetString(ReportCsv.Write(["h"], [[text]]));
        Assert.Equal("\uFEFFh\r\n" + cell + "\r\n", csv);
    }

    [Fact]
    public void Numbers_stay_numbers_even_when_negative()
    {
        var rows = Cells(ReportCsv.Write(["a", "b", "c", "d", "e"], [[-5, -12L, -3.25m, -0.5, 7]]));
        Assert.Equal(["-5", "-12", "-3,25", "-0,5", "7"], rows[1]);
    }

    [Fact]
    public void Header_cells_are_neutralised_too()
    {
        var rows = Cells(ReportCsv.Write(["=cmd", "Стадия"], [["x", 1]]));
        Assert.Equal(["'=cmd", "Стадия"], rows[0]);
    }
}
