using System.Text;
using Microsoft.Playwright;
using Otdel.Features.Deals;
using Otdel.Tests.Infrastructure;
using static Otdel.Tests.Deals.DealsTestKit;

namespace Otdel.Tests.Import;

/// <summary>
/// /import in the browser: a head maps an amoCRM-style CSV (the guess takes the Russian column names), checks it, imports
/// it in the background — queued behind a long import, followed on the run's page through reloads; the two bad rows are
/// reported with their reasons and the rest appear as deals with their past dates.
/// </summary>
[Collection("browser")]
public sealed class ImportPageTests(BrowserApp browser)
{
    [Theory]
    [InlineData(1440)]
    [InlineData(1024)]
    [InlineData(390)]
    public async Task A_head_maps_and_imports_a_csv_and_sees_the_two_bad_rows_with_reasons(int width)
    {
        var app = browser.App;
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var seller = await dep.AddPersonAsync("closer");
        var p = await head.NewPipelineAsync("simple", "Импорт " + dep.Tag);
        var stage = p.Stages[1].Name;
        var csv = "ID;Название сделки;Бюджет;Ответственный;Этап сделки;Дата создания;Дата закрытия;Компания\n"
            + $"a1-{dep.Tag};Станки {dep.Tag};1 250 000;{seller.Email};Успешно реализовано;15.01.2025 10:30:00;20.02.2025 12:00:00;ООО «Ромашка»\n"
            + $"a2-{dep.Tag};Фрезы {dep.Tag};300 000;{seller.Email};Закрыто и не реализовано;16.01.2025 09:00:00;01.03.2025 12:00:00;ИП Сидоров\n"
            + $"a3-{dep.Tag};Сервис {dep.Tag};90 000;{seller.Email};{stage};17.01.2025 09:00:00;;Ромашка\n"
            + $"a4-{dep.Tag};Плохая {dep.Tag};девяносто;{seller.Email};{stage};17.01.2025 09:00:00;;Ромашка\n"
            + $"a5-{dep.Tag};Без даты {dep.Tag};100;{seller.Email};{stage};31.02.2025 09:00:00;;Ромашка\n";
        var file = Path.Combine(Path.GetTempPath(), $"amo-{dep.Tag}-{width}.csv");
        await File.WriteAllTextAsync(file, csv, new UTF8Encoding(true));

        var page = await browser.NewPageAsync(width);
        await browser.SignInAsync(page, dep.HeadEmail);
        await page.GotoAsync("/settings/pipelines");
        await page.ClickAsync(".settings-tabs a[href='/import']");
        await page.SelectOptionAsync("#target", "deals");
        await page.SetInputFilesAsync("#upload", file);
        await page.ClickAsync("#preview-button");

        // The guess: amoCRM's names map by themselves, the stage column gives status and stage; the pipeline is a value for all rows.
        await Assertions.Expect(page.Locator("select[data-map='Бюджет']")).ToHaveValueAsync("amount");
        await Assertions.Expect(page.Locator("select[data-map='Этап сделки']")).ToHaveValueAsync("status+stage");
        await Assertions.Expect(page.Locator("select[data-map='Ответственный']")).ToHaveValueAsync("owner");
        await page.FillAsync("#default-pipeline", p.Name);
        await BrowserApp.ScreenshotAsync(page, $"import-map-w{width}");
        await BrowserApp.AssertFitsAsync(page, width);

        await page.ClickAsync("#check-button");
        await Assertions.Expect(page.Locator("#import-result")).ToHaveAttributeAsync("data-applied", "false");
        await Assertions.Expect(page.Locator("#imported")).ToHaveTextAsync("3");
        await Assertions.Expect(page.Locator("#default-pipeline")).ToHaveValueAsync(p.Name);

        await page.ClickAsync("#import-button");
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex(@"/import/runs/\d+$"));
        var runId = await page.Locator("[data-run]").First.GetAttributeAsync("data-run");
        await Assertions.Expect(page.Locator("#import-result")).ToHaveAttributeAsync("data-applied", "true");
        for (var pass = 0; pass < 2; pass++)
        {
            // Done, and the same after a reload: the counts, the refused rows with reasons, the CSV to download.
            await Assertions.Expect(page.Locator($"[data-run='{runId}'] #import-result")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("#imported")).ToHaveTextAsync("3");
            await Assertions.Expect(page.Locator("#rejected")).ToHaveTextAsync("2");
            await Assertions.Expect(page.Locator(".rejected-rows tr[data-line='5'] .reason")).ToContainTextAsync("девяносто");
            await Assertions.Expect(page.Locator(".rejected-rows tr[data-line='6'] .reason")).ToContainTextAsync("31.02.2025");
            await Assertions.Expect(page.Locator("#rejected-csv")).ToHaveAttributeAsync("href", $"/api/v1/import/runs/{runId}/rejected.csv");
            if (pass == 0) await page.ReloadAsync();
        }
        await BrowserApp.ScreenshotAsync(page, $"import-done-w{width}");
        await BrowserApp.AssertFitsAsync(page, width);

