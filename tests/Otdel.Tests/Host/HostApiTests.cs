using System.Net;
using System.Text.Json;
using Otdel.Tests.Infrastructure;

namespace Otdel.Tests.Host;

/// <summary>The host's own front doors: health, the OpenAPI contract, errors as problem details or a friendly page.</summary>
public abstract class HostApiTests(TestApp app)
{
    [Fact]
    public async Task Healthz_checks_the_database()
    {
        var res = await app.Client().GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        var body = JsonSerializer.Deserialize<JsonElement>(await res.Content.ReadAsStringAsync());
        Assert.Equal(app.Engine, body.GetProperty("database").GetString());
    }

    [Fact]
    public async Task The_openapi_document_describes_the_public_contract_and_the_bearer_scheme()
    {
        var doc = JsonSerializer.Deserialize<JsonElement>(await app.Client().GetStringAsync("/openapi/v1.json"));
        var paths = doc.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToHashSet();
        foreach (var path in new[] { "/api/v1/departments", "/api/v1/teams", "/api/v1/users", "/api/v1/users/{id}", "/api/v1/audit" })
            Assert.Contains(path, paths);
        Assert.True(doc.GetProperty("components").GetProperty("securitySchemes").TryGetProperty("Bearer", out _));
        Assert.Equal(HttpStatusCode.OK, (await app.Client().GetAsync("/api/docs/index.html")).StatusCode);
    }

    [Fact]
    public async Task Unknown_api_paths_are_problem_details_and_unknown_pages_a_friendly_page()
    {
        var dep = await app.NewDepartmentAsync();
        var api = await app.Client(dep.HeadToken).GetAsync("/api/v1/no-such-thing");
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        var missing = await app.Client(dep.HeadToken).GetAsync($"/api/v1/users/{long.MaxValue}");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);

        // An unknown page is a friendly HTML page in the caller's language that does not claim an error was recorded.
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(app.BaseUrl) };
        browser.DefaultRequestHeaders.AcceptLanguage.ParseAdd("ru");
        var page = await browser.GetAsync("/no-such-page");
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<html", html);
        Assert.Contains("не найдена", html);
        Assert.DoesNotContain("записали", html);
        Leaks.AssertNone(html);
    }
}

[Collection("sqlite")]
public sealed class HostApiTests_Sqlite(SqliteApp app) : HostApiTests(app);

[Collection("postgres")]
public sealed class HostApiTests_Postgres(PostgresApp app) : HostApiTests(app);
