using Microsoft.Playwright;

namespace Otdel.Tests.Infrastructure;

/// <summary>
/// Debian's Chromium driven by Playwright, headless, never downloading a browser. One browser per collection;
/// each test gets its own context (cookies) and leaves a screenshot of its last page under the test results.
/// </summary>
public sealed class BrowserApp : IAsyncLifetime
{
    public SqliteApp App { get; } = new();
    IPlaywright? playwright;
    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // Assertions wait for a state as long as actions do (10 s, not Playwright's 5): a 2-core CI box under the whole suite is slow.
        Assertions.SetDefaultExpectTimeout(10_000);
        await App.InitializeAsync();
        playwright = await Playwright.CreateAsync();
        Browser = await LaunchAsync(playwright);
    }

    /// <summary>Debian's headless Chromium, in Russian (also for fixtures of their own, such as two app instances).</summary>
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--lang=ru-RU"],
            // Russian date inputs and file pickers need the locale in the environment too (and chromium-l10n, which the test command installs).
            Env = RussianEnvironment(),
        });

    static Dictionary<string, string> RussianEnvironment()
    {
        var env = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "");
        env["LANGUAGE"] = "ru";
        env["LANG"] = "ru_RU.UTF-8";
        return env;
    }

    public async Task DisposeAsync()
    {
        await Browser.CloseAsync();
        playwright?.Dispose();
        await App.DisposeAsync();
    }

    /// <summary>A new page with its own cookies, Russian by default, 1440×900.</summary>
    public async Task<IPage> NewPageAsync(string locale = "ru-RU")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = App.BaseUrl, Locale = locale, ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
        });
        context.SetDefaultTimeout(10_000);
        return await context.NewPageAsync();
    }

    /// <summary>
    /// A new page as a Russian reader in Moscow sees it on a screen <paramref name="width"/> px wide (under 500: a phone, touch).
    /// Actions wait <paramref name="timeout"/> ms. Close it with <c>page.Context.CloseAsync()</c>.
    /// </summary>
    public async Task<IPage> NewPageAsync(int width, int timeout = 15_000)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = App.BaseUrl, Locale = "ru-RU", TimezoneId = "Europe/Moscow",
            ViewportSize = new ViewportSize { Width = width, Height = 900 }, IsMobile = width < 500, HasTouch = width < 500,
        });
        context.SetDefaultTimeout(timeout);
        return await context.NewPageAsync();
    }

    /// <summary>The page fits its screen: nothing to scroll sideways.</summary>
    public static async Task AssertFitsAsync(IPage page, int width)
    {
        var wide = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(wide <= width, $"{page.Url}: the page is {wide} px wide on a {width} px screen");
    }

    public async Task SignInAsync(IPage page, string email, string password = "password-123")
    {
        await page.GotoAsync("/login");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(url => !url.Contains("/login"));
    }

    /// <summary>Saves the page as it is now under $OTDEL_TEST_SCREENSHOTS (the test command sets it).</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var dir = Environment.GetEnvironmentVariable("OTDEL_TEST_SCREENSHOTS") ?? Path.Combine(Path.GetTempPath(), "otdel-screenshots");
        Directory.CreateDirectory(dir);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, name + ".png"), FullPage = true });
    }
}

[CollectionDefinition("browser")]
public sealed class BrowserCollection : ICollectionFixture<BrowserApp>;