        // A long import (a dry run of many rows) started now shows on /import with its bar moving, through a reload, and
        // then on its own page with its result. (On SQLite an import holds the write lock, so it goes last: nothing else writes meanwhile.)
        var longFile = new StringBuilder("pipeline,status,owner,title,amount\n");
        for (var i = 0; i < 150_000; i++)
            longFile.Append(System.Globalization.CultureInfo.InvariantCulture, $"{p.Name},open,{seller.Email},Длинная {i},{i}\n");
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(Encoding.UTF8.GetBytes(longFile.ToString())), "file", "long.csv" },
            { new StringContent("true"), "background" }, { new StringContent("true"), "dryRun" },
        };
        var blocker = await Expect<Otdel.Features.Import.ImportRunStatus>(await head.PostAsync("/api/v1/import/deals", form),
            System.Net.HttpStatusCode.Accepted);
        await page.GotoAsync("/import");
        var running = page.Locator($".import-progress[data-run='{blocker.Id}']");
        await Assertions.Expect(running).ToBeVisibleAsync();
        await Assertions.Expect(running.Locator("#rows-read")).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"\d\s\d{3}"));
        await Assertions.Expect(running.Locator("#percent")).ToBeVisibleAsync();
        await BrowserApp.ScreenshotAsync(page, $"import-progress-w{width}");
        await BrowserApp.AssertFitsAsync(page, width);
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator($"[data-run='{blocker.Id}']").First).ToBeVisibleAsync();
        await page.GotoAsync($"/import/runs/{blocker.Id}");
        await Assertions.Expect(page.Locator("#import-result")).ToHaveAttributeAsync("data-applied", "false", new() { Timeout = 120_000 });
        await Assertions.Expect(page.Locator("#rows")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^150\s000$"));

        // The history on /import names both runs and their states, each a link to its page.
        await page.GotoAsync("/import");
        await Assertions.Expect(page.Locator($".import-runs tr[data-run='{runId}'] .run-state")).ToHaveTextAsync("готово");
        await Assertions.Expect(page.Locator($".import-runs tr[data-run='{blocker.Id}'] a")).ToHaveAttributeAsync("href", $"/import/runs/{blocker.Id}");
        await BrowserApp.ScreenshotAsync(page, $"import-history-w{width}");

        var deals = await head.GetJson<ImportDealsTests.DealList>($"/api/v1/deals?pipelineId={p.Id}&limit=50");
        Assert.Equal([$"Сервис {dep.Tag}", $"Станки {dep.Tag}", $"Фрезы {dep.Tag}"], deals.Items.Select(d => d.Title).Order());
        var won = deals.Items.Single(d => d.Title == $"Станки {dep.Tag}");
        Assert.Equal((DealStatus.Won, 1_250_000m, new DateTime(2025, 1, 15, 7, 30, 0)), (won.Status, won.Amount, won.CreatedAt));
        Assert.Equal(seller.Id, won.OwnerId);
        await page.Context.CloseAsync();
        File.Delete(file);
    }
}
