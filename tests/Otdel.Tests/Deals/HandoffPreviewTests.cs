using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Otdel.Features.Deals;
using Otdel.Tests.Infrastructure;
using static Otdel.Tests.Deals.DealsTestKit;

namespace Otdel.Tests.Deals;

/// <summary>
/// Handoffs you can see (issue "screens", item 2): before a move that hands the deal over, the deal page and the board say
/// to whom and by which rule; cancelling leaves the deal where it was.
/// </summary>
[Collection("browser")]
public sealed class HandoffPreviewTests(BrowserApp browser)
{
    [Fact]
    public async Task The_hunter_is_told_who_takes_the_deal_over_before_moving_it()
    {
        var app = browser.App;
        var dep = await app.NewDepartmentAsync();
        var hunter = await dep.AddPersonAsync("hunter", name: "Вера Лебедева");
        var closer = await dep.AddPersonAsync("closer", name: "Ольга Смирнова");
        var head = app.Client(dep.HeadToken);
        var p = await head.NewPipelineAsync("b2b");
        var leads = p.Stage("Развитие лидов").Id;
        var qualification = p.Stage("Квалификация").Id;
        var seller = app.Client(hunter.Token);
        var ready = new { icp_match = "да", need = "Замена парка", decision_maker = "Иванов" };
        var deal = await seller.NewDealAsync(p, "Серверы для склада", leads, fields: ready);

        // The API says it too, for any client: the person, the rule, the sentence.
        var preview = await seller.GetFromJsonAsync<JsonElement>($"/api/v1/deals/{deal.Id}/handoff?stageId={qualification}");
        Assert.Equal(closer.Id, preview.GetProperty("toUserId").GetInt64());
        Assert.Equal("round_robin", preview.GetProperty("rule").GetString());
        var back = await seller.GetAsync($"/api/v1/deals/{deal.Id}/handoff?stageId={p.Stage("Генерация лидов").Id}");
        Assert.Equal(HttpStatusCode.NoContent, back.StatusCode);
        var other = await head.NewPipelineAsync("b2b", "Другая воронка");
        var elsewhere = other.Stage("Квалификация").Id;
        var foreign = await Problem(await seller.GetAsync($"/api/v1/deals/{deal.Id}/handoff?stageId={elsewhere}"), HttpStatusCode.BadRequest);
        Assert.Contains("stageId", foreign.ErrorFields());

        var page = await browser.NewPageAsync();
        await browser.SignInAsync(page, hunter.Email);
        await page.GotoAsync($"/deals/{deal.Id}");
        await Assertions.Expect(page.Locator("#next-handoff")).ToHaveTextAsync("⇄ Ответственным станет Ольга Смирнова (по очереди)");
        await BrowserApp.ScreenshotAsync(page, "handoff-preview-deal-1440");

        // On the board the drop asks first; «Отмена» puts the card back and moves nothing.
        await page.GotoAsync($"/deals?pipelineId={p.Id}");
        var card = page.Locator($"#deal-{deal.Id}");
        await Board.DragAsync(page, card, page.Locator($".cards[data-stage-id='{qualification}']"));
        var dialog = page.Locator("#handoff-confirm");
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        await Assertions.Expect(dialog.Locator(".handoff-text")).ToHaveTextAsync("Ответственным станет Ольга Смирнова (по очереди)");
        await BrowserApp.ScreenshotAsync(page, "handoff-preview-board-1440");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Отмена" }).ClickAsync();
        await Assertions.Expect(page.Locator($".cards[data-stage-id='{leads}'] #deal-{deal.Id}")).ToBeVisibleAsync();
        Assert.Equal(leads, (await seller.GetJson<DealView>($"/api/v1/deals/{deal.Id}")).StageId);

        await Board.DragAsync(page, card, page.Locator($".cards[data-stage-id='{qualification}']"));
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Переместить и передать" }).ClickAsync();
        await Assertions.Expect(page.Locator($"#deal-{deal.Id}")).ToHaveCountAsync(0);
        var moved = (await seller.GetJson<DealView>($"/api/v1/deals/{deal.Id}"));
        Assert.Equal((qualification, closer.Id), (moved.StageId, moved.OwnerId));
    }
}
