using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Otdel.Data;
using Otdel.Platform;

namespace Otdel.Features.Import;

/// <summary>
/// An import run's states, why one failed, and the rule for runs left behind: a run is "running" only while a process
/// runs it. When a server starts, the runs its machine left running are closed as failed (that process is gone); a
/// run no process here holds that started more than <see cref="StaleAfter"/> ago reads as failed wherever it ran.
/// </summary>
public static class ImportRunState
{
    public const string Running = "running", Done = "done", Failed = "failed";

    /// <summary>Far beyond the longest import (the 512 MB limit takes minutes), so a live run on another server is never called dead.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromHours(2);

    public static string ThisWorker { get; } = Environment.MachineName.Length > 100 ? Environment.MachineName[..100] : Environment.MachineName;

    /// <summary>The error as a run keeps it: the text's key and its arguments, so each reader reads it in their language.</summary>
    public static string Error(string key, params object[] args)
    {
        string[] parts = [key, .. args.Select(a => Convert.ToString(a, CultureInfo.InvariantCulture) ?? "")];
        var json = JsonSerializer.Serialize(parts);
        return json.Length <= 2000 ? json : JsonSerializer.Serialize(new[] { key });
    }

    public static string? Words(IStringLocalizer t, string? error)
    {
        if (error is null) return null;
        try
        {
            var parts = JsonSerializer.Deserialize<string[]>(error);
            if (parts is { Length: > 0 }) return t[parts[0], parts[1..].Cast<object>().ToArray()].Value;
        }
        catch (JsonException)
        {
        }
        return error;
    }

    /// <summary>The state a reader is told, with the error: a running run nobody here holds, started long ago, has failed.</summary>
    public static (string State, string? Error) Read(ImportRun run, LiveImports live, DateTime now) =>
        run.State == Running && live.Of(run.Id) is null && run.StartedAt < now - StaleAfter
            ? (Failed, Error("Import.Run.Interrupted")) : (run.State, run.Error);

    /// <summary>
    /// Closes as failed the runs this machine left running (its earlier process died) and any running run older than
    /// <see cref="StaleAfter"/>.
    /// </summary>
    public static Task<int> SweepAsync(OtdelDb db, string worker, CancellationToken ct)
    {
        var now = db.UtcNow;
        var old = now - StaleAfter;
        var error = Error("Import.Run.Interrupted");
        return db.ImportRuns.Where(r => r.State == Running && (r.Worker == worker || r.StartedAt < old)).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.State, Failed).SetProperty(r => r.Error, error).SetProperty(r => r.FinishedAt, now), ct);
    }
}

/// <summary>
/// How far the imports of this process have read — in memory, since a run's row cannot be written while its import's
/// transaction holds SQLite's write lock; the row gets the final figures. Queued runs are held too (not started).
/// </summary>
public sealed class LiveImports
{
    public sealed record Live(bool Started, int Rows, long Bytes, long? TotalBytes);

    readonly ConcurrentDictionary<long, Live> runs = new();

    public void Queue(long runId, long? totalBytes) => runs[runId] = new Live(false, 0, 0, totalBytes);
    public void Start(long runId) => runs.AddOrUpdate(runId, _ => new Live(true, 0, 0, null), (_, l) => l with { Started = true });
    public void Report(long runId, ImportProgress p) => runs[runId] = new Live(true, p.Rows, p.Bytes, p.TotalBytes);
    public void End(long runId) => runs.TryRemove(runId, out _);
    public Live? Of(long runId) => runs.GetValueOrDefault(runId);
}

/// <summary>An import waiting for the worker: the saved upload, what to do with it, and who asked, in which language.</summary>
public sealed record ImportJob(long RunId, long UserId, ImportTarget Target, string Path, string FileName, string? Mapping, bool DryRun,
    bool AllOrNothing, string Culture, string UiCulture, string Channel);

/// <summary>The imports waiting their turn (bounded: a full queue refuses the next one rather than pile up uploads).</summary>
public sealed class ImportQueue
{
    public const int Capacity = 20;

    readonly Channel<ImportJob> jobs = Channel.CreateBounded<ImportJob>(new BoundedChannelOptions(Capacity) { SingleReader = true });

    public bool TryAdd(ImportJob job) => jobs.Writer.TryWrite(job);
    public ChannelReader<ImportJob> Reader => jobs.Reader;

    /// <summary>Where uploads wait for their import, under the data folder; each is deleted when its import ends.</summary>
    public static string Folder(DbSettings settings) => System.IO.Path.Combine(settings.DataDir, "imports", "jobs");
}

/// <summary>
/// Runs the queued imports one at a time, each in its own DI scope acting as the person who started it (as automation
/// acts as a rule's author: their <see cref="Access"/> loaded for them), in their language; deletes each upload after.
/// On start it closes the runs a dead process left running (<see cref="ImportRunState.SweepAsync"/>) and their uploads.
/// </summary>
public sealed class ImportWorker(IServiceScopeFactory scopes, ImportQueue queue, LiveImports live, DbSettings settings, ILogger<ImportWorker> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        try
        {
            using (var scope = scopes.CreateScope())
            {
                var swept = await ImportRunState.SweepAsync(scope.ServiceProvider.GetRequiredService<OtdelDb>(), ImportRunState.ThisWorker, stop);
                if (swept > 0) log.LogWarning("Import runs left running by a stopped process closed as failed: {Count}", swept);
            }
            var folder = new DirectoryInfo(ImportQueue.Folder(settings));
            if (folder.Exists)
                foreach (var f in folder.EnumerateFiles()) f.Delete();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "Closing import runs left behind failed");
        }
        await foreach (var job in queue.Reader.ReadAllAsync(stop))
            await RunAsync(job, stop);
    }

    async Task RunAsync(ImportJob job, CancellationToken stop)
    {
        live.Start(job.RunId);
        using var scope = scopes.CreateScope();
        var sp = scope.ServiceProvider;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(job.Culture);
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(job.UiCulture);
            var access = sp.GetRequiredService<Access>();
            await access.LoadAsync(job.UserId, ct: stop);
            var actor = sp.GetRequiredService<Actor>();
            (actor.UserId, actor.Name, actor.Channel) = (job.UserId, access.User?.FullName, job.Channel);
            await sp.GetRequiredService<RunImport>().RunJobAsync(job, p => live.Report(job.RunId, p), stop);
        }
        catch (Exception e)
        {
            if (e is not ImportProblem) log.LogError(e, "Import run {Run} failed", job.RunId);
            try
            {
                await Importer.FailAsync(sp.GetRequiredService<OtdelDb>(), job.RunId, ImportRunState.Error("Import.Run.Crashed"));
            }
            catch (Exception again)
            {
                log.LogError(again, "Import run {Run} could not be marked failed", job.RunId);
            }
        }
        finally
        {
            live.End(job.RunId);
            try
            {
                File.Delete(job.Path);
            }
            catch (IOException e)
            {
                log.LogWarning(e, "The upload of import run {Run} was not deleted", job.RunId);
            }
        }
    }
}
