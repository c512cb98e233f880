using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Otdel.Features.Import;
using Otdel.Tests.Infrastructure;
using static Otdel.Tests.Deals.DealsTestKit;

namespace Otdel.Tests.Import;

/// <summary>/import's history in the browser: «Отменить импорт» asks first, then the run's deals are gone and the row says so.</summary>
[Collection("browser")]
public sealed class ImportUndoPageTests(BrowserApp browser)
{
    [Theory]
    [InlineData(1440)]
    [InlineData(390)]
    public async Task A_head_undoes_an_import_from_the_history(int width)
    {
        var app = browser.App;
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var p = await head.NewPipelineAsync("simple", "Откат " + dep.Tag);
        var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(Encoding.UTF8.GetBytes($"externalId,title,pipeline,status,owner\nU-{dep.Tag},Отменяемая,{p.Name},open,{dep.HeadEmail}\n")),
                "file", "undo.csv" },
        };
        var run = await Expect<ImportResultView>(await head.PostAsync("/api/v1/import/deals", form), System.Net.HttpStatusCode.OK);

        var page = await browser.NewPageAsync(width);
        await browser.SignInAsync(page, dep.HeadEmail);
        await page.GotoAsync("/import");
        var row = page.Locator($"tr[data-run='{run.RunId}']");
        string? asked = null;
        page.Dialog += async (_, d) => { asked = d.Message; await d.AcceptAsync(); };
        await row.Locator(".undo-run button").ClickAsync();
        await Assertions.Expect(row).ToContainTextAsync("Отменён");
        Assert.Contains("Отменить этот импорт", asked);
        await BrowserApp.ScreenshotAsync(page, $"import-undone-w{width}");
        await BrowserApp.AssertFitsAsync(page, width);
        await using (var db = app.OpenDb())
            Assert.False(await db.Deals.AnyAsync(d => d.ExternalId == "U-" + dep.Tag));
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData(1440)]
    [InlineData(1024)]
    [InlineData(390)]
    public async Task A_second_runs_page_says_how_many_records_it_updated(int width)
    {
        var app = browser.App;
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var p = await head.NewPipelineAsync("simple", "Повтор " + dep.Tag);
        var csv = $"externalId,title,pipeline,status,owner,amount\nR1-{dep.Tag},Первая,{p.Name},open,{dep.HeadEmail},100\n"
            + $"R2-{dep.Tag},Вторая,{p.Name},open,{dep.HeadEmail},200\n";
        MultipartFormDataContent File(string text) => new() { { new ByteArrayContent(Encoding.UTF8.GetBytes(text)), "file", "again.csv" } };
        await Expect<ImportResultView>(await head.PostAsync("/api/v1/import/deals", File(csv)), System.Net.HttpStatusCode.OK);
        var again = await Expect<ImportResultView>(await head.PostAsync("/api/v1/import/deals", File(csv.Replace(",100", ",150"))),
            System.Net.HttpStatusCode.OK);

        var page = await browser.NewPageAsync(width);
        await browser.SignInAsync(page, dep.HeadEmail);
        await page.GotoAsync($"/import/runs/{again.RunId}");
        await Assertions.Expect(page.Locator("#updated")).ToHaveTextAsync("Из них обновлено ранее загруженных записей (по внешним ID): 2");
        await Assertions.Expect(page.Locator("#imported")).ToHaveTextAsync("2");
        await BrowserApp.ScreenshotAsync(page, $"import-second-run-w{width}");
        await BrowserApp.AssertFitsAsync(page, width);
        await page.Context.CloseAsync();
    }
}
