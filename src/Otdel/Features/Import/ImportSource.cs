using System.Globalization;
using System.Text;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using CsvHelper;
using CsvHelper.Configuration;
using ExcelDataReader;

namespace Otdel.Features.Import;

/// <summary>One data row of a file: its line (1 is the header) and its cells.</summary>
public readonly record struct SourceRow(int Line, string?[] Cells);

/// <summary>
/// A file's header and rows, streamed: CSV (CsvHelper; the separator found from the header line unless the mapping
/// names it; quotes, doubled quotes and line breaks in cells as RFC 4180 has them), Excel (.xlsx/.xls, the first sheet,
/// through ExcelDataReader) or an HTML table (what Bitrix24 and 1C save as «.xls»). The kind and the text encoding come
/// from the content (<see cref="ImportSniff"/>), not the name. CSV and Excel hold nothing beyond the current row, so a
/// million-row file costs no memory; an HTML table is read whole (such exports are small).
/// </summary>
public sealed class ImportSource : IDisposable
{
    readonly IDisposable[] owned;
    readonly IEnumerator<SourceRow> rows;

    public IReadOnlyList<string> Headers { get; }

    ImportSource(IReadOnlyList<string> headers, IEnumerable<SourceRow> rows, params IDisposable[] owned)
    {
        Headers = headers;
        this.rows = rows.GetEnumerator();
        this.owned = owned;
    }

    public IEnumerable<SourceRow> Rows()
    {
        while (rows.MoveNext()) yield return rows.Current;
    }

    /// <param name="fileName">Kept for the callers' sake: the content decides, since names lie.</param>
    public static ImportSource Open(Stream stream, string fileName, ImportMapping mapping)
    {
        _ = fileName;
        var (head, whole) = ImportSniff.Peek(stream);
        if (head.Length == 0) throw new ImportProblem("Import.File.Empty");
        var named = mapping.TextEncoding();
        var complete = head.Length < ImportSniff.PrefixSize;
        switch (ImportSniff.Kind(head))
        {
            case SourceKind.Excel:
                return OpenExcel(whole);
            case SourceKind.Html:
                using (var all = new MemoryStream())
                {
                    whole.CopyTo(all);
                    var bytes = all.ToArray();
                    return OpenHtml(bytes, named ?? ImportSniff.TextEncoding(bytes, complete: true, html: true));
                }
            default:
                return OpenCsv(whole, mapping, named ?? ImportSniff.TextEncoding(head, complete, html: false));
        }
    }

    static ImportSource OpenCsv(Stream stream, ImportMapping mapping, Encoding encoding)
    {
        var reader = new StreamReader(stream, encoding, detectEncodingFromByteOrderMarks: true);
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            HasHeaderRecord = true,
            BadDataFound = null,
            MissingFieldFound = null,
            DetectColumnCountChanges = false,
            TrimOptions = TrimOptions.None,
        };
        if (mapping.Delimiter is { Length: > 0 } d) config.Delimiter = d == "\\t" ? "\t" : d;
        else
        {
            config.DetectDelimiter = true;
            config.DetectDelimiterValues = [";", ",", "\t", "|"];
        }
        var csv = new CsvReader(reader, config);
        try
        {
            if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is not { Length: > 0 } header) throw new ImportProblem("Import.File.Empty");
            return new ImportSource(Clean(header), CsvRows(csv), csv, reader);
        }
        catch (CsvHelperException)
        {
            csv.Dispose();
            throw new ImportProblem("Import.File.Unreadable");
        }
    }

    static IEnumerable<SourceRow> CsvRows(CsvReader csv)
    {
        while (true)
        {
            bool more;
            try
            {
                more = csv.Read();
            }
            catch (CsvHelperException)
            {
                throw new ImportProblem("Import.File.BrokenAt", csv.Parser.Row);
            }
            if (!more) yield break;
            var cells = csv.Parser.Record ?? [];
            if (cells.All(string.IsNullOrWhiteSpace)) continue;
            yield return new SourceRow(csv.Parser.Row, cells);
        }
    }

    static ImportSource OpenExcel(Stream stream)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        IExcelDataReader excel;
        try
        {
            if (!stream.CanSeek)
            {
                var copy = new MemoryStream();
                stream.CopyTo(copy);
                copy.Position = 0;
                stream = copy;
            }
            excel = ExcelReaderFactory.CreateReader(stream);
            if (!excel.Read()) throw new ImportProblem("Import.File.Empty");
        }
        catch (Exception e) when (e is not ImportProblem)
        {
            throw new ImportProblem("Import.File.Unreadable");
        }
        var header = Enumerable.Range(0, excel.FieldCount).Select(i => Cell(excel.GetValue(i)) ?? "").ToArray();
        return new ImportSource(Clean(header), ExcelRows(excel), excel);
    }

    static IEnumerable<SourceRow> ExcelRows(IExcelDataReader excel)
    {
        var line = 1;
        while (excel.Read())
        {
            line++;
            var cells = Enumerable.Range(0, excel.FieldCount).Select(i => Cell(excel.GetValue(i))).ToArray();
            if (cells.All(string.IsNullOrWhiteSpace)) continue;
            yield return new SourceRow(line, cells);
        }
    }

    /// <summary>The first table: rows from its &lt;tr&gt;, cells from &lt;td&gt;/&lt;th&gt; text; the first row is the header.</summary>
    static ImportSource OpenHtml(byte[] bytes, Encoding encoding)
    {
        var bom = encoding.Preamble.Length > 0 && bytes.AsSpan().StartsWith(encoding.Preamble) ? encoding.Preamble.Length : 0;
        var text = encoding.GetString(bytes, bom, bytes.Length - bom);
        var table = new HtmlParser().ParseDocument(text).QuerySelector("table") as IHtmlTableElement;
        var lines = table?.Rows.Select(r => r.Cells.Select(c => HtmlCell(c.TextContent)).ToArray()).ToList() ?? [];
        if (lines.Count == 0 || lines[0].Length == 0) throw new ImportProblem("Import.File.Empty");
        var rows = lines.Select((cells, i) => new SourceRow(i + 1, cells)).Skip(1).Where(r => !r.Cells.All(string.IsNullOrWhiteSpace));
        return new ImportSource(Clean(lines[0]), rows);
    }

    /// <summary>A cell's text as a browser shows it: runs of spaces and line breaks are one space.</summary>
    static string HtmlCell(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Excel gives typed cells: dates as ISO (read back by the importer's fallback), numbers invariant.</summary>
    static string? Cell(object? v) => v switch
    {
        null => null,
        DateTime d => d.ToString(d.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        double x => x.ToString(CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString(),
    };

    static string[] Clean(string[] header) => header.Select(h => h.Trim().TrimStart('\uFEFF')).ToArray();

    public void Dispose()
    {
        rows.Dispose();
        foreach (var d in owned) d.Dispose();
    }
}
