using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Otdel.Features.Payments;
using Otdel.Tests.Infrastructure;
using static Otdel.Tests.Deals.DealsTestKit;

namespace Otdel.Tests.Payments;

/// <summary>
/// The deal page's «Оплаты» card in the browser at 1440, 1024 and 390 px: a payment typed as people type money («120 000,50
/// ₽») with its payment order's number is recorded and the card says how much of the deal is paid; a day in the future
/// and an unreadable amount are refused next to their fields with what was typed kept; a payment cancelled after the
/// confirmation stays struck out and the rest is owed again.
/// </summary>
[Collection("browser")]
public sealed class PaymentsPageTests(BrowserApp browser)
{
    [Theory]
    [InlineData(1440)]
    [InlineData(1024)]
    [InlineData(390)]
    public async Task A_payment_is_recorded_refused_and_cancelled_on_the_deal_card(int width)
    {
        var app = browser.App;
        var dep = await app.NewDepartmentAsync();
        var seller = await dep.AddPersonAsync("closer");
        var p = await app.Client(dep.HeadToken).NewPipelineAsync("simple");
        var deal = await app.Client(seller.Token).NewDealAsync(p, "Линия розлива " + dep.Tag, amount: 480_000m);

        var page = await browser.NewPageAsync(width, timeout: 10_000);
        await browser.SignInAsync(page, seller.Email);
        await page.GotoAsync($"/deals/{deal.Id}");
        var card = page.Locator("#payments");
        await Assertions.Expect(card.Locator(".empty")).ToHaveTextAsync("Оплат пока нет.");

        // Refused by field, what was typed kept.
        var moscow = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(app.Clock.GetUtcNow().UtcDateTime, moscow));
        await page.FillAsync("#pay-amount", "сто тысяч");
        await page.ClickAsync("#pay-add");
        await Assertions.Expect(card.Locator("#pay-amount + .field-error")).ToContainTextAsync("Введите сумму числом");
        await Assertions.Expect(page.Locator("#pay-amount")).ToHaveValueAsync("сто тысяч");
        await page.FillAsync("#pay-amount", "120 000,50 ₽");
        await page.FillAsync("#pay-on", today.AddDays(1).ToString("dd.MM.yyyy", CultureInfo.InvariantCulture));
        await page.ClickAsync("#pay-add");
        await Assertions.Expect(card.Locator("#pay-on + .field-error")).ToContainTextAsync("не может быть позже сегодняшней");
        await Assertions.Expect(page.Locator("#pay-amount")).ToHaveValueAsync("120 000,50 ₽");

        // Recorded: the card says what is paid and what is left.
        await page.FillAsync("#pay-on", today.AddDays(-1).ToString("dd.MM.yyyy", CultureInfo.InvariantCulture));
        await page.FillAsync("#pay-ref", "318");
        await page.FillAsync("#pay-note", "Предоплата 25%");
        await page.ClickAsync("#pay-add");
        await Assertions.Expect(card.Locator(".alert.ok")).ToHaveTextAsync("Оплата внесена.");
        await Assertions.Expect(card.Locator("#pay-paid")).ToHaveTextAsync("Оплачено 120 000,50\u00A0₽ из 480 000\u00A0₽");
        await Assertions.Expect(card.Locator("#pay-left")).ToHaveTextAsync("Осталось 359 999,50\u00A0₽");
        await Assertions.Expect(card.Locator(".pay-list li")).ToHaveCountAsync(1);
        await Assertions.Expect(card.Locator(".pay-list li")).ToContainTextAsync("№ 318");
        await BrowserApp.AssertFitsAsync(page, width);
        await card.ScrollIntoViewIfNeededAsync();
        await BrowserApp.ScreenshotAsync(page, $"payments-w{width}");

        // Cancelled after the confirmation: struck out, owed again.
        page.Dialog += (_, dialog) => _ = dialog.AcceptAsync();
        await card.GetByLabel($"Отменить оплату 120 000,50\u00A0₽ от {today.AddDays(-1):dd.MM.yyyy}").ClickAsync();
        await Assertions.Expect(card.Locator(".alert.ok")).ToHaveTextAsync("Оплата отменена.");
        await Assertions.Expect(card.Locator(".pay-list li.cancelled")).ToHaveCountAsync(1);
        await Assertions.Expect(card.Locator("#pay-left")).ToHaveTextAsync("Осталось 480 000\u00A0₽");
        await using (var db = app.OpenDb())
        {
            var rows = await db.Set<Payment>().AsNoTracking().Where(x => x.DealId == deal.Id).ToListAsync();
            Assert.Equal((120_000.50m, "318", true), (rows.Single().Amount, rows.Single().Reference, rows.Single().CancelledAt is not null));
        }
        await page.Context.CloseAsync();
    }
}
