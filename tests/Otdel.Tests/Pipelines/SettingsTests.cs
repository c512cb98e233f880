using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Otdel.Features.Pipelines;
using Otdel.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Otdel.Tests.Pipelines;

/// <summary>Настройки → Воронки as a head of sales sets up the process.</summary>
[Collection("browser")]
public sealed class SettingsTests(BrowserApp browser)
{
    [Fact]
    public async Task Head_creates_a_B2B_pipeline_reorders_stages_edits_a_stage_with_conditions_and_adds_a_loss_reason()
    {
        var dep = await browser.App.NewDepartmentAsync();
        var page = await browser.NewPageAsync();
        await browser.SignInAsync(page, dep.HeadEmail);

        await page.ClickAsync(".sidebar a[href='/settings/pipelines']");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Настройки");
        await page.FillAsync("#Name", "B2B — Москва " + dep.Tag);
        await page.ClickAsync("#create-pipeline");
        await Expect(page.Locator("h1")).ToContainTextAsync("B2B — Москва " + dep.Tag);
        var rows = page.Locator("table.stages tbody tr:not(.group-row)");
        await Expect(rows.Filter(new() { HasText = "Квалификация" })).ToContainTextAsync("Клоузер");
        await Expect(page.Locator("table.stages")).ToContainTextAsync("Ключевые клиенты");

        // "Презентация" goes one column left, before "Оценка потребности".
        var presentation = rows.Filter(new() { HasText = "Презентация" });
        await presentation.Locator("button[title='Выше']").ClickAsync();
        await Expect(page.Locator(".alert.ok")).ToBeVisibleAsync();
        var names = (await page.Locator("table.stages tbody tr:not(.group-row) td:nth-child(2) a").AllTextContentsAsync()).ToList();
        Assert.True(names.IndexOf("Презентация") < names.IndexOf("Оценка потребности"), string.Join(", ", names));

        await page.FillAsync("#ReasonName", "Сменился ЛПР у клиента");
        await page.ClickAsync("#add-reason");
        await Expect(page.Locator("ul.reasons input[value='Сменился ЛПР у клиента']")).ToBeVisibleAsync();

        await rows.Filter(new() { HasText = "Счёт" }).Locator("td:nth-child(2) a").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Счёт");
        await page.FillAsync("#Input_Probability", "150");
        await page.FillAsync("#Input_TimeLimitHours", "12");
        await page.FillAsync("#Input_KeySuccessFactor", "Счёт выставлен в день согласования");
        await page.ClickAsync("#save-stage");
        await Expect(page.Locator("#Probability-error")).ToHaveTextAsync("Процент от 0 до 100.");
        await Expect(page.Locator("#Input_Probability")).ToHaveClassAsync(new Regex("invalid"));
        await Expect(page.Locator("#Input_TimeLimitHours")).ToHaveValueAsync("12");
        await Expect(page.Locator("#Input_KeySuccessFactor")).ToHaveValueAsync("Счёт выставлен в день согласования");

        await page.FillAsync("#Input_Probability", "85");
        // "Add condition" re-renders the form through htmx: wait for the new row before touching it, or .Last would
        // still be the old last row (and the swap would then throw away what was typed into it).
        var conditions = page.Locator(".cond-row");
        var before = await conditions.CountAsync();
        await page.ClickAsync("#add-condition");
        await Expect(conditions).ToHaveCountAsync(before + 1);
        var added = conditions.Nth(before);
        await Expect(added).ToHaveAttributeAsync("data-kind", "field");
        await added.Locator("select.cond-kind").SelectOptionAsync("document");
        await Expect(added).ToHaveAttributeAsync("data-kind", "document");
        await added.Locator("select.only-document").SelectOptionAsync("invoice");
        await added.Locator("input.cond-label").FillAsync("Приложен счёт");
        await page.ClickAsync("#save-stage");
        await Expect(page.Locator(".alert.ok")).ToHaveTextAsync("Сохранено.");
        await Expect(page.Locator("#Input_TimeLimitHours")).ToHaveValueAsync("12");
        await page.EvaluateAsync("() => window.scrollTo(0, 0)"); // sticky bars would be drawn mid-page otherwise
        await BrowserApp.ScreenshotAsync(page, "settings-stage");

        await page.ClickAsync(".crumbs a:nth-of-type(2)");
        var invoice = page.Locator("table.stages tbody tr:not(.group-row)").Filter(new() { HasText = "Счёт" });
        await Expect(invoice).ToContainTextAsync("12 раб. ч");
        await Expect(invoice.Locator(".cond", new() { HasText = "Приложен счёт" })).ToBeVisibleAsync();
        await BrowserApp.ScreenshotAsync(page, "settings-pipeline");
    }

    [Fact]
    public async Task Deleting_a_stage_that_holds_deals_says_how_many_and_moves_them_to_the_chosen_stage()
    {
        var dep = await browser.App.NewDepartmentAsync();
        var api = browser.App.Client(dep.HeadToken);
        var pipeline = await (await api.PostAsJsonAsync("/api/v1/pipelines", new { name = "Простая " + dep.Tag, template = "simple" }))
            .EnsureSuccessStatusCode().ReadJson<PipelineView>();
        var negotiation = pipeline.Stages.Single(s => s.Name == "Переговоры");
        var proposal = pipeline.Stages.Single(s => s.Name == "КП отправлено");
        foreach (var title in new[] { "Поставка кофемашин", "Сервисный договор" })
            (await api.PostAsJsonAsync("/api/v1/deals", new { title, amount = 250000, pipelineId = pipeline.Id, stageId = negotiation.Id, ownerId = dep.HeadId }))
                .EnsureSuccessStatusCode();

        var page = await browser.NewPageAsync();
        await browser.SignInAsync(page, dep.HeadEmail);
        await page.GotoAsync($"/settings/pipelines/{pipeline.Id}/stages/{negotiation.Id}");
        await Expect(page.Locator("#delete-message")).ToContainTextAsync("На этапе сделок: 2");
        await page.ClickAsync("#delete-stage");
        await Expect(page.Locator("#delete-message")).ToHaveTextAsync("На этапе сделок: 2. Выберите этап, куда их перенести.");
        await page.SelectOptionAsync("#MoveTo", proposal.Id.ToString());
        await page.ClickAsync("#delete-stage");

        await Expect(page.Locator("h1")).ToContainTextAsync("Простая " + dep.Tag);
        await Expect(page.Locator("table.stages")).Not.ToContainTextAsync("Переговоры");
        var moved = page.Locator("table.stages tbody tr").Filter(new() { HasText = "КП отправлено" });
        await Expect(moved.Locator("td").Nth(7)).ToHaveTextAsync("2");
        await BrowserApp.ScreenshotAsync(page, "settings-stage-deleted");
    }
}
