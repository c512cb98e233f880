using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Otdel.Data;
using Otdel.Features.Import;
using Otdel.Platform;
using Otdel.Shell;

namespace Otdel.Cli;

/// <summary>
/// <c>./otdel import clients|contacts|leads|deals|people FILE [--mapping MAPPING.json] [--dry-run] [--all-or-nothing]
/// [--as EMAIL] [--lang ru]</c>: the same import as the page, from the command line (docs/import.md). Prints the counts;
/// refused rows go to FILE.rejected.csv beside the file with their reasons. Exit 0 when the import ran (even with refused
/// rows), 1 when nothing could be imported (every row refused, or an all-or-nothing import with refusals), 2 when it could
/// not run (unreadable file, bad mapping, bad arguments).
/// </summary>
static class ImportCommand
{
    public static async Task<int> RunAsync(Options o, DbSettings settings)
    {
        if (o.Positional.Count < 2 || !ImportFields.TryParse(o.Positional[0], out var target))
            throw new CliError("usage: ./otdel import clients|contacts|leads|deals|people FILE [--mapping MAPPING.json] [--dry-run] [--all-or-nothing]");
        var file = o.Positional[1];
        if (!File.Exists(file)) throw new CliError($"no file {file}.");
        var lang = o.Get("lang") ?? "en";
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(lang.StartsWith("ru", StringComparison.OrdinalIgnoreCase) ? "ru-RU" : "en-US");
        var options = Microsoft.Extensions.Options.Options.Create(new LocalizationOptions());
        var factory = new ResourceManagerStringLocalizerFactory(options, NullLoggerFactory.Instance);
        var t = new FeatureTexts(factory);

        ImportMapping? mapping = null;
        try
        {
            if (o.Get("mapping") is { } m)
            {
                if (!File.Exists(m)) throw new CliError($"no mapping file {m}.");
                mapping = ImportMapping.Parse(await File.ReadAllTextAsync(m));
            }
            await using var db = Database.Open(settings, new Actor { Name = "import", Channel = "cli" });
            await Migrator.MigrateAsync(db, settings);
            Access? access = null;
            if (o.Get("as") is { } email)
            {
                var key = email.Trim().ToLowerInvariant();
                var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.EmailKey == key && u.IsActive)
                    ?? throw new CliError($"no active user {email}.");
                access = new Access(db, TimeProvider.System);
                await access.LoadAsync(user.Id);
            }
            var zone = new WorkCalendar(null).Zone;
            await using var stream = File.OpenRead(file);
            // Every refused row goes to the file as it is refused: the importer keeps only the first ones in memory.
            var rejects = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(file))!, Path.GetFileNameWithoutExtension(file) + ".rejected.csv");
            ImportResult result;
            using (var writer = new ImportReport.Writer(t, rejects))
            {
                var run = new ImportOptions(target, file, mapping, o.Has("dry-run"), o.Has("all-or-nothing"), Progress(target), writer.Take);
                result = await new Importer(db, access, zone).RunAsync(stream, run);
            }

            Console.WriteLine($"{target.Code()}: {result.Rows} rows, {result.Imported} imported, {result.RejectedCount} rejected"
                + (result.Applied ? "" : o.Has("dry-run") ? " (dry run: nothing kept)" : " (nothing kept)"));
            var (created, updated) = ImportTally.Split(result.Created);
            if (created.Count > 0) Console.WriteLine("created: " + string.Join(", ", created.Select(c => $"{c.Key} {c.Value}")));
            // Rows whose externalId was imported before update that record (counted among the imported ones too).
            if (updated > 0) Console.WriteLine($"updated: {updated}");
            if (result.RejectedCount > 0)
            {
                foreach (var r in result.Rejected.Take(5)) Console.WriteLine($"  line {r.Line}: {ImportReport.Reason(t, r.Problem)}");
                Console.WriteLine($"rejected rows with reasons: {rejects}");
            }
            return result.Imported > 0 && !(o.Has("all-or-nothing") && result.RejectedCount > 0) ? 0 : 1;
        }
        catch (ImportProblem p)
        {
            throw new CliError(ImportReport.Problem(t, p));
        }
    }

    /// <summary>
    /// Progress on stderr (stdout keeps only the result): a line at most every five seconds, so a long import is seen to
    /// move without a line per ten thousand rows.
    /// </summary>
    static Action<ImportProgress> Progress(ImportTarget target)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var last = TimeSpan.Zero;
        return p =>
        {
            if (watch.Elapsed - last < TimeSpan.FromSeconds(5)) return;
            last = watch.Elapsed;
            var share = p.TotalBytes is > 0 and var total ? $" ({100.0 * p.Bytes / total:F0} % of the file)" : "";
            Console.Error.WriteLine($"{target.Code()}: {p.Rows:N0} rows read{share}, {watch.Elapsed.TotalSeconds:F0} s");
        };
    }
}
