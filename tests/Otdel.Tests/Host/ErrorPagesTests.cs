using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Otdel.Features.Organisation;
using Otdel.Tests.Infrastructure;

namespace Otdel.Tests.Host;

/// <summary>
/// The error page says what happened: no access (403) and no such page (404) are not failures, so they neither
/// claim that an error was recorded nor show a trace id; only a failure does.
/// </summary>
[Collection("sqlite")]
public sealed partial class ErrorPagesTests(SqliteApp app)
{
    const string Recorded = "записали";

    /// <summary>A seller signed in through the /login form with a cookie, as a browser is.</summary>
    async Task<HttpClient> SellerBrowserAsync()
    {
        var dep = await app.NewDepartmentAsync();
        var email = $"seller-{Guid.NewGuid():N}@test.otdel";
        await app.CreateUserWithTokenAsync(email, "Продавец " + dep.Tag, Position.Closer, dep.Id, managerId: dep.HeadId);
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = new Uri(app.BaseUrl) };
        client.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("ru"));
        var token = Token().Match(await client.GetStringAsync("/login")).Groups[1].Value;
        var signIn = await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = email, ["password"] = "password-123", ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        return client;
    }

    [Fact]
    public async Task An_unknown_page_is_not_found_and_not_a_recorded_error()
    {
        using var client = await SellerBrowserAsync();
        var res = await client.GetAsync("/no-such-page-" + Guid.NewGuid().ToString("N")[..6]);
        Assert.Equal(HttpStatusCode.NotFound, res.StatusCode);
        Assert.Equal("text/html", res.Content.Headers.ContentType?.MediaType);
        var html = await res.Content.ReadAsStringAsync();
        Assert.Contains("<h1>Страница не найдена</h1>", html);
        Assert.Contains("Такой страницы нет", html);
        Assert.DoesNotContain(Recorded, html);
        Assert.DoesNotContain("trace:", html);
    }

    [Fact]
    public async Task A_section_a_seller_may_not_open_says_no_access_and_whom_to_ask()
    {
        using var client = await SellerBrowserAsync();
        var res = await client.GetAsync("/team/users/new");
        Assert.Equal(HttpStatusCode.Forbidden, res.StatusCode);
        Assert.Equal("text/html", res.Content.Headers.ContentType?.MediaType);
        var html = await res.Content.ReadAsStringAsync();
        Assert.Contains("<h1>Нет доступа</h1>", html);
        Assert.Contains("недоступен для вашей роли", html);
        Assert.Contains("руководителю отдела продаж или администратору", html);
        Assert.DoesNotContain(Recorded, html);
        Assert.DoesNotContain("trace:", html);
    }

    [Fact]
    public async Task In_english_the_forbidden_page_says_no_access()
    {
        using var client = await SellerBrowserAsync();
        var req = new HttpRequestMessage(HttpMethod.Get, "/team/departments");
        req.Headers.AcceptLanguage.Clear();
        req.Headers.AcceptLanguage.Add(new StringWithQualityHeaderValue("en"));
        var res = await client.SendAsync(req);
        Assert.Equal(HttpStatusCode.Forbidden, res.StatusCode);
        var html = await res.Content.ReadAsStringAsync();
        Assert.Contains("<h1>No access</h1>", html);
        Assert.Contains("ask the head of sales or an administrator", html);
        Assert.DoesNotContain("logged the problem", html);
    }

    [Fact]
    public async Task Only_a_failure_says_it_was_recorded_and_names_its_trace_id()
    {
        var res = await app.Client().GetAsync("/Error?code=500");
        Assert.Equal(HttpStatusCode.InternalServerError, res.StatusCode);
        var html = await res.Content.ReadAsStringAsync();
        Assert.Contains("<h1>Что-то пошло не так</h1>", html);
        Assert.Contains("Мы записали ошибку", html);
        Assert.Matches("trace: [0-9a-f]{32}", html);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
