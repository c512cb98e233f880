using Microsoft.Playwright;
using Otdel.Tests.Infrastructure;

namespace Otdel.Tests.Deals;

/// <summary>Losing with «Другое» and no comment keeps the dialog open with the message by the comment (issue "screens", 11).</summary>
[Collection("browser")]
public sealed class LoseDialogTests(BrowserApp browser)
{
    [Fact]
    public async Task Other_without_a_comment_keeps_the_dialog_open_with_the_message_by_the_field()
    {
        var app = browser.App;
        var dep = await app.NewDepartmentAsync();
        var hunter = await dep.AddPersonAsync("hunter", name: "Вера Лебедева");
        var head = app.Client(dep.HeadToken);
        var pipeline = await BoardSeed.B2BAsync(head, dep.Tag);
        var deal = await BoardSeed.DealAsync(head, pipeline.Id, pipeline.Stage("Развитие лидов").Id, hunter.Id, "Поставка лампы", 10_000m, "ИП Светлов");

        var page = await browser.NewPageAsync();
        await browser.SignInAsync(page, hunter.Email);
        await page.GotoAsync($"/deals/{deal.Id}");
        await page.Locator("button[data-open-dialog=lose-deal]").ClickAsync();
        var other = await page.Locator("#lose-reason option[data-other=true]").First.TextContentAsync();
        await page.Locator("#lose-reason").SelectOptionAsync(new SelectOptionValue { Label = other!.Trim() });
        await page.Locator("#lose-deal button[type=submit]").ClickAsync();

        await Assertions.Expect(page.Locator("#lose-deal")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#lose-comment-error")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#refusal")).ToHaveCountAsync(0);
        await page.Locator("#lose-comment").FillAsync("Клиент закрыл проект");
        await page.Locator("#lose-deal button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("#loss")).ToContainTextAsync("Клиент закрыл проект");

        // One action, one history entry: losing added one field line (status, reason and comment together).
        var lines = page.Locator("#history .timeline li", new() { HasText = "Клиент закрыл проект" });
        await Assertions.Expect(lines).ToHaveCountAsync(1);
        await Assertions.Expect(lines).ToContainTextAsync("Провалено");
    }
}
