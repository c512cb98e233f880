using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Otdel.Data;
using Otdel.Platform;
using Otdel.Resources;

namespace Otdel.Features.Import;

public sealed record RejectedRowView(int Line, string Reason, IReadOnlyList<string?> Cells);

/// <param name="Created">What the run created on the way, by kind (people, clients, teams…).</param>
/// <param name="Updated">Records a second run of a file updated by their external ids (also counted in Imported).</param>
public sealed record ImportResultView(string Target, int Rows, int Imported, int Rejected, bool Applied, bool DryRun,
    IReadOnlyDictionary<string, int> Created, int Updated, long? RunId, IReadOnlyList<string> Headers, IReadOnlyList<RejectedRowView> RejectedRows);

public sealed record ImportPreview(string Target, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string?>> Rows,
    IReadOnlyList<string> Fields, IReadOnlyList<string> RequiredFields, string SuggestedMapping);

/// <summary>
/// An import run as its starter follows it: running (rows and bytes read so far, when this server runs it; queued
/// while it waits its turn), done (the counts, the first refused rows with reasons) or failed (why).
/// </summary>
public sealed record ImportRunStatus(long Id, string Target, string FileName, string State, bool Queued, DateTime StartedAt, DateTime? FinishedAt,
    int Rows, long? BytesRead, long? BytesTotal, int? Percent, int Imported, int Rejected, bool Applied, IReadOnlyDictionary<string, int> Created,
    int Updated, string? Error, bool HasRejectedCsv, IReadOnlyList<RejectedRowView> RejectedRows);

