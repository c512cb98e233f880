using System.Globalization;
using System.Net;
using Microsoft.Playwright;
using Otdel.Features.Plans;
using Otdel.Platform;
using Otdel.Tests.Infrastructure;
using static Otdel.Tests.Deals.DealsTestKit;

namespace Otdel.Tests.Plans;

/// <summary>
/// The reverse funnel page's leads, meetings and proposals per seller and its table of channels in Chromium at 1440, 1024
/// and 390 px: each shows what GET /api/v1/plans/{id}/reverse-funnel answers (checked against the rows in
/// <see cref="ReverseSourcesApiTests"/>), and nothing is wider than the screen.
/// </summary>
[Collection("browser")]
public sealed class ReverseSourcesPageTests(BrowserApp browser)
{
    async Task<IPage> SizedAsync(int width, int height)
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = browser.App.BaseUrl, Locale = "ru-RU", ViewportSize = new ViewportSize { Width = width, Height = height }, IsMobile = width < 500,
            HasTouch = width < 500,
        });
        context.SetDefaultTimeout(10_000);
        return await context.NewPageAsync();
    }

    static string Count(long? n) => n is { } x ? x.ToString("#,0", CultureInfo.GetCultureInfo("ru-RU")) : "—";

    static async Task<string> TextAsync(ILocator l) => (await l.InnerTextAsync()).Replace('\u00A0', ' ').Replace('\u202F', ' ').Trim();

    [Fact]
    public async Task A_head_reads_the_leads_meetings_and_proposals_each_seller_and_channel_needs()
    {
        var app = browser.App;
        var seed = await ReverseSourcesSeed.ArrangeAsync(app);
        var head = app.Client(seed.Dep.HeadToken);
        var pages = new List<(IPage Page, int Width)>();
        foreach (var (width, height) in new[] { (1440, 900), (1024, 800), (390, 844) })
        {
            var p = await SizedAsync(width, height);
            await browser.SignInAsync(p, seed.Dep.HeadEmail); // at the real time: a cookie issued in 2025 would be expired
            pages.Add((p, width));
        }
        app.Clock.Set(new DateTimeOffset(ReverseSourcesSeed.Now, TimeSpan.Zero));
        try
        {
            var r = await Expect<ReverseFunnelView>(await head.GetAsync($"/api/v1/plans/{seed.Plan.Id}/reverse-funnel?target=1200000"), HttpStatusCode.OK);
            foreach (var (page, width) in pages)
            {
                await page.GotoAsync($"/plans/{seed.Plan.Id}/reverse-funnel?target=1200000");
                foreach (var (key, step) in new[] { ("leads", r.Total.Leads), ("meetings", r.Total.Meetings), ("proposals", r.Total.Proposals) })
                    Assert.Equal(Count(step.Needed), await TextAsync(page.Locator($"#funnel-sources [data-step={key}] .needed")));
                foreach (var s in r.Sellers)
                {
                    var row = page.Locator($"#funnel-sellers tr[data-user='{s.UserId}']");
                    Assert.Equal(Count(s.Leads.Needed), await TextAsync(row.Locator("td[data-step=leads]")));
                    Assert.Equal(Count(s.Meetings.Needed), await TextAsync(row.Locator("td[data-step=meetings]")));
                    Assert.Equal(Count(s.Proposals.Needed), await TextAsync(row.Locator("td[data-step=proposals]")));
                }
                Assert.Equal(r.Channels.Count, await page.Locator("#funnel-channels tbody tr").CountAsync());
                foreach (var c in r.Channels)
                {
                    var row = page.Locator($"#funnel-channels tr[data-channel='{c.ChannelId?.ToString(CultureInfo.InvariantCulture) ?? "none"}']");
                    Assert.Equal(Count(c.LeadsNeeded), await TextAsync(row.Locator(".leads-needed")));
                    Assert.Equal(c.Cost is { } cost ? Localisation.Money(cost).Replace('\u00A0', ' ') : "—", await TextAsync(row.Locator(".cost")));
                }
                await BrowserApp.AssertFitsAsync(page, width);
                await BrowserApp.ScreenshotAsync(page, $"plans-reverse-sources-{width}");
            }
            // Both sellers need something of each, and one channel costs money: the page is not showing empty figures.
            Assert.All(r.Sellers, s => Assert.True(s.Leads.Needed > 0 && s.Meetings.Needed > 0 && s.Proposals.Needed > 0));
            Assert.Contains(r.Channels, c => c.Cost > 0);
        }
        finally { app.Clock.Reset(); }
    }
}
