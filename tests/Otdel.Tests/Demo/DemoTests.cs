using Microsoft.Playwright;
using Otdel.Features.Demo;
using Otdel.Tests.Infrastructure;

namespace Otdel.Tests.Demo;

/// <summary>`./otdel serve --demo`: the printed sign-in opens a department with a live B2B board.</summary>
[Collection("browser")]
public sealed class DemoTests(BrowserApp browser)
{
    [Fact]
    public async Task The_demo_head_signs_in_and_sees_the_department_its_board_overdue_and_lost_deals()
    {
        await using var demo = new DemoApp();
        await demo.InitializeAsync();
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = demo.BaseUrl, Locale = "ru-RU", ViewportSize = new ViewportSize { Width = 1600, Height = 1000 },
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");
        await page.FillAsync("#email", DemoData.Email);
        await page.FillAsync("#password", DemoData.Password);
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Анна");
        await Assertions.Expect(page.Locator(".tile.bad")).ToBeVisibleAsync();
        await BrowserApp.ScreenshotAsync(page, "demo-my-day");

        await page.GotoAsync("/team");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Новые продажи");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Работа с клиентами");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Коммерческий директор");
        await BrowserApp.ScreenshotAsync(page, "demo-team");

        await page.GotoAsync("/deals");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Квалификация");
        Assert.True(await page.Locator(".overdue").CountAsync() > 0, "the demo board shows overdue deals");
        await BrowserApp.ScreenshotAsync(page, "demo-board");

        // This month's top-down plan of the «Новые продажи» team, decomposed to its sellers.
        await page.GotoAsync("/plans");
        await page.ClickAsync("#plan-list a:has-text('Новые продажи')");
        await Assertions.Expect(page.Locator("#month-target")).ToContainTextAsync("6 000 000");
        await Assertions.Expect(page.Locator("#plan-days tbody tr[data-date]").First).ToBeVisibleAsync();
        Assert.Equal(6, await page.Locator(".chips.lines .chip").CountAsync());
        await BrowserApp.ScreenshotAsync(page, "demo-plan");

        // Leads scored by the department's rules (some hot), and segments of the client base with members.
        await page.GotoAsync("/leads");
        Assert.True(await page.Locator(".leads-list [data-category=hot]").CountAsync() > 0, "some demo leads are hot");
        await Assertions.Expect(page.Locator(".leads-list")).ToContainTextAsync("Дисквалифицирован");
        await BrowserApp.ScreenshotAsync(page, "demo-leads");
        await page.GotoAsync("/segments");
        await Assertions.Expect(page.Locator(".segments-list tbody tr")).ToHaveCountAsync(2);
        await page.ClickAsync(".segments-list a:has-text('Крупные покупатели')");
        Assert.True(int.Parse(await page.Locator("[data-count=members]").InnerTextAsync()) > 0, "the demo's big buyers segment has members");
        await BrowserApp.ScreenshotAsync(page, "demo-segment");

        // Some demo leads became deals, some of them won: the channel report of the default period shows what the channels brought.
        await page.GotoAsync("/reports/channels");
        var total = page.Locator("#channels-report tr[data-key=total]");
        Assert.True(int.Parse(await total.Locator("[data-col=deals]").InnerTextAsync()) > 0, "some demo leads were converted to deals");
        Assert.True(int.Parse(await total.Locator("[data-col=won]").InnerTextAsync()) > 0, "some converted demo leads were won");
        Assert.NotEqual("0 ₽", await total.Locator("[data-col=revenue]").InnerTextAsync());
        Assert.True(await page.Locator("#channels-report [data-col=spend]:has-text('₽')").CountAsync() > 0, "the demo channels have spend");
        await BrowserApp.ScreenshotAsync(page, "demo-channels");

        await using var db = demo.OpenDb();
        Assert.True(db.Leads.Count(l => l.Status == Otdel.Features.Leads.LeadStatus.Disqualified) >= 2, "some demo leads are disqualified");
        Assert.All(db.Leads.Where(l => l.Status == Otdel.Features.Leads.LeadStatus.Converted).ToList(), l =>
            Assert.True(l.DealId != null && l.ClientId != null && db.Deals.Any(d => d.Id == l.DealId && d.ClientId == l.ClientId),
                "a converted lead keeps its deal and client"));
        Assert.True(db.Deals.Count(d => d.Status == Otdel.Features.Deals.DealStatus.Lost && d.LossReasonId != null) > 0, "some demo deals are lost with a reason");
        Assert.True(db.Deals.Select(d => d.StageId).Distinct().Count() > 8, "demo deals are spread over the stages");
    }
}
