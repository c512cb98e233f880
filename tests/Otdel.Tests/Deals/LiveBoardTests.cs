using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using Otdel.Features.Deals;
using Otdel.Tests.Infrastructure;
using static Otdel.Tests.Deals.DealsTestKit;

namespace Otdel.Tests.Deals;

/// <summary>
/// A live board (issue "screens", finding 11 and item 6): a deal created, moved or lost by someone else appears in its new
/// place on every open board without reloading; a seller's board opens on their position's stages; toasts never cover
/// the board's controls.
/// </summary>
[Collection("browser")]
public sealed class LiveBoardTests(BrowserApp browser)
{
    static Task LiveAsync(IPage page) => Assertions.Expect(page.Locator("body[data-live=on]")).ToHaveCountAsync(1);

    [Fact]
    public async Task A_deal_created_moved_and_lost_by_someone_else_follows_on_the_open_board()
    {
        var app = browser.App;
        var dep = await app.NewDepartmentAsync();
        var hunter = await dep.AddPersonAsync("hunter", name: "Вера Лебедева");
        await dep.AddPersonAsync("closer", name: "Ольга Смирнова");
        var head = app.Client(dep.HeadToken);
        var p = await head.NewPipelineAsync("b2b");
        var leads = p.Stage("Развитие лидов").Id;
        var qualification = p.Stage("Квалификация").Id;

        var page = await browser.NewPageAsync();
        await browser.SignInAsync(page, dep.HeadEmail);
        await page.GotoAsync($"/deals?pipelineId={p.Id}");
        await LiveAsync(page);

        var deal = await head.NewDealAsync(p, "Живая поставка", leads, amount: 250_000, ownerId: hunter.Id);
        await Assertions.Expect(page.Locator($".cards[data-stage-id='{leads}'] #deal-{deal.Id}")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator($".column[data-stage-id='{leads}'] .col-count")).ToHaveTextAsync("1");

        var moved = await Expect<DealView>(await head.MoveAsync(deal, qualification, overrideReason: "Клиент торопит"), HttpStatusCode.OK);
        await Assertions.Expect(page.Locator($".cards[data-stage-id='{qualification}'] #deal-{deal.Id}")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator($"#deal-{deal.Id}")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator($"#deal-{deal.Id} .avatar")).ToHaveAttributeAsync("title", "Ольга Смирнова");
        await Assertions.Expect(page.Locator($".column[data-stage-id='{leads}'] .col-count")).ToHaveTextAsync("0");
        await BrowserApp.ScreenshotAsync(page, "live-board-moved-1440");

        var reason = p.LossReasons.First(r => !r.IsOther);
        var lost = await head.PostAsJsonAsync($"/api/v1/deals/{deal.Id}/lose", new { reasonId = reason.Id, version = moved.Version });
        Assert.Equal(HttpStatusCode.OK, lost.StatusCode);
        await Assertions.Expect(page.Locator($"#deal-{deal.Id}")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator($".column[data-stage-id='{qualification}'] .col-count")).ToHaveTextAsync("0");
    }

    [Fact]
    public async Task A_closers_board_opens_on_their_stages_and_the_handoff_toast_covers_no_control()
    {
        var app = browser.App;
        var dep = await app.NewDepartmentAsync();
        var hunter = await dep.AddPersonAsync("hunter");
        var closer = await dep.AddPersonAsync("closer", name: "Ольга Смирнова");
        var head = app.Client(dep.HeadToken);
        var p = await head.NewPipelineAsync("b2b");
        var leads = p.Stage("Развитие лидов").Id;
        var qualification = p.Stage("Квалификация").Id;

        var page = await browser.NewPageAsync();
        await browser.SignInAsync(page, closer.Email);
        await page.GotoAsync($"/deals?pipelineId={p.Id}");
        await Assertions.Expect(page.Locator($".column[data-stage-id='{leads}']")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("collapsed"));
        var open = page.Locator($".column[data-stage-id='{qualification}']");
        await Assertions.Expect(open).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex("collapsed"));
        await LiveAsync(page);

        // The head hands a hunter's deal on to the closer: it appears on her board, and so does the notification.
        var deal = await head.NewDealAsync(p, "Передача клиенту", leads, ownerId: hunter.Id);
        Assert.Equal(HttpStatusCode.OK, (await head.MoveAsync(deal, qualification, overrideReason: "Клиент готов")).StatusCode);
        await Assertions.Expect(page.Locator($".cards[data-stage-id='{qualification}'] #deal-{deal.Id}")).ToBeVisibleAsync();
        var toast = page.Locator("#toasts .toast").First;
        await Assertions.Expect(toast).ToBeVisibleAsync();
        foreach (var control in new[] { "[data-open-dialog=new-deal]", "#board-filters", ".topbar input[type=search]" })
        {
            var a = await toast.BoundingBoxAsync();
            var b = await page.Locator(control).First.BoundingBoxAsync();
            Assert.True(a is not null && b is not null);
            var overlaps = a.X < b.X + b.Width && b.X < a.X + a.Width && a.Y < b.Y + b.Height && b.Y < a.Y + a.Height;
            Assert.False(overlaps, $"the toast covers {control}");
        }
        await BrowserApp.ScreenshotAsync(page, "live-board-closer-1440");

        // A folded stage is one click away, and stays open on the next visit.
        await page.Locator($".column[data-stage-id='{leads}'] .col-head").ClickAsync();
        await Assertions.Expect(page.Locator($".column[data-stage-id='{leads}']")).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex("collapsed"));
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator($".column[data-stage-id='{leads}']")).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex("collapsed"));
        await page.Locator($".column[data-stage-id='{leads}'] .col-fold").ClickAsync();
        await Assertions.Expect(page.Locator($".column[data-stage-id='{leads}']")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("collapsed"));

        // On a phone the board is a stage selector over one column at a time.
        await page.SetViewportSizeAsync(390, 844);
        await page.ReloadAsync();
        var jump = page.Locator(".stage-jump select");
        await Assertions.Expect(jump).ToBeVisibleAsync();
        await jump.SelectOptionAsync(qualification.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(page.Locator($"#deal-{deal.Id}")).ToBeInViewportAsync();
        await BrowserApp.ScreenshotAsync(page, "live-board-closer-390");
        var wide = await page.EvaluateAsync<string>("""
            () => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1
                && !e.closest('.board-scroll')).slice(0, 5).map(e => e.tagName + '.' + e.className).join(', ')
            """);
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "wider than the screen: " + wide);
    }
}
