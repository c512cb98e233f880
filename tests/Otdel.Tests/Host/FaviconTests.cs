using System.Net;
using Otdel.Tests.Infrastructure;

namespace Otdel.Tests.Host;

/// <summary>The tab icon: an SVG for browsers that take one, and /favicon.ico for those that ask for it anyway.</summary>
[Collection("sqlite")]
public sealed class FaviconTests(SqliteApp app)
{
    [Theory]
    [InlineData("/favicon.svg", "image/svg+xml")]
    [InlineData("/favicon.ico", "image/x-icon")]
    public async Task The_icon_is_served_to_anyone(string path, string type)
    {
        var res = await app.Client().GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        Assert.Equal(type, res.Content.Headers.ContentType?.MediaType);
        Assert.True((await res.Content.ReadAsByteArrayAsync()).Length > 100);
    }

    [Fact]
    public async Task Pages_link_the_icon()
    {
        var html = await app.Client().GetStringAsync("/login");
        Assert.Contains("<link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\" />", html);
        Assert.Contains("<link rel=\"icon\" href=\"/favicon.ico\"", html);
    }
}
