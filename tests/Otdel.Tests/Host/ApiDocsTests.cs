using Microsoft.Playwright;
using Otdel.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Otdel.Tests.Host;

/// <summary>Swagger UI at /api/docs still works under the app's content security policy.</summary>
[Collection("browser")]
public sealed class ApiDocsTests(BrowserApp browser)
{
    [Fact]
    public async Task The_api_docs_list_the_operations_without_a_policy_violation()
    {
        var page = await browser.NewPageAsync();
        var violations = new List<string>();
        page.Console += (_, m) =>
        {
            if (m.Type == "error" && m.Text.Contains("Content Security Policy")) lock (violations) violations.Add(m.Text);
        };
        page.PageError += (_, e) => { lock (violations) violations.Add(e); };

        var res = await page.GotoAsync("/api/docs/");
        Assert.NotNull(res);
        Assert.Contains("frame-ancestors 'none'", await res.HeaderValueAsync("content-security-policy") ?? "");
        // The UI fetches and renders the whole OpenAPI document (over 100 KB) before it shows anything.
        await Expect(page.Locator(".information-container .title")).ToContainTextAsync("Otdel API", new() { Timeout = 30_000 });
        // The UI renders only the tags near the viewport (about 150 operations): fold the first tag so the people's comes up.
        await page.Locator(".opblock-tag[data-tag='Leads']").ClickAsync();
        var users = page.Locator(".opblock-summary-path[data-path='/api/v1/users']").First;
        await Expect(users).ToBeVisibleAsync();
        Assert.True(await page.Locator(".opblock").CountAsync() > 10);

        // The people's operations past the first screen render as they come near the view: scroll down to them.
        await users.ScrollIntoViewIfNeededAsync();
        await page.Mouse.WheelAsync(0, 600);
        // An operation opens and shows its parameters and responses: the UI's own scripts run.
        await page.Locator(".opblock-get .opblock-summary-path[data-path='/api/v1/users/{id}']").First.ClickAsync();
        await Expect(page.Locator(".opblock.is-open .responses-wrapper").First).ToBeVisibleAsync();
        await BrowserApp.ScreenshotAsync(page, "api-docs");
        lock (violations) Assert.Empty(violations);
    }
}
