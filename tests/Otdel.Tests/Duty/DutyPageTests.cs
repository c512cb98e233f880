using Microsoft.Playwright;
using Otdel.Tests.Infrastructure;

namespace Otdel.Tests.Duty;

/// <summary>
/// A head of sales sets the week's duty in Settings: two blocks, one refused by its field (the end before the start) with
/// what was typed kept, then saved; the week shows each person's blocks and who is on duty now; a seller reads it only.
/// </summary>
[Collection("browser")]
public sealed class DutyPageTests(BrowserApp browser)
{
    [Theory]
    [InlineData(1440)]
    [InlineData(1024)]
    [InlineData(390)]
    public async Task A_head_sets_the_week_and_sees_who_is_on_duty_now(int width)
    {
        var app = browser.App;
        var dep = await app.NewDepartmentAsync();
        var hunter = await dep.AddPersonAsync("hunter", name: "Ирина Входящая " + dep.Tag);
        var caller = await dep.AddPersonAsync("hunter", name: "Олег Исходящий " + dep.Tag);
        var moscow = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");
        var day = TimeZoneInfo.ConvertTimeFromUtc(app.Clock.GetUtcNow().UtcDateTime, moscow).DayOfWeek;
        var today = (day == DayOfWeek.Sunday ? 7 : (int)day).ToString();

        var page = await browser.NewPageAsync(width, timeout: 10_000);
        await browser.SignInAsync(page, dep.HeadEmail);
        await page.GotoAsync("/settings/duty");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Дежурства");
        await Assertions.Expect(page.Locator("#on-duty-now")).ToContainTextAsync("никто не дежурит");

        var rows = page.Locator(".duty-blocks tbody tr");
        await rows.Nth(0).Locator("select[name=userId]").SelectOptionAsync(hunter.Id.ToString());
        await rows.Nth(0).Locator("select[name=weekday]").SelectOptionAsync(today);
        await rows.Nth(0).Locator("input[name=from]").FillAsync("00:00");
        await rows.Nth(0).Locator("input[name=to]").FillAsync("24:00");
        await rows.Nth(1).Locator("select[name=userId]").SelectOptionAsync(caller.Id.ToString());
        await rows.Nth(1).Locator("select[name=kind]").SelectOptionAsync("outbound");
        await rows.Nth(1).Locator("select[name=weekday]").SelectOptionAsync("2");
        await rows.Nth(1).Locator("input[name=from]").FillAsync("14:00");
        await rows.Nth(1).Locator("input[name=to]").FillAsync("10:00");
        await page.ClickAsync("#save-duty");
        await Assertions.Expect(rows.Nth(1).Locator(".field-error").Last).ToContainTextAsync("позже, чем начинается");
        await Assertions.Expect(rows.Nth(1).Locator("input[name=from]")).ToHaveValueAsync("14:00");

        await rows.Nth(1).Locator("input[name=to]").FillAsync("18:00");
        await page.ClickAsync("#save-duty");
        await Assertions.Expect(page.Locator("#saved")).ToContainTextAsync("График сохранён");
        await Assertions.Expect(page.Locator("#on-duty-now")).ToContainTextAsync("Ирина Входящая");
        var week = page.Locator("#duty-week tbody tr", new() { HasText = "Олег Исходящий" });
        await Assertions.Expect(week.Locator(".duty-chip.out")).ToHaveTextAsync("14:00–18:00");
        await BrowserApp.AssertFitsAsync(page, width);
        await BrowserApp.ScreenshotAsync(page, $"duty-w{width}");

        // A seller of the department reads the week; the form is not theirs to save.
        var seller = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseUrl, Locale = "ru-RU" });
        var sellerPage = await seller.NewPageAsync();
        await browser.SignInAsync(sellerPage, hunter.Email);
        await sellerPage.GotoAsync("/settings/duty");
        await Assertions.Expect(sellerPage.Locator("#read-only")).ToBeVisibleAsync();
        await Assertions.Expect(sellerPage.Locator("#save-duty")).ToHaveCountAsync(0);
        await seller.CloseAsync();
        await page.Context.CloseAsync();
    }
}
