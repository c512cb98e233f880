using Microsoft.Playwright;
using Otdel.Features.Deals;
using Otdel.Tests.Infrastructure;
using static Otdel.Tests.Deals.DealsTestKit;

namespace Otdel.Tests.Deals;

/// <summary>
/// The new-deal dialog (issue "screens", finding 4 and item 3): it offers the first stage, and for a later stage shows
/// what that stage asks for and lets the seller fill it in right there; what only an existing deal can have is said.
/// </summary>
[Collection("browser")]
public sealed class NewDealNeedsTests(BrowserApp browser)
{
    [Fact]
    public async Task A_closer_starts_a_deal_at_qualification_by_filling_its_conditions_in_the_dialog()
    {
        var app = browser.App;
        var dep = await app.NewDepartmentAsync();
        var closer = await dep.AddPersonAsync("closer", name: "Ольга Смирнова");
        var head = app.Client(dep.HeadToken);
        var p = await head.NewPipelineAsync("b2b");

        var page = await browser.NewPageAsync();
        await browser.SignInAsync(page, closer.Email);
        await page.GotoAsync($"/deals?pipelineId={p.Id}");
        await page.Locator("[data-open-dialog=new-deal]").ClickAsync();
        var dialog = page.Locator("#new-deal");
        await Assertions.Expect(dialog.Locator("#nd-stage")).ToHaveValueAsync(p.Stages[0].Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(dialog.Locator(".nd-needs")).ToHaveCountAsync(0);

        await dialog.Locator("#nd-title").FillAsync("Линия розлива");
        await dialog.Locator("#nd-amount").FillAsync("3 500 000,50");
        await dialog.Locator("#nd-stage").SelectOptionAsync(new SelectOptionValue { Label = "Квалификация" });
        await Assertions.Expect(dialog.Locator(".nd-needs label")).ToHaveCountAsync(3);
        await Assertions.Expect(dialog.Locator(".nd-needs")).ToContainTextAsync("ЛПР записан");

        // Sent half-filled: the dialog stays open, keeps what was typed, and marks what is still missing by its field.
        await dialog.Locator("#nd-f-icp_match").SelectOptionAsync("да");
        await dialog.Locator("#nd-f-need").FillAsync("Автоматизировать розлив");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Создать" }).ClickAsync();
        await Assertions.Expect(dialog.Locator("#nd-f-decision_maker")).ToHaveClassAsync("invalid");
        await Assertions.Expect(dialog.Locator("#nd-f-need")).ToHaveValueAsync("Автоматизировать розлив");
        await Assertions.Expect(dialog.Locator("#nd-title")).ToHaveValueAsync("Линия розлива");
        await BrowserApp.ScreenshotAsync(page, "new-deal-needs-1440");

        await dialog.Locator("#nd-f-decision_maker").FillAsync("Петров И. С.");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Создать" }).ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex(@"/deals/\d+$"));
        var id = long.Parse(page.Url.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);
        var deal = await app.Client(closer.Token).GetJson<DealView>($"/api/v1/deals/{id}");
        Assert.Equal(p.Stage("Квалификация").Id, deal.StageId);
        Assert.Equal(3_500_000.50m, deal.Amount);
        Assert.Equal(("да", "Автоматизировать розлив", "Петров И. С."), (deal.Fields["icp_match"], deal.Fields["need"], deal.Fields["decision_maker"]));

        // A stage that needs a document: said plainly, with the way on.
        await page.GotoAsync($"/deals?pipelineId={p.Id}");
        await page.Locator("[data-open-dialog=new-deal]").ClickAsync();
        await dialog.Locator("#nd-stage").SelectOptionAsync(new SelectOptionValue { Label = "Согласование КП" });
        await Assertions.Expect(dialog.Locator(".nd-blocked")).ToContainTextAsync("Приложено коммерческое предложение");
        await page.SetViewportSizeAsync(390, 844);
        await BrowserApp.ScreenshotAsync(page, "new-deal-needs-390");
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"));
    }
}
