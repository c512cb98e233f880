using System.Globalization;
using System.Text;

namespace Otdel.Features.Reports;

/// <summary>
/// CSV that Excel in ru-RU opens by double-click: UTF-8 with a BOM (else Cyrillic turns to mojibake),
/// ';' between fields (',' is the decimal separator there) and numbers with a decimal comma, no group separators.
/// Text cells are neutralised against formula injection (see <see cref="Neutralise"/>); numbers stay numbers.
/// </summary>
public static class ReportCsv
{
    static readonly CultureInfo Ru = CultureInfo.GetCultureInfo("ru-RU");

    public static byte[] Write(IReadOnlyList<string> header, IEnumerable<object?[]> rows)
    {
        var sb = new StringBuilder();
        Line(sb, header.Select(Neutralise).ToList());
        foreach (var row in rows) Line(sb, row.Select(Format).ToList());
        var bom = Encoding.UTF8.GetPreamble();
        var body = Encoding.UTF8.GetBytes(sb.ToString());
        return [.. bom, .. body];
    }

    static void Line(StringBuilder sb, IReadOnlyList<string> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0) sb.Append(';');
            sb.Append(Quote(fields[i]));
        }
        sb.Append("\r\n");
    }

    static string Format(object? v) => v switch
    {
        null => "",
        double d => d.ToString("0.####", Ru),
        decimal m => m.ToString("0.##", Ru),
        long or int => Convert.ToString(v, CultureInfo.InvariantCulture)!,
        DateOnly d => d.ToString("dd.MM.yyyy", Ru),
        bool b => b ? "1" : "0",
        // Numbers above are ours and stay numbers (a negative one keeps its '-'); everything else is text someone typed.
        _ => Neutralise(v.ToString() ?? ""),
    };

    /// <summary>
    /// A text that Excel or LibreOffice would read as a formula (=, +, -, @, or a leading tab or CR, per OWASP's
    /// "CSV Injection") gets a leading single quote, so a person named <c>=1+2+cmd|' /c calc'!A1</c> is shown as text.
    /// </summary>
    public static string Neutralise(string s) =>
        s.Length > 0 && s[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + s : s;

    static string Quote(string s) =>
        s.IndexOfAny([';', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;

    public static IResult File(byte[] bytes, string name) =>
        Results.File(bytes, "text/csv; charset=utf-8", name);
}
