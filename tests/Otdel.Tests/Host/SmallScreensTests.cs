using Microsoft.Playwright;
using Otdel.Tests.Infrastructure;

namespace Otdel.Tests.Host;

/// <summary>
/// Phones and tablets (issue "screens", finding 8): at 390 px no page of the main journeys is wider than the screen and
/// the menu folds behind ☰; at 1024 px stage names are never cut mid-word. Screenshots of each are saved.
/// </summary>
[Collection("browser")]
public sealed class SmallScreensTests(BrowserApp browser)
{
    [Theory]
    [InlineData(390)]
    [InlineData(1024)]
    public async Task The_main_pages_fit_the_screen(int width)
    {
        var app = browser.App;
        var dep = await app.NewDepartmentAsync();
        var hunter = await dep.AddPersonAsync("hunter", name: "Вера Лебедева");
        var head = app.Client(dep.HeadToken);
        var pipeline = await Deals.BoardSeed.B2BAsync(head, dep.Tag);
        var deal = await Deals.BoardSeed.DealAsync(head, pipeline.Id, pipeline.Stage("Квалификация").Id, hunter.Id,
            "Поставка оборудования для лаборатории контроля качества", 2_500_000m, "ООО «Уральский завод металлоконструкций»");

        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseUrl, Locale = "ru-RU", TimezoneId = "Europe/Moscow",
            ViewportSize = new ViewportSize { Width = width, Height = 844 }, IsMobile = width < 500, HasTouch = width < 500,
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");
        await AssertFits(page, width, $"w{width}-sign-in");
        await page.FillAsync("#email", dep.HeadEmail);
        await page.FillAsync("#password", "password-123");
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(u => !u.Contains("/login"));

        foreach (var (path, name) in new[] { ("/", "my-day"), ($"/deals?pipelineId={pipeline.Id}", "board"), ($"/deals/{deal.Id}", "deal"),
                     ($"/deals/new?pipelineId={pipeline.Id}", "new-deal"), ("/reports", "reports") })
        {
            await page.GotoAsync(path);
            await AssertFits(page, width, $"w{width}-{name}");
        }

        if (width < 500)
        {
            // The menu is behind ☰ and opens with a tap.
            await Assertions.Expect(page.Locator(".sidebar .nav").First).ToBeHiddenAsync();
            await page.Locator(".burger").TapAsync();
            await Assertions.Expect(page.Locator(".sidebar .nav", new() { HasText = "Сделки" })).ToBeVisibleAsync();
        }
        else
        {
            // Each stage name fits whole in its step: nothing is clipped.
            await page.GotoAsync($"/deals/{deal.Id}");
            var clipped = await page.EvaluateAsync<string[]>(
                "() => [...document.querySelectorAll('.sp-step .sp-name')].filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.textContent.trim())");
            Assert.Empty(clipped);
        }
        await context.CloseAsync();
    }

    static async Task AssertFits(IPage page, int width, string shot)
    {
        await page.WaitForLoadStateAsync(LoadState.Load);
        var wide = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        await BrowserApp.ScreenshotAsync(page, shot);
        Assert.True(wide <= width, $"{shot}: the page is {wide} px wide on a {width} px screen");
    }
}
