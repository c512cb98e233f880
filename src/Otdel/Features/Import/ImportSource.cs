using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using ExcelDataReader;

namespace Otdel.Features.Import;

/// <summary>One data row of a file: its line (1 is the header) and its cells.</summary>
public readonly record struct SourceRow(int Line, string?[] Cells);

/// <summary>
/// A file's header and rows, streamed: CSV (CsvHelper; the separator found from the header line unless the mapping
/// names it; quotes, doubled quotes and line breaks in cells as RFC 4180 has them) or Excel (.xlsx/.xls, the first sheet,
/// through ExcelDataReader). Nothing is held beyond the current row, so a million-row file costs no memory.
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

    public static ImportSource Open(Stream stream, string fileName, ImportMapping mapping)
    {
        var ext = Path.GetExtension(fileName).ToLowerInvariant();
        return ext is ".xlsx" or ".xls" ? OpenExcel(stream) : OpenCsv(stream, mapping);
    }

    static ImportSource OpenCsv(Stream stream, ImportMapping mapping)
    {
        var reader = new StreamReader(stream, mapping.TextEncoding(), detectEncodingFromByteOrderMarks: true);
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
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        IExcelDataReader excel;
        try
        {
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
