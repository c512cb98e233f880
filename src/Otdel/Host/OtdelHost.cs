using System.Globalization;
using Otdel.Data;
using Otdel.Features;
using Otdel.Features.Account;

namespace Otdel;

/// <summary>
/// Builds the one Otdel web host: UI pages, /api/v1, OpenAPI, background work. Used by the CLI and by tests.
/// Each concern is its own file here: <see cref="HostServices"/> (platform services, JSON, errors),
/// <see cref="HostSecurity"/> (sign-in, tokens, anti-forgery, rate limits), <see cref="HostUi"/> (pages, static
/// assets, languages), <see cref="ActorMiddleware"/> (who acts), <see cref="HostHealth"/>, <see cref="ContentRoot"/>.
/// </summary>
public static class OtdelHost
{
    // Neutral "ru" and "en" too, so a bare Accept-Language: en is honoured.
    public static readonly CultureInfo[] Cultures = [new("ru-RU"), new("en-US"), new("ru"), new("en")];

    /// <param name="configure">Runs after the app's own services are registered (tests replace the TimeProvider there).</param>
    public static WebApplication Build(string[] args, IDictionary<string, string?>? overrides = null, Action<IServiceCollection>? configure = null)
    {
        var root = ContentRoot.Find();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(OtdelHost).Assembly.GetName().Name,
            ContentRootPath = root,
            WebRootPath = Path.Combine(root, "wwwroot"),
        });
        if (overrides is not null) builder.Configuration.AddInMemoryCollection(overrides);
        var settings = DbSettings.From(builder.Configuration);

        builder.Logging.ClearProviders();
        if (builder.Configuration["OTDEL_LOG_FORMAT"] == "text") builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        else builder.Logging.AddJsonConsole(o => o.IncludeScopes = true);

        builder.Services.AddHostServices(settings).AddHostSecurity(builder.Configuration, settings).AddHostUi().AddOtdelFeatures();
        configure?.Invoke(builder.Services);

        var app = builder.Build();
        Configure(app);
        return app;
    }

    /// <summary>The middleware order, in one place: errors first, then static files, language, routing, who acts, access.</summary>
    static void Configure(WebApplication app)
    {
        app.UseHostErrors();
        app.UseHostUi();
        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseMiddleware<ActorMiddleware>();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.UseApiAntiforgery();

        app.MapHostApiDocs();
        app.MapHostHealth();
        app.MapRazorPages();
        app.MapAccountEndpoints();
        app.MapOtdelFeatures();
    }

    /// <summary>Migrates the database (and fills an empty one with the demo department when asked).</summary>
    public static async Task PrepareAsync(WebApplication app, bool demo, CancellationToken ct = default)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<OtdelDb>();
        var settings = scope.ServiceProvider.GetRequiredService<DbSettings>();
        var log = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("Otdel.Migrations");
        await Migrator.MigrateAsync(db, settings, log, ct);
        await Features.Plans.Calendars.LoadIntoWorkCalendarAsync(scope.ServiceProvider, ct);
        if (demo) await Features.Demo.DemoData.SeedAsync(scope.ServiceProvider, ct);
    }
}
