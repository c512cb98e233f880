using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using Otdel.Features.Clients;
using Otdel.Features.Deals;
using Otdel.Features.Leads;
using Otdel.Tests.Infrastructure;
using static Otdel.Tests.Deals.DealsTestKit;

namespace Otdel.Tests.Segments;

/// <summary>
/// A head of sales sets the scoring rules in Settings, adds a lead by hand and sees it scored and hot; makes a segment
/// of clients who bought for 100 000 ₽ or more, opens it with its counts and export, and is told a bad range by its field.
/// </summary>
[Collection("browser")]
public sealed class ScoringAndSegmentPagesTests(BrowserApp browser)
{
    [Theory]
    [InlineData(1440)]
    [InlineData(390)]
    public async Task A_head_sets_scoring_adds_a_hot_lead_and_builds_a_segment_with_counts(int width)
    {
        var app = browser.App;
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var expo = await Expect<ChannelView>(await head.PostAsJsonAsync("/api/v1/channels", new { name = "Выставка " + dep.Tag, kind = "exhibition" }),
            HttpStatusCode.Created);
        var pipeline = await head.NewPipelineAsync("simple");
        var now = DateTime.UtcNow;
        await using (var db = app.OpenDb())
        {
            var big = new Client { Name = "ООО «Крупный " + dep.Tag + "»", OwnerId = dep.HeadId, Region = "Москва", CreatedAt = now };
            var small = new Client { Name = "ООО «Малый " + dep.Tag + "»", OwnerId = dep.HeadId, Region = "Тверь", CreatedAt = now };
            db.Clients.AddRange(big, small);
            await db.SaveChangesAsync();
            Deal Won(Client c, decimal amount) => new()
            {
                Title = "Поставка", ClientId = c.Id, ClientName = c.Name, OwnerId = dep.HeadId, Status = DealStatus.Won, PipelineId = pipeline.Id,
                StageId = pipeline.Stages[0].Id, Amount = amount, CreatedAt = now.AddDays(-20), StageEnteredAt = now.AddDays(-20), ClosedAt = now.AddDays(-10),
                Products = "Станок ЧПУ",
            };
            db.Deals.AddRange(Won(big, 150_000m), Won(big, 90_000.50m), Won(small, 20_000m));
            await db.SaveChangesAsync();
        }

        var page = await browser.NewPageAsync(width, timeout: 10_000);
        await browser.SignInAsync(page, dep.HeadEmail);

        // Scoring: a refused threshold is said by its field and what was typed stays; then the rules are saved.
        await page.GotoAsync("/settings/lead-scoring");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Скоринг лидов");
        await page.FillAsync("#mql", "50");
        await page.FillAsync("#sql", "20");
        var first = page.Locator(".scoring-rules tbody tr").Nth(0);
        await first.Locator("select[name=kind]").SelectOptionAsync("filled");
        await first.Locator("select[name=field]").SelectOptionAsync("phone");
        await first.Locator("input[name=points]").FillAsync("30");
        var second = page.Locator(".scoring-rules tbody tr").Nth(1);
        await second.Locator("select[name=kind]").SelectOptionAsync("channel_kind");
        await second.Locator("input[name=value]").FillAsync("exhibition");
        await second.Locator("input[name=points]").FillAsync("40");
        await page.ClickAsync("#save-scoring");
        await Assertions.Expect(page.Locator("#sql + .field-error")).ToContainTextAsync("выше порога MQL");
        await Assertions.Expect(page.Locator(".scoring-rules tbody tr").Nth(1).Locator("input[name=points]")).ToHaveValueAsync("40");
        await page.FillAsync("#mql", "20");
        await page.FillAsync("#sql", "60");
        await page.ClickAsync("#save-scoring");
        await Assertions.Expect(page.Locator("#saved")).ToContainTextAsync("Сохранено");
        await BrowserApp.AssertFitsAsync(page, width);
        await BrowserApp.ScreenshotAsync(page, $"lead-scoring-w{width}");

        // A lead by hand: phone and the exhibition make it 70 — hot, and SQL by itself.
        await page.GotoAsync("/leads");
        await page.ClickAsync("#new-lead");
        await page.WaitForURLAsync("**/leads/new");
        await page.FillAsync("#lead-name", "Игорь Стендов");
        await page.FillAsync("#lead-phone", "+7 916 " + Random.Shared.Next(100, 999) + "-" + Random.Shared.Next(10, 99) + "-" + Random.Shared.Next(10, 99));
        await page.SelectOptionAsync("#lead-channel", expo.Id.ToString());
        await page.ClickAsync("#save-lead");
        await page.WaitForURLAsync(u => System.Text.RegularExpressions.Regex.IsMatch(u, @"/leads/\d+$"));
        await Assertions.Expect(page.Locator("#lead-score b")).ToHaveTextAsync("70");
        await Assertions.Expect(page.Locator("#lead-score [data-category]")).ToHaveTextAsync("горячий");
        await Assertions.Expect(page.Locator("#lead-status")).ToHaveTextAsync("SQL");
        await Assertions.Expect(page.Locator(".score-parts li")).ToHaveCountAsync(2);
        await page.GotoAsync("/leads");
        await Assertions.Expect(page.Locator(".leads-list tbody tr").First.Locator("[data-category]")).ToHaveTextAsync("горячий");

        // A segment: bought for 100 000 ₽ or more.
        if (width > 760) await page.ClickAsync("nav.sidebar a[href='/segments']");
        else await page.GotoAsync("/segments");
        await page.WaitForURLAsync(u => u.EndsWith("/segments"));
        await page.FillAsync("#seg-name", "Крупные покупатели");
        await page.FillAsync("#seg-total-min", "100 000");
        await page.FillAsync("#seg-product", "станок");
        await page.ClickAsync("#segment-form button[type=submit]");
        await page.WaitForURLAsync(u => System.Text.RegularExpressions.Regex.IsMatch(u, @"/segments/\d+$"));
        await Assertions.Expect(page.Locator("#segment-name")).ToHaveTextAsync("Крупные покупатели");
        await Assertions.Expect(page.Locator("[data-count=members]")).ToHaveTextAsync("1");
        await Assertions.Expect(page.Locator("[data-count=revenue]")).ToHaveTextAsync(Otdel.Platform.Localisation.Money(240_000.50m));
        await Assertions.Expect(page.Locator(".segment-members tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator(".segment-members tbody tr")).ToContainTextAsync("Крупный " + dep.Tag);
        Assert.EndsWith("/members/export.csv", await page.Locator("#export").GetAttributeAsync("href"));
        await BrowserApp.AssertFitsAsync(page, width);
        await BrowserApp.ScreenshotAsync(page, $"segment-w{width}");

        // An inverted range is refused by its field, and what was typed stays.
        await page.ClickAsync(".segment-edit summary");
        await page.FillAsync("#seg-average-min", "500 000");
        await page.FillAsync("#seg-average-max", "1 000");
        await page.ClickAsync(".segment-edit #segment-form button[type=submit]");
        await Assertions.Expect(page.Locator("#refusal")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".segment-edit .pair").Nth(1).Locator(".field-error")).ToContainTextAsync("больше его конца");
        await Assertions.Expect(page.Locator("#seg-average-min")).ToHaveValueAsync("500 000");
        await page.GotoAsync("/segments");
        await Assertions.Expect(page.Locator(".segments-list tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator(".segments-list [data-members]")).ToHaveTextAsync("1");
        await BrowserApp.AssertFitsAsync(page, width);
        await page.Context.CloseAsync();
    }
}
