using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using Otdel.Features.Automation;
using Otdel.Features.Deals;
using Otdel.Features.Tasks;
using Otdel.Tests.Automation;
using Otdel.Tests.Infrastructure;
using static Otdel.Tests.Deals.DealsTestKit;

namespace Otdel.Tests.MyDay;

/// <summary>An app with the automation engine running (SQLite) and a browser.</summary>
public sealed class AutomationBrowserApp : IAsyncLifetime
{
    public AutomationSqliteApp App { get; } = new();
    IPlaywright? playwright;
    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Assertions.SetDefaultExpectTimeout(10_000);
        await App.InitializeAsync();
        playwright = await Playwright.CreateAsync();
        Browser = await BrowserApp.LaunchAsync(playwright);
    }

    public async Task DisposeAsync()
    {
        await Browser.CloseAsync();
        playwright?.Dispose();
        await App.DisposeAsync();
    }
}

[CollectionDefinition("automation-browser")]
public sealed class AutomationBrowserCollection : ICollectionFixture<AutomationBrowserApp>;

/// <summary>
/// Issue 11's day in one journey, at 1440, 1024 and 390 px: a seller completes a planned call from My day, finds the call
/// on the deal's timeline, and — the page left open — a notification raised by the head's rule appears without reloading
/// (toast and bell); then she chooses on the notifications page to get rule alerts by e-mail too.
/// </summary>
[Collection("automation-browser")]
public sealed class DayJourneyTests(AutomationBrowserApp fixture)
{
    [Theory]
    [InlineData(1440)]
    [InlineData(1024)]
    [InlineData(390)]
    public async Task A_planned_call_done_from_My_day_is_on_the_timeline_and_a_rules_notification_arrives_live(int width)
    {
        var app = fixture.App;
        var dep = await app.NewDepartmentAsync();
        var seller = await dep.AddPersonAsync("closer", name: "Ольга Звонкова");
        var head = app.Client(dep.HeadToken);
        var sellerApi = app.Client(seller.Token);
        var p = await head.NewPipelineAsync("simple", "Продажи " + dep.Tag);
        var deal = await sellerApi.NewDealAsync(p, "Станки для завода " + dep.Tag);
        var next = p.Stages[1];
        await Expect<RuleView>(await head.PostAsJsonAsync("/api/v1/automation/rules", new
        {
            name = "Потребность " + dep.Tag, pipelineId = p.Id, trigger = "deal_entered", stageId = next.Id,
            actions = new[] { new { kind = "notify", to = "owner", text = "Подготовьте КП" } },
        }), HttpStatusCode.Created);
        var moscow = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");
        var today = TimeZoneInfo.ConvertTimeFromUtc(app.Clock.GetUtcNow().UtcDateTime, moscow).Date;
        await Expect<TaskView>(await sellerApi.PostAsJsonAsync("/api/v1/tasks", new
        {
            title = "Позвонить главному инженеру", kind = "call", assigneeId = seller.Id, dealId = deal.Id,
            dueAt = today.AddHours(23).AddMinutes(30).ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture),
        }), HttpStatusCode.Created);

        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseUrl, Locale = "ru-RU", TimezoneId = "Europe/Moscow",
            ViewportSize = new ViewportSize { Width = width, Height = 900 }, IsMobile = width < 500, HasTouch = width < 500,
        });
        context.SetDefaultTimeout(10_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");
        await page.FillAsync("#email", seller.Email);
        await page.FillAsync("#password", "password-123");
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(url => !url.Contains("/login"));

        // My day: the planned call, ticked off there.
        await page.GotoAsync("/");
        var day = page.Locator("#tasks");
        await Assertions.Expect(day.Locator(".task")).ToHaveCountAsync(1);
        await Assertions.Expect(day.Locator(".task")).ToContainTextAsync("Позвонить главному инженеру");
        await BrowserApp.AssertFitsAsync(page, width);
        await day.GetByLabel("Отметить выполненной: Позвонить главному инженеру").ClickAsync();
        await Assertions.Expect(day.Locator(".alert.ok")).ToHaveTextAsync("Задача выполнена.");
        await Assertions.Expect(day.Locator(".task")).ToHaveCountAsync(0);

        // The deal's timeline has the call.
        await page.GotoAsync($"/deals/{deal.Id}");
        var timeline = page.Locator("#timeline .tl-item");
        await Assertions.Expect(timeline).ToHaveCountAsync(1);
        await Assertions.Expect(timeline.First).ToContainTextAsync("Позвонить главному инженеру");
        await Assertions.Expect(timeline.First).ToContainTextAsync("по задаче");
        await Assertions.Expect(page.Locator("body[data-live=on]")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#bell-count")).ToHaveTextAsync("");

        // The head moves the deal on; the rule fires in the background and its notification appears on the open page.
        var current = await sellerApi.GetJson<DealView>($"/api/v1/deals/{deal.Id}");
        await Expect<DealView>(await head.MoveAsync(current, next.Id), HttpStatusCode.OK);
        var toast = page.Locator("#toasts .toast.automation");
        await Assertions.Expect(toast).ToContainTextAsync("Подготовьте КП: Станки для завода " + dep.Tag);
        await Assertions.Expect(page.Locator("#bell-count")).ToHaveTextAsync("1");
        await BrowserApp.AssertFitsAsync(page, width);
        await BrowserApp.ScreenshotAsync(page, $"day-journey-toast-w{width}");

        // The notifications page: the rule's alert listed; rule alerts chosen by e-mail too.
        await page.GotoAsync("/notifications");
        await Assertions.Expect(page.Locator("table.grid tr.unread")).ToContainTextAsync("Подготовьте КП");
        var rules = page.Locator("#preferences tr[data-kind=automation]");
        await Assertions.Expect(rules).ToContainTextAsync("Правило автоматизации");
        await rules.GetByLabel("Правило автоматизации: По почте").CheckAsync();
        await page.Locator("#preferences button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("#preferences [role=status]")).ToHaveTextAsync("Сохранено");
        await Assertions.Expect(page.Locator("#preferences tr[data-kind=automation] input[name=email]")).ToBeCheckedAsync();
        await Assertions.Expect(page.Locator("#preferences tr[data-kind=automation] input[name=inApp]")).ToBeCheckedAsync();
        await BrowserApp.AssertFitsAsync(page, width);
        await BrowserApp.ScreenshotAsync(page, $"day-journey-preferences-w{width}");
        await context.CloseAsync();
    }
}
