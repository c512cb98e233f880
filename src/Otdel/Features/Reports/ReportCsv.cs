using System.Globalization;
using System.Text;

namespace Otdel.Features.Reports;

/// <summary>
/// CSV that Excel in ru-RU opens by double-click: UTF-8 with a BOM (else Cyrillic turns to mojibake),
/// ';' between fields (',' is the decimal separator there) and numbers with a decimal comma, no group separators.
/// </summary>
public static class ReportCsv
{
    static readonly CultureInfo Ru = CultureInfo.GetCultureInfo("ru-RU");

    public static byte[] Write(IReadOnlyList<string> header, IEnumerable<object?[]> rows)
    {
        var sb = new StringBuilder();
        Line(sb, header);
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
        _ => v.ToString() ?? "",
    };

    static string Quote(string s) =>
        s.IndexOfAny([';', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;

    public static IResult File(byte[] bytes, string name) =>
        Results.File(bytes, "text/csv; charset=utf-8", name);
}
