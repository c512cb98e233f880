using Microsoft.Playwright;
using Otdel.Features.Automation;
using Otdel.Tests.Infrastructure;
using static Otdel.Tests.Deals.DealsTestKit;

namespace Otdel.Tests.Automation;

/// <summary>
/// A head of sales opens Settings → Automation, sees the B2B template's rules, is told a missing stage by its field (what
/// was typed stays), creates a rule «on entering a stage, a task for the owner and the deal to the closer with fewest
/// open deals», switches it off and on, finds it through the API as typed, then a rule «three days before the expected
/// close date, a task for the lawyer»; the form shows only the fields the chosen trigger and kinds use — at 1440, 1024
/// and 390 px, nothing wider than the screen.
/// </summary>
[Collection("browser")]
public sealed class AutomationPageTests(BrowserApp browser)
{
    [Theory]
    [InlineData(1440)]
    [InlineData(1024)]
    [InlineData(390)]
    public async Task A_head_creates_a_rule_in_settings_and_switches_it_off_and_on(int width)
    {
        var app = browser.App;
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var pipeline = await head.NewPipelineAsync("b2b", "Продажи " + dep.Tag);
        var stage = pipeline.Stage("Презентация");

        var page = await browser.NewPageAsync(width, timeout: 10_000);
        await browser.SignInAsync(page, dep.HeadEmail);

        await page.GotoAsync("/settings/automation");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Автоматизация");
        await Assertions.Expect(page.Locator(".settings-tabs a.on")).ToHaveTextAsync("Автоматизация");
        // The seed's examples came with the B2B pipeline.
        await Assertions.Expect(page.Locator(".rules-table tbody tr")).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator(".rules-table")).ToContainTextAsync("Перезвонить после отправки КП");

        var name = "Подготовить демо " + dep.Tag;
        await page.FillAsync("#rule-name", name);
        await page.SelectOptionAsync("#rule-pipeline", pipeline.Id.ToString());
        await page.SelectOptionAsync("#rule-trigger", "deal_entered");
        await page.SelectOptionAsync("#cond-field-0", "amount_min");
        await page.FillAsync("#cond-value-0", "500 000");
        await page.SelectOptionAsync("#act-kind-0", "task");
        await page.FillAsync("#act-hours-0", "4");
        await page.FillAsync("#act-text-0", "Подготовить стенд");
        await page.SelectOptionAsync("#act-kind-1", "assign");
        await Assertions.Expect(page.Locator("#act-url-1")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#act-hours-1")).ToBeHiddenAsync();
        await page.SelectOptionAsync("#act-by-1", "least_loaded");
        await page.SelectOptionAsync("#act-position-1", "closer");
        await page.ClickAsync("#save-rule");
        // Refused: the stage is missing; said by the field, and what was typed is still there.
        await Assertions.Expect(page.Locator("#refusal")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#rule-stage + .field-error")).ToContainTextAsync("Заполните");
        await Assertions.Expect(page.Locator("#rule-name")).ToHaveValueAsync(name);
        await Assertions.Expect(page.Locator("#act-text-0")).ToHaveValueAsync("Подготовить стенд");
        await BrowserApp.AssertFitsAsync(page, width);
        await BrowserApp.ScreenshotAsync(page, $"automation-refused-w{width}");

        await page.SelectOptionAsync("#rule-stage", stage.Id.ToString());
        await page.ClickAsync("#save-rule");
        await Assertions.Expect(page.Locator("#saved")).ToContainTextAsync("Правило сохранено");
        var row = page.Locator(".rules-table tbody tr", new() { HasText = name });
        await Assertions.Expect(row).ToContainTextAsync("Сделка попала на этап «Презентация», если сумма не меньше 500 000");
        await Assertions.Expect(row).ToContainTextAsync("Создать задачу ответственному за 4 раб. ч: «Подготовить стенд»");
        await Assertions.Expect(row).ToContainTextAsync("Назначить ответственного из «Клоузер» (у кого меньше открытых сделок)");
        await Assertions.Expect(row).ToContainTextAsync("Включено");
        await BrowserApp.AssertFitsAsync(page, width);
        await BrowserApp.ScreenshotAsync(page, $"automation-w{width}");

        await row.Locator("button", new() { HasText = "Выключить" }).ClickAsync();
        await Assertions.Expect(page.Locator(".rules-table tbody tr", new() { HasText = name })).ToContainTextAsync("Выключено");
        var rules = await head.GetJson<List<RuleView>>($"/api/v1/automation/rules?pipelineId={pipeline.Id}");
        var saved = rules.Single(r => r.Name == name);
        Assert.False(saved.Enabled);
        Assert.Equal((stage.Id, "deal_entered"), (saved.StageId, saved.Trigger));
        Assert.Equal(new RuleCondition(RuleCondition.AmountMin, "500 000"), Assert.Single(saved.Conditions));
        Assert.Equal(2, saved.Actions.Count);
        var action = saved.Actions[0];
        Assert.Equal(("task", "owner", 4, "Подготовить стенд"), (action.Kind, action.To, action.Hours, action.Text));
        Assert.Equal(("assign", "least_loaded", "closer", (long?)null), (saved.Actions[1].Kind, saved.Actions[1].By, saved.Actions[1].Position,
            saved.Actions[1].TeamId));

        await page.Locator(".rules-table tbody tr", new() { HasText = name }).Locator("button", new() { HasText = "Включить" }).ClickAsync();
        await Assertions.Expect(page.Locator(".rules-table tbody tr", new() { HasText = name })).ToContainTextAsync("Включено");

        var dated = "Перед закрытием " + dep.Tag;
        await page.FillAsync("#rule-name", dated);
        await page.SelectOptionAsync("#rule-pipeline", pipeline.Id.ToString());
        await page.SelectOptionAsync("#rule-trigger", "date_reached");
        await Assertions.Expect(page.Locator("#rule-hours")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#rule-stage")).ToBeHiddenAsync();
        await page.SelectOptionAsync("#rule-date-field", "expected_close_date");
        await page.FillAsync("#rule-days", "3");
        await page.SelectOptionAsync("#rule-direction", "before");
        await page.SelectOptionAsync("#act-kind-0", "task");
        await Assertions.Expect(page.Locator("#act-position-0")).ToBeHiddenAsync();
        await page.SelectOptionAsync("#act-to-0", "position");
        await page.SelectOptionAsync("#act-position-0", "legal");
        await BrowserApp.AssertFitsAsync(page, width);
        await BrowserApp.ScreenshotAsync(page, $"automation-date-form-w{width}");
        await page.ClickAsync("#save-rule");
        await Assertions.Expect(page.Locator("#saved")).ToBeVisibleAsync();
        var datedRow = page.Locator(".rules-table tbody tr", new() { HasText = dated });
        await Assertions.Expect(datedRow).ToContainTextAsync("За 3 дн. до даты: «ожидаемая дата закрытия»");
        await Assertions.Expect(datedRow).ToContainTextAsync("Создать задачу сотруднику на должности «Юрист» за 8 раб. ч");
        await page.Context.CloseAsync();
    }
}
