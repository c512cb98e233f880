using System.Net;
using Otdel.Tests.Infrastructure;

namespace Otdel.Tests.Host;

/// <summary>The API browser (Swagger UI at /api/docs) carries the same security headers as every other page.</summary>
[Collection("sqlite")]
public sealed class ApiDocsHeadersTests(SqliteApp app)
{
    [Theory]
    [InlineData("/api/docs/index.html")]
    [InlineData("/api/docs/index.js")]
    [InlineData("/api/docs/swagger-ui-bundle.js")]
    public async Task The_api_docs_cannot_be_framed_or_sniffed_and_run_only_our_scripts(string path)
    {
        var res = await app.Client().GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        Assert.Equal("DENY", res.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("nosniff", res.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("strict-origin-when-cross-origin", res.Headers.GetValues("Referrer-Policy").Single());
        Assert.Contains("camera=()", res.Headers.GetValues("Permissions-Policy").Single());
        var csp = res.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("object-src 'none'", csp);
        var scripts = csp.Split(';').Select(d => d.Trim()).Single(d => d.StartsWith("script-src "));
        Assert.DoesNotContain("unsafe-eval", scripts);
    }

    [Fact]
    public async Task The_docs_page_has_no_inline_script_the_policy_would_block()
    {
        var html = await app.Client().GetStringAsync("/api/docs/index.html");
        // Every <script> loads a file; an inline one would need 'unsafe-inline', a nonce or a hash.
        var scripts = System.Text.RegularExpressions.Regex.Matches(html, "<script[^>]*>").Select(m => m.Value).ToList();
        Assert.NotEmpty(scripts);
        Assert.All(scripts, s => Assert.Contains("src=", s));
    }
}
