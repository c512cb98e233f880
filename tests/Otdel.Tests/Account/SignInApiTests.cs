using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Otdel.Data;
using Otdel.Features.Organisation;
using Otdel.Platform;
using Otdel.Features.Account;
using Otdel.Tests.Infrastructure;

namespace Otdel.Tests.Account;

/// <summary>The sign-in form as a browser posts it: anti-forgery, cookies, security headers, guessing throttled.</summary>
[Collection("sqlite")]
public sealed partial class SignInApiTests(SqliteApp app)
{
    [Fact]
    public async Task Sign_in_sets_an_httponly_samesite_cookie_and_guessing_is_throttled()
    {
        var email = $"throttle-{Guid.NewGuid():N}@test.otdel";
        await app.CreateUserWithTokenAsync(email, "Игорь", Position.Closer);
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true };
        using var client = new HttpClient(handler) { BaseAddress = new Uri(app.BaseUrl) };

        var page = await client.GetAsync("/login");
        Assert.Equal("DENY", page.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("default-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.True(page.Headers.Contains("Referrer-Policy"));
        var token = Token().Match(await page.Content.ReadAsStringAsync()).Groups[1].Value;

        Task<HttpResponseMessage> Post(string password, bool withToken = true) => client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = email, ["password"] = password, ["__RequestVerificationToken"] = withToken ? token : "",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, (await Post("password-123", withToken: false)).StatusCode);
        for (var i = 0; i < LoginThrottleMax; i++)
            Assert.Equal(HttpStatusCode.BadRequest, (await Post("wrong-password")).StatusCode);
        var locked = await Post("password-123");
        Assert.Equal((HttpStatusCode)429, locked.StatusCode);
        Assert.Contains("Слишком много попыток", await locked.Content.ReadAsStringAsync());

        // Another person from the same address is not locked out, and their cookie is HttpOnly and SameSite.
        var other = $"other-{Guid.NewGuid():N}@test.otdel";
        await app.CreateUserWithTokenAsync(other, "Ольга", Position.Closer);
        var ok = await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = other, ["password"] = "password-123", ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        var cookie = ok.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("otdel.auth="));
        Assert.Contains("httponly", cookie.ToLowerInvariant());
        Assert.Contains("samesite=lax", cookie.ToLowerInvariant());
    }

    [Fact]
    public async Task An_unknown_email_takes_as_long_to_refuse_as_a_wrong_password()
    {
        var known = $"timing-{Guid.NewGuid():N}@test.otdel";
        var unknown = $"nobody-{Guid.NewGuid():N}@test.otdel";
        await app.CreateUserWithTokenAsync(known, "Вера", Position.Closer);
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true };
        using var client = new HttpClient(handler) { BaseAddress = new Uri(app.BaseUrl) };
        var token = Token().Match(await client.GetStringAsync("/login")).Groups[1].Value;

        async Task<double> Refusal(string email)
        {
            var clock = Stopwatch.StartNew();
            var res = await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["email"] = email, ["password"] = "wrong-password", ["__RequestVerificationToken"] = token,
            }));
            var ms = clock.Elapsed.TotalMilliseconds;
            Assert.Equal(HttpStatusCode.BadRequest, res.StatusCode);
            return ms;
        }

        // Interleaved, so a busy moment of the machine slows both; the medians ignore a stray slow request.
        var knownTimes = new List<double>();
        var unknownTimes = new List<double>();
        for (var i = 0; i < LoginThrottleMax; i++)
        {
            knownTimes.Add(await Refusal(known));
            unknownTimes.Add(await Refusal(unknown));
        }
        double Median(List<double> xs) => xs.Order().ElementAt(xs.Count / 2);
        Assert.True(Median(unknownTimes) >= 0.4 * Median(knownTimes),
            $"an unknown email was refused in {Median(unknownTimes):F1} ms, a known one in {Median(knownTimes):F1} ms");
    }

    [Fact]
    public async Task Wrong_passwords_for_many_emails_from_one_office_address_do_not_lock_out_a_colleague()
    {
        // The limits as shipped (the shared test app raises the sign-in rate limit): one office behind one address.
        await using var office = await OfficeApp.StartAsync();
        var guessed = new List<string>();
        for (var i = 0; i < 7; i++)
            guessed.Add(i < 2 ? await office.AddUserAsync() : $"nobody-{i}-{Guid.NewGuid():N}@test.otdel");
        var colleague = await office.AddUserAsync();
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false };
        using var client = new HttpClient(handler) { BaseAddress = new Uri(office.BaseUrl) };
        var page = await client.GetAsync("/login");
        var cookie = string.Join("; ", page.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        var token = Token().Match(await page.Content.ReadAsStringAsync()).Groups[1].Value;

        Task<HttpResponseMessage> Post(string email, string password) => client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/login")
        {
            Headers = { { "Cookie", cookie } },
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["email"] = email, ["password"] = password, ["__RequestVerificationToken"] = token,
            }),
        });

        foreach (var email in guessed)
            for (var i = 0; i < LoginThrottleMax; i++)
                Assert.Equal(HttpStatusCode.BadRequest, (await Post(email, "wrong-password")).StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, (await Post(colleague, OfficeApp.Password)).StatusCode);
        // The guessed email stays locked from this address, even with its right password.
        Assert.Equal((HttpStatusCode)429, (await Post(guessed[0], OfficeApp.Password)).StatusCode);
    }

    [Fact]
    public void The_address_guard_counts_only_failures_and_stops_a_spray_across_many_emails()
    {
        var clock = new ManualClock();
        var throttle = new LoginThrottle(clock);
        const string office = "10.0.0.1";
        for (var i = 0; i < 2 * LoginThrottle.MaxFailuresPerAddress; i++) throttle.Succeeded(office, $"colleague-{i}@x");
        for (var i = 0; i < LoginThrottle.MaxFailuresPerAddress - 1; i++) throttle.Failed(office, $"spray-{i}@x");
        Assert.False(throttle.IsLocked(office, "colleague@x"));

        throttle.Failed(office, "spray-last@x");
        Assert.True(throttle.IsLocked(office, "colleague@x"));
        Assert.False(throttle.IsLocked("10.0.0.2", "colleague@x"));

        clock.Now += LoginThrottle.Window;
        Assert.False(throttle.IsLocked(office, "colleague@x"));
    }

    sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2025, 3, 3, 9, 0, 0, TimeSpan.Zero);
        public override DateTimeOffset GetUtcNow() => Now;
    }

    /// <summary>The app with the sign-in limits it ships with, on its own SQLite database.</summary>
    sealed class OfficeApp : IAsyncDisposable
    {
        public const string Password = "password-123";
        readonly string dataDir = Path.Combine(Path.GetTempPath(), "otdel-tests", "office-" + Guid.NewGuid().ToString("N")[..12]);
        WebApplication app = null!;
        public string BaseUrl { get; private set; } = "";

        public static async Task<OfficeApp> StartAsync()
        {
            var office = new OfficeApp();
            office.app = OtdelHost.Build(["--urls", "http://127.0.0.1:0"], new Dictionary<string, string?>
            {
                ["OTDEL_DATA"] = office.dataDir, ["OTDEL_DB_PROVIDER"] = "sqlite", ["OTDEL_DB"] = null, ["OTDEL_LOG_FORMAT"] = "text",
                ["Logging:LogLevel:Default"] = "Warning", ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Warning",
            });
            await OtdelHost.PrepareAsync(office.app, demo: false);
            await office.app.StartAsync();
            office.BaseUrl = office.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return office;
        }

        public async Task<string> AddUserAsync()
        {
            var email = $"office-{Guid.NewGuid():N}@test.otdel";
            await using var db = Database.Open(app.Services.GetRequiredService<DbSettings>(), new Actor { Name = "test", Channel = "cli" });
            var user = new User { Email = email, EmailKey = email, FullName = "Сотрудник", Position = Position.Closer, CreatedAt = DateTime.UtcNow };
            user.PasswordHash = SaveUser.HashPassword(user, Password);
            db.Users.Add(user);
            await db.SaveChangesAsync();
            return email;
        }

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
            try { Directory.Delete(dataDir, recursive: true); } catch (IOException) { }
        }
    }

    const int LoginThrottleMax = LoginThrottle.MaxFailures;

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
