using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Otdel.Features.Deals;
using Otdel.Tests.Infrastructure;
using static Otdel.Tests.Deals.DealsTestKit;

namespace Otdel.Tests.Deals;

/// <summary>
/// Whoever worked on a deal keeps reading it after handing it over (issue "screens", finding 3: the hunter landed on
/// «Страница не найдена» after «Далее»), but changes belong to the new owner; lists stay by owner.
/// </summary>
public abstract class HandedOverTests(TestApp app)
{
    [Fact]
    public async Task A_hunter_reads_the_deal_they_handed_over_but_no_longer_changes_it()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var hunter = await dep.AddPersonAsync("hunter");
        var closer = await dep.AddPersonAsync("closer");
        var bystander = app.Client((await dep.AddPersonAsync("hunter")).Token);
        var p = await head.NewPipelineAsync("b2b");
        var seller = app.Client(hunter.Token);

        var deal = await seller.NewDealAsync(p, "Поставка серверов", p.Stage("Развитие лидов").Id,
            fields: new { icp_match = "да", need = "Замена парка", decision_maker = "Иванов" });
        var moved = await Expect<DealView>(await seller.MoveAsync(deal, p.Stage("Квалификация").Id), HttpStatusCode.OK);
        Assert.Equal(closer.Id, moved.OwnerId);

        Assert.Equal("Поставка серверов", (await seller.GetJson<DealView>($"/api/v1/deals/{deal.Id}")).Title);
        Assert.Equal(HttpStatusCode.OK, (await seller.GetAsync($"/api/v1/deals/{deal.Id}/history")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await seller.GetAsync($"/api/v1/audit?entity=deal&id={deal.Id}")).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await seller.PatchAsJsonAsync($"/api/v1/deals/{deal.Id}", new { title = "Моя", version = moved.Version })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await seller.MoveAsync(moved, p.Stage("Развитие лидов").Id)).StatusCode);
        var list = await seller.GetJson<DealPage>($"/api/v1/deals?pipelineId={p.Id}");
        Assert.DoesNotContain(list.Items, d => d.Id == deal.Id);

        // A colleague who never worked on it does not see it at all.
        Assert.Equal(HttpStatusCode.NotFound, (await bystander.GetAsync($"/api/v1/deals/{deal.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bystander.GetAsync($"/api/v1/audit?entity=deal&id={deal.Id}")).StatusCode);
    }
}

[Collection("sqlite")]
public sealed class HandedOverTests_Sqlite(SqliteApp app) : HandedOverTests(app);

[Collection("postgres")]
public sealed class HandedOverTests_Postgres(PostgresApp app) : HandedOverTests(app);

/// <summary>In the browser: «Далее» hands the lead to a closer and the hunter stays on the deal, told to whom it went.</summary>
[Collection("browser")]
public sealed class HandedOverPageTests(BrowserApp browser)
{
    [Fact]
    public async Task After_handing_a_lead_over_the_hunter_sees_whom_it_went_to_not_a_missing_page()
    {
        var app = browser.App;
        var dep = await app.NewDepartmentAsync();
        var hunter = await dep.AddPersonAsync("hunter", name: "Вера Лебедева");
        await dep.AddPersonAsync("closer", name: "Олег Смирнов");
        var head = app.Client(dep.HeadToken);
        var pipeline = await BoardSeed.B2BAsync(head, dep.Tag);
        var deal = await BoardSeed.DealAsync(head, pipeline.Id, pipeline.Stage("Развитие лидов").Id, hunter.Id, "Оснащение цеха", 500_000m, "ЗАО «Станкомаш»");
        var full = await head.GetJson<DealView>($"/api/v1/deals/{deal.Id}");
        await Expect<DealView>(await head.PatchAsJsonAsync($"/api/v1/deals/{deal.Id}",
            new { fields = new { icp_match = "да", need = "Станки", decision_maker = "Петров" }, version = full.Version }), HttpStatusCode.OK);

        var page = await browser.NewPageAsync();
        await browser.SignInAsync(page, hunter.Email);
        await page.GotoAsync($"/deals/{deal.Id}");
        await page.Locator("#next-stage").ClickAsync();
        await Assertions.Expect(page.Locator(".handed-over")).ToContainTextAsync("Олег Смирнов");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Оснащение цеха");
        await Assertions.Expect(page.Locator("#next-stage")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#fld-title")).ToBeDisabledAsync();
        await BrowserApp.ScreenshotAsync(page, "deal-handed-over");
    }
}
