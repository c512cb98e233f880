using Microsoft.Playwright;
using Otdel.Features.Notifications;
using Otdel.Tests.Infrastructure;

namespace Otdel.Tests.Notifications;

/// <summary>Times are shown in the department's zone (Moscow here), never the server's UTC (issue "screens", finding 5).</summary>
[Collection("browser")]
public sealed class NotificationTimeTests(BrowserApp browser)
{
    [Fact]
    public async Task A_notification_made_at_00_31_utc_reads_03_31_in_moscow()
    {
        var app = browser.App;
        var dep = await app.NewDepartmentAsync();
        var seller = await dep.AddPersonAsync("closer");
        await using (var db = app.OpenDb())
        {
            db.Notifications.Add(new Notification
            {
                UserId = seller.Id, Kind = "handoff", Text = "Вам передана сделка «Часовой пояс»",
                CreatedAt = new DateTime(2026, 12, 2, 0, 31, 0, DateTimeKind.Utc),
            });
            await db.SaveChangesAsync();
        }
        var page = await browser.NewPageAsync();
        await browser.SignInAsync(page, seller.Email);
        await page.GotoAsync("/notifications");
        var row = page.Locator("tr", new() { HasText = "Часовой пояс" });
        await Assertions.Expect(row).ToContainTextAsync("02.12.2026 03:31");
        await page.GotoAsync("/");
        await Assertions.Expect(page.Locator("li", new() { HasText = "Часовой пояс" })).ToContainTextAsync("02.12.2026 03:31");
    }
}
