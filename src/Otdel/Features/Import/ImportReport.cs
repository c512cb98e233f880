using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.Extensions.Localization;
using Otdel.Features.Reports;
using Otdel.Resources;

namespace Otdel.Features.Import;

/// <summary>The words of an import's outcome: a refusal's reason in the reader's language, and the refused rows as a CSV to fix and bring again.</summary>
public static class ImportReport
{
    /// <summary>The reason in the reader's words; a field named by its code (amount, createdAt) is named as the page names it.</summary>
    public static string Reason(IStringLocalizer<Text> t, RowProblem p) =>
        t[p.Key, p.Args.Select(a => a is string s && Fields.Contains(s) ? t["Import.Field." + s].Value : a).ToArray()].Value;

    static readonly HashSet<string> Fields = Enum.GetValues<ImportTarget>().SelectMany(ImportFields.Of).ToHashSet(StringComparer.Ordinal);

    public static string Problem(IStringLocalizer<Text> t, ImportProblem p) => t[p.Key, p.Args].Value;

    static string[] Header(IReadOnlyList<string> headers) => ["line", "reason", .. headers];

    static object?[] Cells(IStringLocalizer<Text> t, RejectedRow x) =>
        [x.Line.ToString(CultureInfo.InvariantCulture), Reason(t, x.Problem), .. x.Cells];

    /// <summary>line; reason; then the row's own cells under the file's header — the file as it came, with why.</summary>
    public static byte[] RejectedCsv(IStringLocalizer<Text> t, ImportResult r) => ReportCsv.Write(Header(r.Headers), r.Rejected.Select(x => Cells(t, x)));

    static CsvConfiguration Format => new(CultureInfo.InvariantCulture) { Delimiter = ";", NewLine = "\r\n", HasHeaderRecord = true, BadDataFound = null };

    /// <summary>
    /// The same CSV written row by row as the rows are refused (the command line's FILE.rejected.csv): every refused row,
    /// however many, without holding them. The file is created at the first refusal.
    /// </summary>
    public sealed class Writer(IStringLocalizer<Text> t, string path) : IDisposable
    {
        CsvWriter? csv;

        public int Written { get; private set; }

        public void Take(IReadOnlyList<string> headers, RejectedRow row)
        {
            if (csv is null)
            {
                csv = new CsvWriter(new StreamWriter(path, false, new UTF8Encoding(true)), Format);
                Write(Header(headers));
            }
            Write(Cells(t, row));
            Written++;
        }

        void Write(IEnumerable<object?> cells)
        {
            foreach (var c in cells) csv!.WriteField(ReportCsv.Neutralise(c as string ?? ""));
            csv!.NextRecord();
        }

        public void Dispose() => csv?.Dispose();
    }

    /// <summary>The first refused rows of a run, read back from the CSV kept with it (its reasons are in the words of the import's starter).</summary>
    public static IReadOnlyList<RejectedRowView> FirstRejected(string? csvText, int count)
    {
        if (string.IsNullOrEmpty(csvText)) return [];
        using var csv = new CsvReader(new StringReader(csvText.TrimStart('\uFEFF')), Format);
        var rows = new List<RejectedRowView>();
        if (!csv.Read()) return rows;
        csv.ReadHeader();
        while (rows.Count < count && csv.Read())
        {
            var cells = csv.Parser.Record ?? [];
            if (cells.Length < 2 || !int.TryParse(cells[0], CultureInfo.InvariantCulture, out var line)) continue;
            rows.Add(new RejectedRowView(line, AsTyped(cells[1]), cells[2..].Select(c => (string?)AsTyped(c)).ToList()));
        }
        return rows;
    }

    /// <summary>A cell as it was typed: without the quote <see cref="ReportCsv.Neutralise"/> put before a would-be formula.</summary>
    static string AsTyped(string s) => s.Length > 1 && s[0] == '\'' && s[1] is '=' or '+' or '-' or '@' or '\t' or '\r' ? s[1..] : s;
}
