using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.FileProviders;
using Otdel.Platform;

namespace Otdel;

/// <summary>
/// The server-rendered UI: pages live with their capability (Features/&lt;Area&gt;/Pages, routes in their @page lines)
/// and so do their styles and scripts (Features/&lt;Area&gt;/Assets, served at the same URLs as wwwroot); the shell —
/// layout, error page, shared texts — is in Shell/.
/// </summary>
static class HostUi
{
    public static IServiceCollection AddHostUi(this IServiceCollection s)
    {
        s.AddWebEncoders(o => o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        s.AddRazorPages(o =>
        {
            o.RootDirectory = "/";
            o.Conventions.AuthorizeFolder("/").AllowAnonymousToPage("/Features/Account/Pages/Login").AllowAnonymousToPage("/Features/Account/Pages/Forgot")
                .AllowAnonymousToPage("/Features/Account/Pages/Reset").AllowAnonymousToPage("/Shell/Error");
        });
        // The shell's layout and partials (Shell/_Layout, _Shortcuts) are found from any capability's page.
        s.Configure<Microsoft.AspNetCore.Mvc.Razor.RazorViewEngineOptions>(o => o.PageViewLocationFormats.Add("/Shell/{0}.cshtml"));
        return s;
    }

    public static void UseHostUi(this WebApplication app)
    {
        // wwwroot (shared styles, scripts, client libraries) plus every capability's Assets folder, one URL space, never
        // watched: asp-append-version asks to watch each file, and even a polling PhysicalFileProvider opens an inotify
        // instance per folder — fifteen per app, so nine apps in one process (the test suite) or other processes on the host
        // used up the user's 128 and pages failed. Assets change only with a new build, which restarts the app.
        static IFileProvider Files(string root) => new UnwatchedFiles(new PhysicalFileProvider(root));
        var features = Path.Combine(app.Environment.ContentRootPath, "Features");
        var providers = new List<IFileProvider>
        {
            Directory.Exists(app.Environment.WebRootPath) ? Files(app.Environment.WebRootPath) : app.Environment.WebRootFileProvider,
        };
        if (Directory.Exists(features))
            providers.AddRange(Directory.GetDirectories(features).Select(d => Path.Combine(d, "Assets")).Where(Directory.Exists).Select(Files));
        app.Environment.WebRootFileProvider = new CompositeFileProvider(providers);
        app.UseStaticFiles();
        app.UseRequestLocalization(o =>
        {
            o.SupportedCultures = OtdelHost.Cultures;
            o.SupportedUICultures = OtdelHost.Cultures;
            o.SetDefaultCulture("ru-RU");
            o.RequestCultureProviders =
            [
                new QueryStringRequestCultureProvider(),
                new CookieRequestCultureProvider { CookieName = Localisation.CookieName },
                new AcceptLanguageHeaderRequestCultureProvider(),
            ];
        });
    }
}

/// <summary>Files served as they are on disk, with no change notifications (so no inotify instance behind them).</summary>
sealed class UnwatchedFiles(IFileProvider files) : IFileProvider
{
    public IDirectoryContents GetDirectoryContents(string subpath) => files.GetDirectoryContents(subpath);
    public IFileInfo GetFileInfo(string subpath) => files.GetFileInfo(subpath);
    public Microsoft.Extensions.Primitives.IChangeToken Watch(string filter) => NullChangeToken.Singleton;
}
