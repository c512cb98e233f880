using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using Otdel.Features.Clients;
using Otdel.Platform;
using Otdel.Tests.Infrastructure;
using static Otdel.Tests.Deals.DealsTestKit;

namespace Otdel.Tests.Clients;

/// <summary>
/// «Важные даты» on the client page: a contact's birthday and the company's own dates with the next occurrence and the
/// days left; a date added with a refusal first (an empty title, 31 February: named by field, what was typed kept),
/// changed and removed; My day lists the coming ones; the head sets the department's days ahead on the notifications page; at 1440, 1024 and 390 px.
/// </summary>
[Collection("browser")]
public sealed class ClientDatesPageTests(BrowserApp browser)
{
    [Theory]
    [InlineData(1440)]
    [InlineData(1024)]
    [InlineData(390)]
    public async Task The_client_page_shows_and_keeps_important_dates(int width)
    {
        var app = browser.App;
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var moscow = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(app.Clock.GetUtcNow().UtcDateTime, moscow));
        var inFive = today.AddDays(5);
        var inTwenty = today.AddDays(20);
        var company = await Expect<ClientView>(await head.PostAsJsonAsync("/api/v1/clients",
            new { name = $"ООО «Годовщина {dep.Tag}»", kind = "company", allowDuplicate = true }), HttpStatusCode.Created);
        await Expect<ClientView>(await head.PostAsJsonAsync($"/api/v1/clients/{company.Id}/contacts",
            new { name = "Елена Именинница", position = "Директор", birthday = new DateOnly(1984, inTwenty.Month, inTwenty.Day) }),
            HttpStatusCode.Created);
        var anniversary = await Expect<ClientDateView>(await head.PostAsJsonAsync($"/api/v1/clients/{company.Id}/dates",
            new
            {
                title = "Годовщина договора", date = new DateOnly(2020, inFive.Month, inFive.Day), repeat = "yearly",
                note = "Отправить поздравление и подарок",
            }),
            HttpStatusCode.Created);

        var page = await browser.NewPageAsync(width, timeout: 10_000);
        await browser.SignInAsync(page, dep.HeadEmail);
        await page.GotoAsync($"/clients/{company.Id}");
        var section = page.Locator("#dates");
        await Assertions.Expect(section.Locator("h2")).ToContainTextAsync("Важные даты");
        var first = section.Locator(".important-dates > li").First;
        await Assertions.Expect(first).ToContainTextAsync("Годовщина договора");
        await Assertions.Expect(first.Locator("[data-days-left]")).ToHaveTextAsync("через 5 дн.");
        await Assertions.Expect(first).ToContainTextAsync(RuInput.Date(inFive));
        await Assertions.Expect(section.Locator("li[data-kind=birthday]")).ToContainTextAsync("Елена Именинница");

        // A new date: refused by field first, what was typed kept; then saved.
        await section.Locator("#date-new summary").ClickAsync();
        await page.FillAsync("#date-title", "");
        await page.FillAsync("#date-date", "31.02.2027");
        await page.ClickAsync("#date-add");
        await Assertions.Expect(page.Locator("#date-new .field-error").Nth(1)).ToContainTextAsync("дд.мм.гггг");
        await Assertions.Expect(page.Locator("#date-date")).ToHaveValueAsync("31.02.2027");
        await page.FillAsync("#date-date", RuInput.Date(today.AddDays(40)));
        await page.ClickAsync("#date-add");
        await Assertions.Expect(page.Locator("#date-new .field-error").First).ToContainTextAsync("Заполните");
        await page.FillAsync("#date-title", "Запуск нового склада");
        await page.SelectOptionAsync("#date-repeat", "once");
        await page.ClickAsync("#date-add");
        await Assertions.Expect(page.Locator(".alert.ok")).ToContainTextAsync("Дата сохранена");
        var added = section.Locator(".important-dates > li", new() { HasText = "Запуск нового склада" });
        await Assertions.Expect(added).ToContainTextAsync("Один раз");
        await Assertions.Expect(added.Locator("[data-days-left]")).ToHaveTextAsync("через 40 дн.");

        // Changing the anniversary's title in place, then removing the new date.
        var row = section.Locator($"li[data-kind=own][data-id='{anniversary.Id}']");
        await row.Locator("summary").ClickAsync();
        await row.Locator("input[name=title]").FillAsync("Годовщина договора поставки");
        await row.Locator("button.primary").ClickAsync();
        await Assertions.Expect(section.Locator($"li[data-kind=own][data-id='{anniversary.Id}'] b")).ToHaveTextAsync("Годовщина договора поставки");
        await BrowserApp.AssertFitsAsync(page, width);
        await section.ScrollIntoViewIfNeededAsync();
        await BrowserApp.ScreenshotAsync(page, $"client-dates-w{width}");
        await added.Locator("summary").ClickAsync();
        await added.Locator("button.danger").ClickAsync();
        await Assertions.Expect(page.Locator(".alert.ok")).ToContainTextAsync("Дата удалена");
        await Assertions.Expect(section.Locator(".important-dates > li", new() { HasText = "Запуск нового склада" })).ToHaveCountAsync(0);

        // My day lists the caller's clients' dates of the next 30 days, the nearest first: the anniversary, then the birthday.
        await page.GotoAsync("/");
        var upcoming = page.Locator("#upcoming-dates tbody tr");
        await Assertions.Expect(upcoming.First).ToContainTextAsync("Годовщина договора поставки");
        await Assertions.Expect(upcoming.First).ToContainTextAsync($"ООО «Годовщина {dep.Tag}»");
        await Assertions.Expect(page.Locator("#upcoming-dates")).ToContainTextAsync("Елена Именинница");
        await BrowserApp.AssertFitsAsync(page, width);
        await BrowserApp.ScreenshotAsync(page, $"my-day-dates-w{width}");

        // The head sets how many days ahead the department hears of dates: a number out of range is refused by the field.
        await page.GotoAsync("/notifications");
        await Assertions.Expect(page.Locator("#date-days-now")).ToContainTextAsync("за 3 дн.");
        await page.FillAsync("#date-days", "99");
        await page.ClickAsync("#date-days-save");
        await Assertions.Expect(page.Locator("#date-reminders .field-error")).ToContainTextAsync("от 0 до 60");
        await page.FillAsync("#date-days", "7");
        await page.ClickAsync("#date-days-save");
        await Assertions.Expect(page.Locator("#date-days-now")).ToContainTextAsync("за 7 дн.");
        await BrowserApp.AssertFitsAsync(page, width);
        await BrowserApp.ScreenshotAsync(page, $"notifications-date-days-w{width}");
        await page.Context.CloseAsync();
    }
}
