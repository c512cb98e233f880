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

    /// <summary>line; reason; then the row's own cells under the file's header — the file as it came, with why.</summary>
    public static byte[] RejectedCsv(IStringLocalizer<Text> t, ImportResult r) => ReportCsv.Write(
        ["line", "reason", .. r.Headers],
        r.Rejected.Select(x => new object?[] { x.Line.ToString(System.Globalization.CultureInfo.InvariantCulture), Reason(t, x.Problem) }
            .Concat(x.Cells).ToArray()));
}
