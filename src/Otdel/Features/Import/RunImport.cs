using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Otdel.Data;
using Otdel.Platform;
using Otdel.Resources;

namespace Otdel.Features.Import;

public sealed record RejectedRowView(int Line, string Reason, IReadOnlyList<string?> Cells);

public sealed record ImportResultView(string Target, int Rows, int Imported, int Rejected, bool Applied, bool DryRun,
    IReadOnlyDictionary<string, int> Created, long? RunId, IReadOnlyList<string> Headers, IReadOnlyList<RejectedRowView> RejectedRows);

public sealed record ImportPreview(string Target, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string?>> Rows,
    IReadOnlyList<string> Fields, IReadOnlyList<string> RequiredFields, string SuggestedMapping);

/// <summary>
/// The import as the API and the page run it: heads of sales and administrators only (an import writes records for
/// many owners), the caller's scope for every owner, client and pipeline a row names, the reader's time zone for dates
/// without one; the refused rows are kept with the run (the first 10,000) for download.
/// </summary>
public sealed class RunImport(OtdelDb db, Access access, LocalTime local, Problems problems, IStringLocalizer<Text> t)
{
    public const long MaxBytes = 512L * 1024 * 1024;
    const int KeptRejects = 10_000;

    public bool Allowed => access.RunsDepartment || access.Scope == Scope.All;

    public async Task<Outcome<ImportResultView>> RunAsync(string? target, IFormFile? file, string? mappingJson, long? profileId, bool dryRun,
        bool allOrNothing, CancellationToken ct)
    {
        if (!Allowed) return problems.Forbidden();
        if (!ImportFields.TryParse(target, out var kind)) return problems.Bad("target", "Import.Api.BadTarget");
        if (file is null || file.Length == 0) return problems.Bad("file", "Import.Api.NoFile");
        var mapping = await MappingAsync(mappingJson, profileId, ct);
        if (!mapping.Ok) return mapping.Failure!;
        ImportResult result;
        try
        {
            await using var stream = file.OpenReadStream();
            var options = new ImportOptions(kind, file.FileName, mapping.Value, dryRun, allOrNothing);
            result = await new Importer(db, access, local.Zone).RunAsync(stream, options, ct);
        }
        catch (ImportProblem p)
        {
            return problems.Bad(p.Key.StartsWith("Import.File", StringComparison.Ordinal) ? "file" : "mapping", p.Key, p.Args);
        }
        if (result.Rejected.Count > 0 && result.RunId is { } runId)
        {
            var kept = new ImportResult { Target = result.Target, Headers = result.Headers };
            kept.Rejected.AddRange(result.Rejected.Take(KeptRejects));
            var csv = System.Text.Encoding.UTF8.GetString(ImportReport.RejectedCsv(t, kept));
            if (csv.Length > ImportRunConfiguration.RejectedCsvMax)
                csv = csv[..(csv.LastIndexOf('\n', ImportRunConfiguration.RejectedCsvMax - 1) + 1)];
            await db.ImportRuns.Where(r => r.Id == runId).ExecuteUpdateAsync(s => s.SetProperty(r => r.RejectedCsv, csv), ct);
        }
        return new ImportResultView(kind.Code(), result.Rows, result.Applied || dryRun ? result.Imported : 0, result.Rejected.Count, result.Applied, dryRun,
            result.Created, result.RunId, result.Headers,
            result.Rejected.Take(100).Select(r => new RejectedRowView(r.Line, ImportReport.Reason(t, r.Problem), r.Cells)).ToList());
    }

    async Task<Outcome<ImportMapping?>> MappingAsync(string? json, long? profileId, CancellationToken ct)
    {
        if (profileId is { } id)
        {
            var profile = await ImportApi.Profiles(db, access).FirstOrDefaultAsync(p => p.Id == id, ct);
            if (profile is null) return problems.Bad("profileId", "Error.NotFound");
            json = profile.Mapping;
        }
        if (string.IsNullOrWhiteSpace(json)) return (ImportMapping?)null;
        try
        {
            return ImportMapping.Parse(json);
        }
        catch (ImportProblem p)
        {
            return problems.Bad("mapping", p.Key, p.Args);
        }
    }

    /// <summary>The header, the first rows and a mapping guessed from the column names (amoCRM's and Bitrix24's among them).</summary>
    public async Task<Outcome<ImportPreview>> PreviewAsync(string? target, IFormFile? file, string? mappingJson, CancellationToken ct)
    {
        if (!Allowed) return problems.Forbidden();
        if (!ImportFields.TryParse(target, out var kind)) return problems.Bad("target", "Import.Api.BadTarget");
        if (file is null || file.Length == 0) return problems.Bad("file", "Import.Api.NoFile");
        var mapping = await MappingAsync(mappingJson, null, ct);
        if (!mapping.Ok) return mapping.Failure!;
        try
        {
            await using var stream = file.OpenReadStream();
            using var source = ImportSource.Open(stream, file.FileName, mapping.Value ?? new ImportMapping());
            var rows = source.Rows().Take(5).Select(r => (IReadOnlyList<string?>)r.Cells).ToList();
            var suggested = mapping.Value ?? ImportGuess.For(kind, source.Headers);
            return new ImportPreview(kind.Code(), source.Headers, rows, ImportFields.Of(kind), ImportFields.Required(kind), suggested.ToJson());
        }
        catch (ImportProblem p)
        {
            return problems.Bad("file", p.Key, p.Args);
        }
    }
}
