using System.Text.Json;
using Microsoft.Playwright;
using Otdel.Features.Deals;
using Otdel.Tests.Infrastructure;

namespace Otdel.Tests.Deals;

/// <summary>
/// Inline fields keep what people type (issue "screens", finding 1 and 2): a date typed digit by digit is saved once,
/// an impossible date is a message by the field, Russian money is understood and shown back the Russian way, and an
/// empty field looks like something to fill in.
/// </summary>
[Collection("browser")]
public sealed class DealFieldsTypingTests(BrowserApp browser)
{
    [Fact]
    public async Task A_date_typed_digit_by_digit_is_saved_once_and_russian_money_is_understood()
    {
        var app = browser.App;
        var dep = await app.NewDepartmentAsync();
        var closer = await dep.AddPersonAsync("closer", name: "Ольга Новикова");
        var head = app.Client(dep.HeadToken);
        var pipeline = await BoardSeed.B2BAsync(head, dep.Tag);
        var deal = await BoardSeed.DealAsync(head, pipeline.Id, pipeline.Stage("Квалификация").Id, closer.Id, "Линия розлива", 1_000_000m, "ООО «Вектор»");

        var page = await browser.NewPageAsync();
        await browser.SignInAsync(page, closer.Email);
        await page.GotoAsync($"/deals/{deal.Id}");

        // An empty field reads as one to fill in (dashed, with a hint), not as a label.
        var source = page.Locator("#fld-source");
        await Assertions.Expect(source).ToHaveAttributeAsync("placeholder", "не заполнено");
        Assert.Equal("dashed", await source.EvaluateAsync<string>("e => getComputedStyle(e).borderTopStyle"));

        // Typed key by key as people do: nothing is saved mid-typing, the whole date once on leaving the field.
        var close = page.Locator("#fld-expectedCloseDate");
        await close.ClickAsync();
        await close.PressSequentiallyAsync("15.03.2027");
        await close.PressAsync("Tab");
        await Assertions.Expect(page.Locator("#deal-fields .saved-note")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#fld-expectedCloseDate")).ToHaveValueAsync("15.03.2027");
        Assert.Equal(new DateOnly(2027, 3, 15), (await head.GetJson<DealView>($"/api/v1/deals/{deal.Id}")).ExpectedCloseDate);
        var history = await head.GetJson<List<JsonElement>>($"/api/v1/audit?entity=deal&id={deal.Id}");
        Assert.Single(history, h => h.GetProperty("field").GetString() == "expectedCloseDate");

        // An impossible date is a message by the field; what was typed stays, the saved date too.
        await page.Locator("#fld-expectedCloseDate").FillAsync("31.02.2026");
        await page.Locator("#fld-expectedCloseDate").PressAsync("Tab");
        await Assertions.Expect(page.Locator("#deal-fields .field-error")).ToContainTextAsync("Такой даты нет");
        await Assertions.Expect(page.Locator("#fld-expectedCloseDate")).ToHaveValueAsync("31.02.2026");
        Assert.Equal(new DateOnly(2027, 3, 15), (await head.GetJson<DealView>($"/api/v1/deals/{deal.Id}")).ExpectedCloseDate);

        // «Бюджет» (a custom money field, the exit condition of «Квалификация») takes money as Russians type it.
        await page.Locator("#fld-f-budget").FillAsync("3 500 000,50");
        await page.Locator("#fld-f-budget").PressAsync("Tab");
        await Assertions.Expect(page.Locator("#deal-fields .saved-note")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#fld-f-budget")).ToHaveValueAsync("3\u00A0500\u00A0000,50");
        Assert.Equal("3500000.50", (await head.GetJson<DealView>($"/api/v1/deals/{deal.Id}")).Fields["budget"]);
        await Assertions.Expect(page.Locator("#requirements")).Not.ToContainTextAsync("Бюджет клиента известен");
        // The history tells it as the page shows it.
        await Assertions.Expect(page.Locator("#history")).ToContainTextAsync("Бюджет: 3\u00A0500\u00A0000,50\u00A0₽");
        await Assertions.Expect(page.Locator("#history")).ToContainTextAsync("— → 15.03.2027");
        await BrowserApp.ScreenshotAsync(page, "deal-fields-typed");
    }
}
