using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using Otdel.Features.Deals;
using Otdel.Tests.Infrastructure;
using static Otdel.Tests.Deals.DealsTestKit;

namespace Otdel.Tests.MyDay;

/// <summary>
/// The head's My day (issue "screens", finding 10): one line per seller with open deals and their sum, overdue and won
/// this month, checked against what the test itself created; each figure opens the deals behind it.
/// </summary>
[Collection("browser")]
public sealed class SellersTableTests(BrowserApp browser)
{
    [Fact]
    public async Task The_head_sees_each_sellers_figures_and_opens_the_deals_behind_them()
    {
        var app = browser.App;
        var dep = await app.NewDepartmentAsync();
        var anna = await dep.AddPersonAsync("closer", name: "Анна Смирнова");
        var boris = await dep.AddPersonAsync("closer", name: "Борис Котов");
        var head = app.Client(dep.HeadToken);
        var p = await head.NewPipelineAsync("simple");
        await head.NewDealAsync(p, "Сделка А1", amount: 100_000, ownerId: anna.Id);
        await head.NewDealAsync(p, "Сделка А2", amount: 200_000, ownerId: anna.Id);
        await head.NewDealAsync(p, "Сделка Б1", amount: 50_000, ownerId: boris.Id);
        var toWin = await head.NewDealAsync(p, "Сделка Б2", amount: 70_000, ownerId: boris.Id);
        await Expect<DealView>(await head.PostAsJsonAsync($"/api/v1/deals/{toWin.Id}/win", new { version = toWin.Version, overrideReason = "Оплата пришла, документы досылают" }), HttpStatusCode.OK);

        var page = await browser.NewPageAsync();
        await browser.SignInAsync(page, dep.HeadEmail);
        await page.GotoAsync("/");
        var a = page.Locator($"#sellers tr[data-seller='{anna.Id}'] td");
        await Assertions.Expect(a.Nth(1)).ToHaveTextAsync("2");
        await Assertions.Expect(a.Nth(2)).ToHaveTextAsync("300 000 ₽");
        await Assertions.Expect(a.Nth(4)).ToContainTextAsync("0");
        var b = page.Locator($"#sellers tr[data-seller='{boris.Id}'] td");
        await Assertions.Expect(b.Nth(1)).ToHaveTextAsync("1");
        await Assertions.Expect(b.Nth(2)).ToHaveTextAsync("50 000 ₽");
        await Assertions.Expect(b.Nth(4)).ToContainTextAsync("1 · 70 000 ₽");
        await BrowserApp.ScreenshotAsync(page, "my-day-sellers");

        await a.Nth(1).Locator("a").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"owner={anna.Id}"));
        await Assertions.Expect(page.Locator(".deal-card")).ToHaveCountAsync(2);
    }
}
