using Microsoft.Playwright;
using Otdel.Tests.Infrastructure;

namespace Otdel.Tests.Pipelines;

/// <summary>Settings for people, not keys (issue "screens", item 9): a condition's field is picked by its name; a seller
/// sees the stage read-only, without edit controls.</summary>
[Collection("browser")]
public sealed class StageSettingsViewTests(BrowserApp browser)
{
    [Fact]
    public async Task The_head_picks_a_field_by_name_and_a_seller_sees_the_stage_read_only()
    {
        var app = browser.App;
        var dep = await app.NewDepartmentAsync();
        var hunter = await dep.AddPersonAsync("hunter", name: "Вера Лебедева");
        var head = app.Client(dep.HeadToken);
        var pipeline = await Deals.BoardSeed.B2BAsync(head, dep.Tag);
        var url = $"/settings/pipelines/{pipeline.Id}/stages/{pipeline.Stage("Квалификация").Id}";

        var page = await browser.NewPageAsync();
        await browser.SignInAsync(page, dep.HeadEmail);
        await page.GotoAsync(url);
        var field = page.Locator(".cond-row .cond-field").First;
        await Assertions.Expect(field.Locator("option:checked")).ToHaveTextAsync("Бюджет");
        await Assertions.Expect(page.Locator(".read-only-note")).ToHaveCountAsync(0);

        var seller = await browser.NewPageAsync();
        await browser.SignInAsync(seller, hunter.Email);
        await seller.GotoAsync(url);
        await Assertions.Expect(seller.Locator(".read-only-note")).ToContainTextAsync("Только просмотр");
        await Assertions.Expect(seller.Locator("#add-condition")).ToBeHiddenAsync();
        await Assertions.Expect(seller.Locator(".cond-row .cond-field").First).ToBeDisabledAsync();
        await BrowserApp.ScreenshotAsync(seller, "settings-stage-read-only");
    }
}
