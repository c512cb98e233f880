using Microsoft.Playwright;
using Otdel.Tests.Infrastructure;

namespace Otdel.Tests.Deals;

/// <summary>The deal card's documents and approvals: a proposal attached in the UI satisfies the step's condition.</summary>
[Collection("browser")]
public sealed class DealDocumentsTests(BrowserApp browser)
{
    [Fact]
    public async Task A_proposal_attached_on_the_card_meets_the_condition_and_an_approval_is_listed()
    {
        var app = browser.App;
        var dep = await app.NewDepartmentAsync();
        var closer = await dep.AddPersonAsync("closer", name: "Олег Морозов");
        var head = app.Client(dep.HeadToken);
        var pipeline = await BoardSeed.B2BAsync(head, dep.Tag);
        var step = pipeline.Stage("Подготовка КП");
        var deal = await BoardSeed.DealAsync(head, pipeline.Id, step.Id, closer.Id, "Поставка насосов", 2_400_000m, "АО «Гидромаш»");

        var page = await browser.NewPageAsync();
        await browser.SignInAsync(page, dep.HeadEmail);
        await page.GotoAsync($"/deals/{deal.Id}");
        await Assertions.Expect(page.Locator("#requirements")).ToContainTextAsync("Приложите документ: коммерческое предложение");

        await page.Locator("#files select[name=kind]").SelectOptionAsync("proposal");
        await page.Locator("#files input[type=file]").SetInputFilesAsync(new FilePayload
        {
            Name = "КП Гидромаш.pdf", MimeType = "application/pdf", Buffer = "%PDF-1.4\n% commercial proposal\n"u8.ToArray(),
        });
        await page.Locator("#files button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("#files")).ToContainTextAsync("КП Гидромаш.pdf");
        await Assertions.Expect(page.Locator("#requirements")).Not.ToContainTextAsync("Приложите документ: коммерческое предложение");

        await page.Locator("#approvals input[name=comment]").FillAsync("Скидка 5% согласована");
        await page.Locator("#approvals button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("#approvals")).ToContainTextAsync("Скидка 5% согласована");
        await Assertions.Expect(page.Locator("#approvals")).ToContainTextAsync("Руководитель отдела продаж");
        await BrowserApp.ScreenshotAsync(page, "deal-documents");

        // The file downloads as it was uploaded.
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#files a", new() { HasText = "КП Гидромаш.pdf" }).ClickAsync());
        var path = await download.PathAsync();
        Assert.StartsWith("%PDF-1.4", await File.ReadAllTextAsync(path!));
    }
}
