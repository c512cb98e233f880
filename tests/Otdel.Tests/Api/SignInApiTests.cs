using System.Net;
using System.Text.RegularExpressions;
using Otdel.Features.Organisation;
using Otdel.Tests.Infrastructure;

namespace Otdel.Tests.Api;

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

    const int LoginThrottleMax = Otdel.Platform.LoginThrottle.MaxFailures;

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