/// <summary>
/// The import as the API and the page run it: heads of sales and administrators only (an import writes records for
/// many owners), the caller's scope for every owner, client and pipeline a row names, the reader's time zone for dates
/// without one; the refused rows are kept with the run (the first 10,000) for download. In the request, or in the
/// background: the upload saved under the data folder, the run answered at once and run by <see cref="ImportWorker"/>.
/// </summary>
public sealed class RunImport(OtdelDb db, Access access, LocalTime local, Problems problems, IStringLocalizer<Text> t, ImportQueue queue,
    LiveImports live, DbSettings settings, Actor actor)
{
    public const long MaxBytes = 512L * 1024 * 1024;

    public bool Allowed => access.RunsDepartment || access.Scope == Scope.All;

    public async Task<Outcome<ImportResultView>> RunAsync(string? target, IFormFile? file, string? mappingJson, long? profileId, bool dryRun,
        bool allOrNothing, CancellationToken ct)
    {
        var request = await CheckAsync(target, file, mappingJson, profileId, ct);
        if (!request.Ok) return request.Failure!;
        var (kind, upload, mapping) = request.Value;
        ImportResult result;
        try
        {
            await using var stream = upload.OpenReadStream();
            var options = new ImportOptions(kind, upload.FileName, mapping, dryRun, allOrNothing, RejectedCsv: RejectedCsv);
            result = await new Importer(db, access, local.Zone).RunAsync(stream, options, ct);
        }
        catch (ImportProblem p)
        {
            return problems.Bad(p.Key.StartsWith("Import.File", StringComparison.Ordinal) ? "file" : "mapping", p.Key, p.Args);
        }
        var (created, updated) = ImportTally.Split(result.Created);
        return new ImportResultView(kind.Code(), result.Rows, result.Applied || dryRun ? result.Imported : 0, result.RejectedCount, result.Applied, dryRun,
            created, updated, result.RunId, result.Headers,
            result.Rejected.Take(100).Select(r => new RejectedRowView(r.Line, ImportReport.Reason(t, r.Problem), r.Cells)).ToList());
    }

    /// <summary>What both ways of running an import check first: the caller may import, the target, a file, the mapping.</summary>
    async Task<Outcome<(ImportTarget Kind, IFormFile File, ImportMapping? Mapping)>> CheckAsync(string? target, IFormFile? file, string? mappingJson,
        long? profileId, CancellationToken ct)
    {
        if (!Allowed) return problems.Forbidden();
        if (!ImportFields.TryParse(target, out var kind)) return problems.Bad("target", "Import.Api.BadTarget");
        if (file is null || file.Length == 0) return problems.Bad("file", "Import.Api.NoFile");
        var mapping = await MappingAsync(mappingJson, profileId, ct);
        if (!mapping.Ok) return mapping.Failure!;
        return (kind, file, mapping.Value);
    }

    /// <summary>The refused rows (those the importer kept, cut at a row's end to the column's size) saved with the run for download.</summary>
    string? RejectedCsv(ImportResult result)
    {
        var csv = System.Text.Encoding.UTF8.GetString(ImportReport.RejectedCsv(t, result));
        return csv.Length <= ImportRunConfiguration.RejectedCsvMax ? csv : csv[..(csv.LastIndexOf('\n', ImportRunConfiguration.RejectedCsvMax - 1) + 1)];
    }

    /// <summary>The same import in the background: the upload is saved, the run recorded and queued, and answered as running.</summary>
    public async Task<Outcome<ImportRunStatus>> StartAsync(string? target, IFormFile? file, string? mappingJson, long? profileId, bool dryRun,
        bool allOrNothing, CancellationToken ct)
    {
        var request = await CheckAsync(target, file, mappingJson, profileId, ct);
        if (!request.Ok) return request.Failure!;
        var (kind, upload, mapping) = request.Value;
        var path = NewUploadPath();
        await using (var saved = File.Create(path))
            await upload.CopyToAsync(saved, ct);
        return await QueueAsync(kind, path, upload.FileName, mapping?.ToJson(), dryRun, allOrNothing, ct);
    }

    /// <summary>A fresh file name for an upload waiting its import.</summary>
    public string NewUploadPath()
    {
        var folder = ImportQueue.Folder(settings);
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)));
    }

    /// <summary>Records the run (running, before anything is read) and queues the saved file; the file is the worker's from here on.</summary>
    public async Task<Outcome<ImportRunStatus>> QueueAsync(ImportTarget kind, string path, string fileName, string? mappingJson, bool dryRun,
        bool allOrNothing, CancellationToken ct)
    {
        var now = db.UtcNow;
        var run = new ImportRun
        {
            Target = kind.Code(), FileName = Importer.FileLabel(fileName), ById = access.UserId, StartedAt = now, FinishedAt = now, DryRun = true,
            State = ImportRunState.Running, Worker = ImportRunState.ThisWorker, Mapping = mappingJson is { Length: <= 20000 } m ? m : "{}",
        };
        db.ImportRuns.Add(run);
        await db.SaveChangesAsync(ct);
        live.Queue(run.Id, new FileInfo(path).Length);
        var job = new ImportJob(run.Id, access.UserId, kind, path, fileName, mappingJson, dryRun, allOrNothing,
            System.Globalization.CultureInfo.CurrentCulture.Name, System.Globalization.CultureInfo.CurrentUICulture.Name, actor.Channel);
        if (!queue.TryAdd(job))
        {
            live.End(run.Id);
            File.Delete(path);
            await Importer.FailAsync(db, run.Id, ImportRunState.Error("Import.Run.Busy"));
            return new Failure(503, t["Import.Run.Busy"]);
        }
        return Status(run);
    }

    /// <summary>A queued import, run by the worker in a scope acting as the person who started it.</summary>
    public async Task RunJobAsync(ImportJob job, Action<ImportProgress> progress, CancellationToken ct)
    {
        if (access.User is null || !Allowed)
        {
            await Importer.FailAsync(db, job.RunId, ImportRunState.Error("Import.Run.NotAllowed"));
            return;
        }
        ImportResult result;
        try
        {
            var mapping = job.Mapping is null ? null : ImportMapping.Parse(job.Mapping);
            await using var stream = File.OpenRead(job.Path);
            var options = new ImportOptions(job.Target, job.FileName, mapping, job.DryRun, job.AllOrNothing, progress, RunId: job.RunId,
                RejectedCsv: RejectedCsv);
            result = await new Importer(db, access, local.Zone).RunAsync(stream, options, ct);
        }
        catch (ImportProblem)
        {
            return; // the run says why
        }
    }

    /// <summary>A run the caller sees (the runs list's rule), as it stands.</summary>
    public async Task<Outcome<ImportRunStatus>> StatusAsync(long id, CancellationToken ct)
    {
        if (!Allowed) return problems.Forbidden();
        var run = await ImportApi.Runs(db, access).FirstOrDefaultAsync(r => r.Id == id, ct);
        return run is null ? problems.NotFound() : Status(run);
    }

    ImportRunStatus Status(ImportRun run)
    {
        var (state, error) = ImportRunState.Read(run, live, db.UtcNow);
        var now = live.Of(run.Id);
        var running = state == ImportRunState.Running;
        int? percent = state == ImportRunState.Done ? 100
            : running && now is { TotalBytes: > 0 and var total } ? (int)Math.Min(99, now.Bytes * 100 / total) : null;
        var (created, updated) = ImportTally.Split(JsonSerializer.Deserialize<Dictionary<string, int>>(run.Created) ?? []);
        return new ImportRunStatus(run.Id, run.Target, run.FileName, state, running && now is { Started: false }, run.StartedAt,
            running ? null : run.FinishedAt, running ? now?.Rows ?? 0 : run.Rows, running ? now?.Bytes : null, now?.TotalBytes, percent,
            run.Imported, run.Rejected, state == ImportRunState.Done && !run.DryRun, created, updated,
            ImportRunState.Words(t, error), run.RejectedCsv is not null,
            ImportReport.FirstRejected(run.RejectedCsv, 100));
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
