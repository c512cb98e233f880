using Microsoft.Playwright;
using Otdel.Features.ClientBase;
using Otdel.Features.Clients;
using Otdel.Features.Deals;
using Otdel.Tests.Infrastructure;
using static Otdel.Tests.Deals.DealsTestKit;

namespace Otdel.Tests.ClientBase;

/// <summary>
/// /reports/abc and /reports/client-quality in the browser: the three bands with the API's figures, the A clients marked
/// as key accounts in one go, the base's score and the list of what to fix — on a desktop, a laptop and a phone.
/// </summary>
[Collection("browser")]
public sealed class ClientBasePagesTests(BrowserApp browser)
{
    [Theory]
    [InlineData(1440)]
    [InlineData(1024)]
    [InlineData(390)]
    public async Task The_head_reads_the_ABC_bands_marks_A_clients_and_sees_what_to_fix(int width)
    {
        var app = browser.App;
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var seller = await dep.AddPersonAsync("closer", name: "Ольга Фермерова " + dep.Tag[..3]);
        var p = await head.NewPipelineAsync("simple");
        var amounts = new[] { 5_000_000m, 2_000_000m, 1_000_000m, 600_000m, 400_000m, 300_000m, 200_000m, 150_000m, 100_000m, 50_000m };
        var clients = new List<Client>();
        await using (var db = app.OpenDb())
        {
            var now = DateTime.UtcNow;
            for (var i = 0; i < amounts.Length; i++)
                clients.Add(new Client
                {
                    Name = $"Компания {(char)('А' + i)} {dep.Tag}", OwnerId = i % 2 == 0 ? seller.Id : dep.HeadId, CreatedAt = now.AddDays(-40),
                    Phone = i % 3 == 0 ? null : $"+7 495 100-00-{i:00}", Email = i % 4 == 0 ? null : $"c{i}-{dep.Tag}@x.ru",
                    Industry = i < 5 ? "Розница" : null,
                });
            db.Clients.AddRange(clients);
            await db.SaveChangesAsync();
            var at = new DateTime(2025, 3, 10, 9, 0, 0, DateTimeKind.Utc);
            for (var i = 0; i < amounts.Length; i++)
                db.Deals.Add(new Deal
                {
                    Title = "Поставка " + i, PipelineId = p.Id, StageId = p.Stages[0].Id, OwnerId = clients[i].OwnerId!.Value, ClientId = clients[i].Id,
                    Status = DealStatus.Won, Amount = amounts[i], CreatedAt = at, StageEnteredAt = at, ClosedAt = at.AddDays(i),
                });
            await db.SaveChangesAsync();
        }
        var api = await head.GetJson<AbcResult>("/api/v1/reports/abc?from=2025-03-01&to=2025-03-31");
        Assert.Equal([3, 4, 3], api.Classes.Select(c => c.Clients));

        var page = await browser.NewPageAsync(width, timeout: 10_000);
        await browser.SignInAsync(page, dep.HeadEmail);
        await page.GotoAsync("/reports");
        await page.ClickAsync("#abc-report-link");
        await page.FillAsync("#from", "01.03.2025");
        await page.FillAsync("#to", "31.03.2025");
        await page.ClickAsync("#abc-show");
        var a = page.Locator("#abc-bands [data-class=A]");
        await Assertions.Expect(a.Locator("[data-figure=value]")).ToHaveTextAsync("8 000 000 ₽");
        await Assertions.Expect(a.Locator("[data-figure=clients]")).ToHaveTextAsync("клиентов: 3");
        await Assertions.Expect(a.Locator("[data-figure=share]")).ToHaveTextAsync("81,6 %");
        await Assertions.Expect(page.Locator("#abc-bands [data-class=B] [data-figure=value]")).ToHaveTextAsync("1 500 000 ₽");
        await Assertions.Expect(page.Locator("#abc-bands [data-class=C] [data-figure=clients]")).ToHaveTextAsync("клиентов: 3");
        var first = page.Locator($"#abc-report tr[data-client='{clients[0].Id}']");
        await Assertions.Expect(first.Locator("[data-col=value]")).ToHaveTextAsync("5 000 000 ₽");
        await Assertions.Expect(first.Locator("[data-col=share]")).ToHaveTextAsync("51 %");
        await Assertions.Expect(page.Locator($"#abc-report tr[data-client='{clients[7].Id}']")).ToHaveAttributeAsync("data-class", "C");
        Assert.Equal("/api/v1/reports/abc/export.csv?by=revenue&from=2025-03-01&to=2025-03-31",
            await page.GetAttributeAsync("#abc-report a[download]", "href"));
        await BrowserApp.AssertFitsAsync(page, width);
        await BrowserApp.ScreenshotAsync(page, $"reports-abc-w{width}");

        // Mark the A clients as key accounts, each with its owner as KAM.
        await page.ClickAsync("#abc-mark summary");
        await page.ClickAsync("#abc-mark-go");
        await Assertions.Expect(page.Locator("#abc-marked")).ToContainTextAsync("3");
        await Assertions.Expect(page.Locator("#abc-report tr[data-class=A] .tag.blue")).ToHaveCountAsync(3);
        var marked = await head.GetJson<ClientView>($"/api/v1/clients/{clients[0].Id}");
        Assert.Equal((true, (long?)seller.Id), (marked.IsKeyAccount, marked.KamId));
        await BrowserApp.ScreenshotAsync(page, $"reports-abc-marked-w{width}");

        // The client page shows the mark and the KAM; the list finds key accounts.
        await page.GotoAsync($"/clients/{clients[0].Id}");
        await Assertions.Expect(page.Locator("#key-account-mark")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#kam")).ToContainTextAsync("Ольга Фермерова");
        await page.GotoAsync("/clients?key=1");
        await Assertions.Expect(page.Locator("#clients-total")).ToHaveTextAsync("3");

        // The quality page: the score, the owners, and what to fix with links.
        await page.GotoAsync("/reports");
        await page.ClickAsync("#quality-report-link");
        await Assertions.Expect(page.Locator("#quality-total [data-figure=score] b")).ToContainTextAsync("/ 100");
        await Assertions.Expect(page.Locator("#quality-owners tr[data-owner=total] [data-col=clients]")).ToHaveTextAsync("10");
        var fix = page.Locator($"#quality-issues li[data-client='{clients[0].Id}']");
        await Assertions.Expect(fix).ToContainTextAsync("телефон");
        await Assertions.Expect(fix).ToContainTextAsync("ЛПР");
        await Assertions.Expect(page.Locator("#quality-source")).ToHaveAttributeAsync("data-snapshot", "false"); // this month: live
        await Assertions.Expect(page.Locator("#quality-trend li")).ToHaveCountAsync(12);
        await BrowserApp.AssertFitsAsync(page, width);
        await BrowserApp.ScreenshotAsync(page, $"reports-client-quality-w{width}");

        // Last month: its snapshot (taken now, at its first request), and its score joins the trend.
        var lastMonth = app.Clock.GetUtcNow().AddMonths(-1).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        await page.SelectOptionAsync("#month", lastMonth);
        await page.ClickAsync("#quality-show");
        await Assertions.Expect(page.Locator("#quality-source")).ToHaveAttributeAsync("data-snapshot", "true");
        var score = await page.Locator("#quality-total [data-figure=score] b").InnerTextAsync();
        await Assertions.Expect(page.Locator($"#quality-trend li[data-month='{lastMonth}'] b")).ToHaveTextAsync(score.Split('/')[0].Trim());
        await BrowserApp.AssertFitsAsync(page, width);
        await BrowserApp.ScreenshotAsync(page, $"reports-client-quality-snapshot-w{width}");
        await fix.Locator("a").First.ClickAsync();
        await page.WaitForURLAsync($"**/clients/{clients[0].Id}");

        // A bad number of days is said by its field.
        await page.GotoAsync("/reports/client-quality?staleDays=0");
        await Assertions.Expect(page.Locator("#staleDays + .field-error")).Not.ToBeEmptyAsync();
        await page.Context.CloseAsync();
    }
}
