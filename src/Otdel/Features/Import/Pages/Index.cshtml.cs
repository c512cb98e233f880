using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Otdel.Data;
using Otdel.Platform;
using Otdel.Resources;

namespace Otdel.Features.Import.Pages;

/// <summary>
/// /import: the import a head runs by hand — what and which file; the columns with their first values and a guessed
/// mapping to change; try it (nothing kept, in the request) or import (in the background: the run's page follows it);
/// the refused rows with reasons; the imports running now, with their progress, and the department's imports so far.
/// The uploaded file waits under the data folder between the two steps (named by a random token, gone after a day).
/// </summary>
public sealed class IndexModel(OtdelDb db, Access access, RunImport run, LiveImports live, DbSettings settings, IStringLocalizer<Text> t) : PageModel
{
    [BindProperty] public string Target { get; set; } = "deals";
    [BindProperty] public IFormFile? Upload { get; set; }
    [BindProperty] public long? ProfileId { get; set; }
    [BindProperty] public string? Token { get; set; }
    [BindProperty] public string? FileName { get; set; }
    /// <summary>Column index → field ("" for none; "status+stage" for a column feeding both).</summary>
    [BindProperty] public Dictionary<string, string> Map { get; set; } = [];
    [BindProperty] public Dictionary<string, string> Defaults { get; set; } = [];
    /// <summary>The rest of the mapping (values, date formats, encoding), carried between the steps and editable as JSON.</summary>
    [BindProperty] public string? Extra { get; set; }
    [BindProperty] public bool AllOrNothing { get; set; }
    [BindProperty] public string? ProfileName { get; set; }

    public ImportPreview? Preview { get; private set; }
    public ImportMapping? Mapping { get; private set; }
    public ImportResultView? Result { get; private set; }
    public List<ImportRunView> Runs { get; private set; } = [];
    /// <summary>The caller's own imports still running: their progress is shown (and followed) at the top.</summary>
    public List<ImportRunStatus> Running { get; private set; } = [];
    public List<ImportProfileView> Profiles { get; private set; } = [];
    public Failure? Failure { get; private set; }
    public string? ErrorFor(string field) => Failure?.Errors?.GetValueOrDefault(field) is { } e ? string.Join(" ", e) : null;

