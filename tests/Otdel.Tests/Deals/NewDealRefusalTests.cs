using Microsoft.Playwright;
using Otdel.Tests.Infrastructure;

namespace Otdel.Tests.Deals;

/// <summary>The new-deal form names what a later stage still needs instead of only «не выполнены условия» (issue "screens", 4).</summary>
[Collection("browser")]
public sealed class NewDealRefusalTests(BrowserApp browser)
{
    [Fact]
    public async Task Starting_at_a_later_stage_names_what_is_missing()
    {
        var app = browser.App;
        var dep = await app.NewDepartmentAsync();
        var hunter = await dep.AddPersonAsync("hunter", name: "Вера Лебедева");
        var head = app.Client(dep.HeadToken);
        var pipeline = await BoardSeed.B2BAsync(head, dep.Tag);

        var page = await browser.NewPageAsync();
        await browser.SignInAsync(page, hunter.Email);
        await page.GotoAsync($"/deals/new?pipelineId={pipeline.Id}");
        await Assertions.Expect(page.Locator("#nd-stage option:checked")).ToHaveTextAsync("Генерация лидов");
        await page.FillAsync("#nd-title", "Сразу на квалификацию");
        await page.Locator("#nd-stage").SelectOptionAsync(new SelectOptionValue { Label = "Квалификация" });
        await page.Locator("#new-deal-form button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("#new-deal-refusal")).ToContainTextAsync("ЛПР");
        await Assertions.Expect(page.Locator("#new-deal-refusal")).ToContainTextAsync("Начните сделку с первого этапа");
        await Assertions.Expect(page.Locator("#nd-title")).ToHaveValueAsync("Сразу на квалификацию");
    }
}
