using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Platform;

namespace Otdel.Features.Import;

/// <summary>A target's row handler: takes a row's fields (or throws <see cref="RowRefused"/>), then finishes the import.</summary>
public interface IImportSink
{
    Task TakeAsync(int line, Dictionary<string, string> row, CancellationToken ct);
    Task FinishAsync(CancellationToken ct);
}

/// <param name="Progress">Told every <see cref="Importer.ProgressEvery"/> rows how far the import has read (the CLI's progress line).</param>
public sealed record ImportOptions(ImportTarget Target, string FileName, ImportMapping? Mapping = null, bool DryRun = false, bool AllOrNothing = false,
    Action<ImportProgress>? Progress = null);

/// <summary>Rows read so far and the bytes of the file they came from (of <see cref="TotalBytes"/>, when the file's length is known).</summary>
public readonly record struct ImportProgress(int Rows, long Bytes, long? TotalBytes);

public sealed record RejectedRow(int Line, RowProblem Problem, string?[] Cells);

public sealed class ImportResult
{
    public required ImportTarget Target { get; init; }
    public required IReadOnlyList<string> Headers { get; init; }
    public int Rows { get; set; }
    public int Imported { get; set; }
    public List<RejectedRow> Rejected { get; } = [];
    public IReadOnlyDictionary<string, int> Created { get; set; } = new Dictionary<string, int>();
    /// <summary>False for a dry run, and for an all-or-nothing import that had rejections: nothing was kept.</summary>
    public bool Applied { get; set; }
    public long? RunId { get; set; }
}

/// <summary>
/// Runs an import — the same for the command line, the API and the page: the file is read row by row, each row mapped,
/// checked and handed to its target's sink; a refused row is kept with its reason and the rest go on. Everything happens
/// in one transaction, so an import is whole or absent: a dry run, an all-or-nothing import with refusals, or a failure
/// rolls it back. Each import is recorded in <see cref="ImportRun"/>.
/// </summary>
public sealed class Importer(OtdelDb db, Access? access, TimeZoneInfo zone)
{
    public const int ProgressEvery = 10_000;

    public async Task<ImportResult> RunAsync(Stream file, ImportOptions options, CancellationToken ct = default)
    {
        var started = db.UtcNow;
        string? sha256 = null;
        if (file.CanSeek)
        {
            // A second read of the file, at the speed of the disk cache: 0.1 s for a million rows.
            sha256 = Convert.ToHexStringLower(await System.Security.Cryptography.SHA256.HashDataAsync(file, ct));
            file.Position = 0;
        }
        var fallback = options.Mapping ?? new ImportMapping();
        using var source = ImportSource.Open(file, options.FileName, fallback);
        var mapping = options.Mapping ?? ImportMapping.ByHeaders(source.Headers, options.Target);
        mapping.Check(options.Target, source.Headers);
        var result = new ImportResult { Target = options.Target, Headers = source.Headers };
        var tally = new ImportTally();
        var values = new ImportValues(mapping, zone);
        // The run is recorded before the first row (committed on its own): the rows an import creates carry its id.
        var run = new ImportRun
        {
            Target = options.Target.Code(), FileName = FileLabel(options.FileName), FileSha256 = sha256, ById = access?.User?.Id,
            StartedAt = started, FinishedAt = started, DryRun = true, Mapping = mapping.ToJson(),
        };
        if (run.Mapping.Length > 20000) run.Mapping = "{}";
        db.ImportRuns.Add(run);
        await db.SaveChangesAsync(ct);
        tally.RunId = run.Id;
        var people = new ImportPeople(db, access, tally);
        IImportSink sink = options.Target switch
        {
            ImportTarget.Deals => new DealImport(db, access, values, people, tally, file.CanSeek ? file.Length : 0),
            ImportTarget.Leads => new LeadImport(db, access, values, people, tally),
            ImportTarget.People => new PeopleImport(db, access, people, tally),
            _ => new ClientImport(db, access, values, people, tally, options.Target == ImportTarget.Contacts),
        };

        await ApplyAsync(source, mapping, options, result, tally, sink, file, ct);
        if (db.IsSqlite) await db.Database.ExecuteSqlRawAsync("PRAGMA cache_size = -2000", ct);
        db.ChangeTracker.Clear();
        run.FinishedAt = db.UtcNow;
        run.DryRun = options.DryRun || !result.Applied;
        run.Rows = result.Rows;
        run.Imported = result.Applied ? result.Imported : 0;
        run.Rejected = result.Rejected.Count;
        run.Created = JsonSerializer.Serialize(result.Applied ? tally.Counts : new SortedDictionary<string, int>());
        db.ImportRuns.Update(run);
        await db.SaveChangesAsync(ct);
        result.RunId = run.Id;
        return result;
    }

    /// <summary>The rows, in the import's one transaction: committed only when the import applies.</summary>
    async Task ApplyAsync(ImportSource source, ImportMapping mapping, ImportOptions options, ImportResult result, ImportTally tally, IImportSink sink,
        Stream file, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // A million rows touch every index of deals and visits at random places: with SQLite's default 2 MB page
        // cache each insert re-reads index pages from the OS. For the import's connection only, 256 MB.
        if (db.IsSqlite) await db.Database.ExecuteSqlRawAsync("PRAGMA cache_size = -262144", ct);
        // One dictionary for every row's fields: the sinks read a row's values before they return and keep none of it.
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var row in source.Rows())
        {
            result.Rows++;
            if (options.Progress is { } progress && result.Rows % ProgressEvery == 0)
                progress(new ImportProgress(result.Rows, file.CanSeek ? file.Position : 0, file.CanSeek ? file.Length : null));
            mapping.Apply(source.Headers, row.Cells, fields);
            try
            {
                foreach (var f in ImportFields.Required(options.Target))
                    if (ImportValues.Get(fields, f) is null) throw new RowRefused(new("Import.Row.Required", f));
                await sink.TakeAsync(row.Line, fields, ct);
                result.Imported++;
            }
            catch (RowRefused e)
            {
                result.Rejected.Add(new RejectedRow(row.Line, e.Problem, row.Cells));
            }
        }
        await sink.FinishAsync(ct);
        result.Created = tally.Counts;
        result.Applied = !options.DryRun && !(options.AllOrNothing && result.Rejected.Count > 0) && result.Imported > 0;
        if (result.Applied) await tx.CommitAsync(ct);
        else await tx.RollbackAsync(ct);
    }

    /// <summary>The file's name as the history shows it: no folders, no control characters, at most 300 characters.</summary>
    static string FileLabel(string name)
    {
        var clean = new string(Path.GetFileName(name).Where(c => !char.IsControl(c)).ToArray()).Trim();
        return clean.Length == 0 ? "file" : clean.Length > 300 ? clean[..300] : clean;
    }
}
