using Microsoft.Playwright;
using Otdel.Tests.Infrastructure;

namespace Otdel.Tests.Deals;

/// <summary>The smaller board and deal-page findings of issue "screens" (11): card body opens the deal, a bad amount
/// filter is said, a 300-character title does not push the actions off the screen.</summary>
[Collection("browser")]
public sealed class BoardSmallThingsTests(BrowserApp browser)
{
    [Fact]
    public async Task The_card_opens_the_deal_a_bad_amount_filter_is_said_and_long_titles_wrap()
    {
        var app = browser.App;
        var dep = await app.NewDepartmentAsync();
        var hunter = await dep.AddPersonAsync("hunter", name: "Вера Лебедева");
        var head = app.Client(dep.HeadToken);
        var pipeline = await BoardSeed.B2BAsync(head, dep.Tag);
        var deal = await BoardSeed.DealAsync(head, pipeline.Id, pipeline.Stage("Развитие лидов").Id, hunter.Id, "Поставка кабеля", 400_000m, "ООО «Кабель»");
        var longTitle = new string('Щ', 300);
        var wide = await BoardSeed.DealAsync(head, pipeline.Id, pipeline.Stage("Развитие лидов").Id, hunter.Id, longTitle, 1_000m, "ООО «Длинное»");

        var page = await browser.NewPageAsync();
        await browser.SignInAsync(page, dep.HeadEmail);
        await page.GotoAsync($"/deals?pipelineId={pipeline.Id}");
        // A one-step group («Генерация лидов» of «Генерация лидов») does not say its name twice; a group of steps names itself once.
        var single = page.Locator(".stage-group").First;
        await Assertions.Expect(single.Locator(".col-name")).ToHaveTextAsync("Генерация лидов");
        await Assertions.Expect(single.Locator(".group-name")).ToHaveTextAsync("");
        await Assertions.Expect(page.Locator(".stage-group .group-name", new() { HasTextString = "Конверсия лидов" })).ToHaveCountAsync(1);
        await page.Locator($"#deal-{deal.Id} .dc-client").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/deals/{deal.Id}$"));

        await page.GotoAsync($"/deals?pipelineId={pipeline.Id}&min=-5&max=abc");
        await Assertions.Expect(page.Locator("#amount-filter-error")).ToContainTextAsync("Сумма — число от нуля");
        await Assertions.Expect(page.Locator(".board-summary .tag")).ToHaveCountAsync(0);

        await page.GotoAsync($"/deals/{wide.Id}");
        var right = await page.Locator("#next-stage").EvaluateAsync<double>("e => e.getBoundingClientRect().right");
        var viewport = await page.EvaluateAsync<double>("() => window.innerWidth");
        Assert.True(right <= viewport, $"the next-stage button ends at {right} px on a {viewport} px screen");
        Assert.True(await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth") <= viewport);
    }
}
