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

    /// <summary>
    /// Called when the import stops on an error, before its transaction is rolled back: waits for any write still running
    /// on the import's connection, whatever its outcome (the first error is the one reported).
    /// </summary>
    Task AbandonAsync() => Task.CompletedTask;
}

/// <param name="Progress">Told every <see cref="Importer.ProgressEvery"/> rows how far the import has read (the CLI's progress line, the page's bar).</param>
/// <param name="Refused">Told of every refused row as it is refused, with the file's header (the CLI writes them all as it goes).</param>
/// <param name="RunId">A run recorded already (a background import answers with it before it starts); otherwise one is recorded here.</param>
/// <param name="RejectedCsv">The refused rows as the run keeps them for download: saved with the run's end, so whoever sees it done sees them.</param>
public sealed record ImportOptions(ImportTarget Target, string FileName, ImportMapping? Mapping = null, bool DryRun = false, bool AllOrNothing = false,
    Action<ImportProgress>? Progress = null, Action<IReadOnlyList<string>, RejectedRow>? Refused = null, long? RunId = null,
    Func<ImportResult, string?>? RejectedCsv = null);

/// <summary>Rows read so far and the bytes of the file they came from (of <see cref="TotalBytes"/>, when the file's length is known).</summary>
public readonly record struct ImportProgress(int Rows, long Bytes, long? TotalBytes);

public sealed record RejectedRow(int Line, RowProblem Problem, string?[] Cells);

public sealed class ImportResult
{
    public required ImportTarget Target { get; init; }
    public required IReadOnlyList<string> Headers { get; init; }
    public int Rows { get; set; }
    public int Imported { get; set; }
    /// <summary>The first <see cref="Importer.KeptRejects"/> refused rows: a million bad rows must not fill the memory.</summary>
    public List<RejectedRow> Rejected { get; } = [];
    /// <summary>Every refused row, kept or not.</summary>
    public int RejectedCount { get; set; }
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

    /// <summary>Refused rows kept in memory (and with the run, for download); the rest are only counted.</summary>
    public const int KeptRejects = 10_000;

    public async Task<ImportResult> RunAsync(Stream file, ImportOptions options, CancellationToken ct = default)
    {
        var started = db.UtcNow;
        var run = options.RunId is { } id ? await db.ImportRuns.SingleAsync(r => r.Id == id, ct) : null;
        try
        {
            return await RunAsync(file, options, run, started, r => run = r, ct);
        }
        catch (Exception e) when (run is { Id: > 0 })
        {
            // Whatever stopped it, the run says so rather than staying "running"; the caller still hears of the first error.
            try
            {
                await FailAsync(db, run.Id, ErrorOf(e));
            }
            catch (Exception)
            {
                // The database itself may be what failed: the run is then closed by the rule for runs left behind.
            }
            throw;
        }
    }

    async Task<ImportResult> RunAsync(Stream input, ImportOptions options, ImportRun? run, DateTime started, Action<ImportRun> recorded, CancellationToken ct)
    {
        // The hash is taken as the rows are read: the file is read once, seekable or not.
        using var file = new HashingStream(input);
        var fallback = options.Mapping ?? new ImportMapping();
        using var source = ImportSource.Open(file, options.FileName, fallback);
        var mapping = options.Mapping ?? ImportMapping.ByHeaders(source.Headers, options.Target);
        mapping.Check(options.Target, source.Headers);
        var result = new ImportResult { Target = options.Target, Headers = source.Headers };
        var tally = new ImportTally();
        var values = new ImportValues(mapping, zone);
        // The run is recorded before the first row (committed on its own): the rows an import creates carry its id.
        if (run is null)
        {
            run = new ImportRun
            {
                Target = options.Target.Code(), FileName = FileLabel(options.FileName), ById = access?.User?.Id, StartedAt = started, FinishedAt = started,
                State = ImportRunState.Running, Worker = ImportRunState.ThisWorker,
            };
            db.ImportRuns.Add(run);
        }
        run.DryRun = true;
        run.Mapping = mapping.ToJson();
        if (run.Mapping.Length > 20000) run.Mapping = "{}";
        await db.SaveChangesAsync(ct);
        recorded(run);
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
        run.FileSha256 = file.Finish();
        run.FinishedAt = db.UtcNow;
        run.DryRun = options.DryRun || !result.Applied;
        run.Rows = result.Rows;
        run.Imported = result.Applied ? result.Imported : 0;
        run.Rejected = result.RejectedCount;
        run.Created = JsonSerializer.Serialize(result.Applied ? tally.Counts : new SortedDictionary<string, int>());
        run.State = ImportRunState.Done;
        run.Error = null;
        if (result.Rejected.Count > 0 && options.RejectedCsv?.Invoke(result) is { } csv) run.RejectedCsv = csv;
        db.ImportRuns.Update(run);
        await db.SaveChangesAsync(ct);
        result.RunId = run.Id;
        return result;
    }