    public static readonly string[] Targets = ["deals", "leads", "clients", "contacts", "people"];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!run.Allowed) return StatusCode(403);
        await LoadAsync(ct);
        return Page();
    }

    /// <summary>Step one: keep the file, read its header and first rows, guess (or take the profile's) mapping.</summary>
    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken ct)
    {
        if (!run.Allowed) return StatusCode(403);
        string? json = null;
        if (ProfileId is { } id)
            json = (await ImportApi.Profiles(db, access).FirstOrDefaultAsync(p => p.Id == id, ct))?.Mapping;
        var preview = await run.PreviewAsync(Target, Upload, json, ct);
        if (!preview.Ok) return await Refuse(preview.Failure!, ct);
        Token = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        FileName = Path.GetFileName(Upload!.FileName);
        Directory.CreateDirectory(Folder);
        foreach (var old in new DirectoryInfo(Folder).EnumerateFiles().Where(f => f.LastWriteTimeUtc < db.UtcNow.AddDays(-1))) old.Delete();
        await using (var target = System.IO.File.Create(PathOf(Token)))
            await Upload.CopyToAsync(target, ct);
        Show(preview.Value!, ImportMapping.Parse(preview.Value!.SuggestedMapping));
        await LoadAsync(ct);
        return Page();
    }

    /// <summary>Step two: the mapping as the person left it; "check" runs it without keeping anything.</summary>
    public async Task<IActionResult> OnPostImportAsync(string? mode, CancellationToken ct)
    {
        if (!run.Allowed) return StatusCode(403);
        if (Token is null || !System.Text.RegularExpressions.Regex.IsMatch(Token, "^[0-9a-f]{32}$") || !System.IO.File.Exists(PathOf(Token)))
            return await Refuse(new Failure(400, t["Import.Page.Expired"]), ct);
        ImportMapping mapping;
        try
        {
            mapping = string.IsNullOrWhiteSpace(Extra) ? new ImportMapping() : ImportMapping.Parse(Extra);
        }
        catch (ImportProblem p)
        {
            return await Refuse(new Failure(400, t["Error.Validation"], new Dictionary<string, string[]> { ["extra"] = [ImportReport.Problem(t, p)] }), ct);
        }
        var name = FileName ?? "file.csv";
        await using var stream = System.IO.File.OpenRead(PathOf(Token));
        var headers = ReadHeaders(stream, name, mapping);
        mapping.Columns.Clear();
        foreach (var (index, value) in Map)
            if (int.TryParse(index, out var i) && i >= 0 && i < headers.Count && !string.IsNullOrEmpty(value))
                mapping.Columns[headers[i]] = [.. value.Split('+', StringSplitOptions.RemoveEmptyEntries)];
        mapping.Defaults.Clear();
        foreach (var (field, value) in Defaults)
            if (!string.IsNullOrWhiteSpace(value)) mapping.Defaults[field] = value.Trim();
        var json = mapping.ToJson();
        var check = mode == "check";
        if (!check)
        {
            // The import itself runs in the background: the file goes to the queue and the run's page follows it.
            if (!string.IsNullOrWhiteSpace(ProfileName))
            {
                var saved = await HttpContext.RequestServices.GetRequiredService<SaveImportProfile>()
                    .RunAsync(new ImportProfileInput(ProfileName, Target, json), ct);
                if (!saved.Ok)
                {
                    await stream.DisposeAsync();
                    return await Refuse(saved.Failure!, ct, keepStep: true, mapping: mapping);
                }
            }
            if (!ImportFields.TryParse(Target, out var kind)) return await Refuse(new Failure(400, t["Import.Api.BadTarget"]), ct);
            await stream.DisposeAsync();
            var upload = run.NewUploadPath();
            System.IO.File.Move(PathOf(Token), upload);
            var queued = await run.QueueAsync(kind, upload, name, json, false, AllOrNothing, ct);
            if (!queued.Ok) return await Refuse(queued.Failure!, ct);
            return Redirect($"/import/runs/{queued.Value!.Id}");
        }

        stream.Position = 0;
        var file = new FormFile(stream, 0, stream.Length, "file", name);
        var outcome = await run.RunAsync(Target, file, json, null, true, AllOrNothing, ct);
        if (!outcome.Ok) return await Refuse(outcome.Failure!, ct, keepStep: true, mapping: mapping);
        Result = outcome.Value!;
        // Still to do: the same file and mapping stay on the page to change and run again.
        stream.Position = 0;
        var again = await run.PreviewAsync(Target, new FormFile(stream, 0, stream.Length, "file", name), json, ct);
        if (again.Ok) Show(again.Value!, mapping);
        await LoadAsync(ct);
        return Page();
    }

    static List<string> ReadHeaders(Stream stream, string name, ImportMapping mapping)
    {
        using var source = ImportSource.Open(new NonClosing(stream), name, mapping);
        return [.. source.Headers];
    }

    void Show(ImportPreview preview, ImportMapping mapping)
    {
        Preview = preview;
        Mapping = mapping;
        var extra = ImportMapping.Parse(mapping.ToJson());
        extra.Columns.Clear();
        extra.Defaults.Clear();
        Extra = extra.ToJson();
    }

    /// <summary>The field a column feeds as the select offers it ("status+stage" for both).</summary>
    public string Selected(string header) => Mapping?.Columns.GetValueOrDefault(header) is { Count: > 0 } f ? string.Join('+', f) : "";

    public string DefaultOf(string field) => Mapping?.Defaults.GetValueOrDefault(field) ?? "";

    async Task<IActionResult> Refuse(Failure failure, CancellationToken ct, bool keepStep = false, ImportMapping? mapping = null)
    {
        Failure = failure;
        if (keepStep && Token is not null && mapping is not null && System.IO.File.Exists(PathOf(Token)))
        {
            await using var stream = System.IO.File.OpenRead(PathOf(Token));
            var again = await run.PreviewAsync(Target, new FormFile(stream, 0, stream.Length, "file", FileName ?? "file.csv"), null, ct);
            if (again.Ok) Show(again.Value!, mapping);
        }
        await LoadAsync(ct);
        Response.StatusCode = failure.Status;
        return Page();
    }

    /// <summary>The history's runs already undone: they show the word instead of the button.</summary>
    public HashSet<long> Undone { get; private set; } = [];

    /// <summary>Undoes a run of the history as a whole (<see cref="UndoImport"/>); a refusal is shown with its reason.</summary>
    public async Task<IActionResult> OnPostUndoAsync(long id, CancellationToken ct)
    {
        if (!run.Allowed) return StatusCode(403);
        var undone = await HttpContext.RequestServices.GetRequiredService<UndoImport>().RunAsync(id, ct);
        if (!undone.Ok)
        {
            var refused = await Refuse(undone.Failure!, ct);
            // htmx swaps in successful answers only: the page with the refusal is the answer to show.
            if (Request.Headers.ContainsKey("HX-Request")) Response.StatusCode = 200;
            return refused;
        }
        await LoadAsync(ct);
        return Page();
    }

    async Task LoadAsync(CancellationToken ct)
    {
        var runs = await ImportApi.Runs(db, access).OrderByDescending(r => r.Id).Take(10).ToListAsync(ct);
        Runs = runs.Select(r => ImportApi.ViewOf(r, live, db.UtcNow)).ToList();
        foreach (var r in Runs.Where(r => r.State == ImportRunState.Running && r.ById == access.User?.Id))
            if ((await run.StatusAsync(r.Id, ct)).Value is { } status) Running.Add(status);
        var ids = Runs.Select(r => r.Id).ToList();
        Undone = [.. await db.ImportRuns.Where(r => ids.Contains(r.Id) && r.UndoneAt != null).Select(r => r.Id).ToListAsync(ct)];
        Profiles = (await ImportApi.Profiles(db, access).OrderBy(p => p.Name).ToListAsync(ct))
            .Select(p => new ImportProfileView(p.Id, p.Name, p.Target, p.Mapping, p.Version)).ToList();
    }

    string Folder => Path.Combine(settings.DataDir, "imports");
    string PathOf(string token) => Path.Combine(Folder, token);

    /// <summary>Lets the header be read without closing the file the import reads next.</summary>
    sealed class NonClosing(Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => inner.CanSeek;
        public override bool CanWrite => false;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => inner.Position = value; }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