    /// <summary>Why an import stopped, as the run keeps it: a problem with the file or the mapping in its own words, anything else in general ones.</summary>
    static string ErrorOf(Exception e) => e switch
    {
        ImportProblem p => ImportRunState.Error(p.Key, p.Args),
        OperationCanceledException => ImportRunState.Error("Import.Run.Interrupted"),
        _ => ImportRunState.Error("Import.Run.Crashed"),
    };

    /// <summary>Marks a run failed in a write of its own: the import's transaction, if any, is gone by now.</summary>
    public static async Task FailAsync(OtdelDb db, long runId, string error)
    {
        db.ChangeTracker.Clear();
        var now = db.UtcNow;
        await db.ImportRuns.Where(r => r.Id == runId && r.State == ImportRunState.Running).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.State, ImportRunState.Failed).SetProperty(r => r.Error, error).SetProperty(r => r.FinishedAt, now)
            .SetProperty(r => r.DryRun, true).SetProperty(r => r.Imported, 0), CancellationToken.None);
    }

    /// <summary>The rows, in the import's one transaction: committed only when the import applies.</summary>
    async Task ApplyAsync(ImportSource source, ImportMapping mapping, ImportOptions options, ImportResult result, ImportTally tally, IImportSink sink,
        HashingStream file, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // A million rows touch every index of deals and visits at random places: with SQLite's default 2 MB page
        // cache each insert re-reads index pages from the OS. For the import's connection only, 256 MB.
        if (db.IsSqlite) await db.Database.ExecuteSqlRawAsync("PRAGMA cache_size = -262144", ct);
        // One dictionary for every row's fields: the sinks read a row's values before they return and keep none of it.
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        try
        {
            await TakeAllAsync(source, mapping, options, result, sink, fields, file, ct);
            await sink.FinishAsync(ct);
        }
        catch (Exception)
        {
            // Chunks may still be being written on this connection: the rollback, and the run's record of the failure, wait.
            await sink.AbandonAsync();
            throw;
        }
        result.Created = tally.Counts;
        result.Applied = !options.DryRun && !(options.AllOrNothing && result.RejectedCount > 0) && result.Imported > 0;
        if (result.Applied) await tx.CommitAsync(ct);
        else await tx.RollbackAsync(ct);
    }

    static async Task TakeAllAsync(ImportSource source, ImportMapping mapping, ImportOptions options, ImportResult result, IImportSink sink,
        Dictionary<string, string> fields, HashingStream file, CancellationToken ct)
    {
        foreach (var row in source.Rows())
        {
            result.Rows++;
            if (options.Progress is { } progress && result.Rows % ProgressEvery == 0)
                progress(new ImportProgress(result.Rows, file.BytesRead, file.CanSeek ? file.Length : null));
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
                var rejected = new RejectedRow(row.Line, e.Problem, row.Cells);
                options.Refused?.Invoke(source.Headers, rejected);
                if (result.RejectedCount++ < KeptRejects) result.Rejected.Add(rejected);
            }
        }
    }

    /// <summary>The file's name as the history shows it: no folders, no control characters, at most 300 characters.</summary>
    public static string FileLabel(string name)
    {
        var clean = new string(Path.GetFileName(name).Where(c => !char.IsControl(c)).ToArray()).Trim();
        return clean.Length == 0 ? "file" : clean.Length > 300 ? clean[..300] : clean;
    }
}
