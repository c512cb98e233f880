using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Otdel.Data;
using Otdel.Features.Notifications;
using Otdel.Tests.Automation;
using Otdel.Tests.Infrastructure;
using static Otdel.Tests.Deals.DealsTestKit;

namespace Otdel.Tests.Notifications;

/// <summary>Two app instances on one PostgreSQL database, each on its own loopback port, and a browser.</summary>
public sealed class TwoInstancesApp : IAsyncLifetime
{
    public PostgresApp A { get; } = new();
    public WebApplication B { get; private set; } = null!;
    public string BUrl { get; private set; } = "";
    IPlaywright? playwright;
    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Assertions.SetDefaultExpectTimeout(10_000);
        await A.InitializeAsync();
        (B, BUrl) = await A.SecondInstanceAsync();
        playwright = await Playwright.CreateAsync();
        Browser = await BrowserApp.LaunchAsync(playwright);
    }

    /// <summary>A page on instance B.</summary>
    public async Task<IPage> PageOnBAsync(int width = 1440, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BUrl, Locale = "ru-RU", ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        context.SetDefaultTimeout(10_000);
        return await context.NewPageAsync();
    }

    public HttpClient ClientOnB(string token)
    {
        var c = A.Client(token);
        c.BaseAddress = new Uri(BUrl);
        return c;
    }

    public async Task DisposeAsync()
    {
        await Browser.CloseAsync();
        playwright?.Dispose();
        await B.StopAsync();
        await B.DisposeAsync();
        await A.DisposeAsync();
    }
}

[CollectionDefinition("two-instances")]
public sealed class TwoInstancesCollection : ICollectionFixture<TwoInstancesApp>;

/// <summary>
/// Issue 11's live notifications across instances (decision 0010): what is saved on instance A reaches the pages open
/// on instance B — a notification's toast and bell count, a board's moved card — live and once; a rolled-back change
/// announces nothing; a lost listening connection comes back and pushes what was stored meanwhile.
/// </summary>
[Collection("two-instances")]
public sealed class TwoInstancesLiveTests(TwoInstancesApp two)
{
    [Fact]
    public async Task A_handoff_saved_on_one_instance_reaches_the_browser_on_the_other_live()
    {
        var app = two.A;
        var dep = await app.NewDepartmentAsync();
        var hunter = await dep.AddPersonAsync("hunter");
        var closer = await dep.AddPersonAsync("closer", name: "Ольга Смирнова");
        var head = app.Client(dep.HeadToken);
        var p = await head.NewPipelineAsync("b2b");
        var leads = p.Stage("Развитие лидов").Id;
        var qualification = p.Stage("Квалификация").Id;

        var page = await two.PageOnBAsync();
        await page.GotoAsync("/login");
        await page.FillAsync("#email", closer.Email);
        await page.FillAsync("#password", "password-123");
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(url => !url.Contains("/login"));
        await page.GotoAsync($"/deals?pipelineId={p.Id}");
        await Assertions.Expect(page.Locator("body[data-live=on]")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#bell-count")).ToHaveTextAsync("");

        // Moved through instance A into the closer's stage: the board open on instance B shows the card and the handoff, live.
        var deal = await head.NewDealAsync(p, "Поставка через два узла", leads, ownerId: hunter.Id);
        Assert.Equal(HttpStatusCode.OK, (await head.MoveAsync(deal, qualification, overrideReason: "Клиент готов")).StatusCode);
        await Assertions.Expect(page.Locator($".cards[data-stage-id='{qualification}'] #deal-{deal.Id}")).ToBeVisibleAsync();
        var toast = page.Locator("#toasts .toast.handoff");
        await Assertions.Expect(toast).ToContainTextAsync("Поставка через два узла");
        await Assertions.Expect(page.Locator("#bell-count")).ToHaveTextAsync("1");
        await BrowserApp.ScreenshotAsync(page, "two-instances-handoff-1440");
        // Once, not once per instance.
        await Assertions.Expect(toast).ToHaveCountAsync(1);
        Assert.Equal(1, await page.Locator($"#deal-{deal.Id}").CountAsync());
    }

    [Fact]
    public async Task A_rolled_back_notification_is_never_pushed_and_a_lost_listener_comes_back()
    {
        var app = two.A;
        var dep = await app.NewDepartmentAsync();
        var seller = await dep.AddPersonAsync("closer");
        await using var stream = await LiveStream.OpenAsync(two.ClientOnB(seller.Token));

        // Inside a transaction that rolls back, then one that commits: only the second is heard on B.
        await using (var scope = two.A.App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OtdelDb>();
            var notifier = scope.ServiceProvider.GetRequiredService<Notifier>();
            await using (var tx = await db.Database.BeginTransactionAsync())
            {
                notifier.Notify(seller.Id, "automation", "Отменённое напоминание");
                await db.SaveChangesAsync();
                await tx.RollbackAsync();
            }
            db.ChangeTracker.Clear();
            notifier.Notify(seller.Id, "automation", "Настоящее напоминание");
            await db.SaveChangesAsync();
        }
        var heard = await stream.NextAsync("notification");
        Assert.Contains("Настоящее напоминание", heard);
        Assert.DoesNotContain("Отменённое", string.Join("\n", stream.All));

        // The listening connection of B is cut: it reconnects and pushes what was stored while it was away.
        var listener = two.B.Services.GetRequiredService<LiveListener>();
        var before = listener.Connections;
        await using (var db = app.OpenDb())
            await db.Database.ExecuteSqlRawAsync(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'otdel-live'");
        await using (var scope = two.A.App.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<Notifier>().Notify(seller.Id, "automation", "Пока узел переподключался");
            await scope.ServiceProvider.GetRequiredService<OtdelDb>().SaveChangesAsync();
        }
        await Eventually.Until(() => Task.FromResult(listener.Connections > before ? "" : null), "B's listener to reconnect");
        Assert.Contains("Пока узел переподключался", await stream.NextAsync("notification"));
    }
}

/// <summary>A /events stream read line by line, for asserting what an instance pushes.</summary>
sealed class LiveStream : IAsyncDisposable
{
    readonly HttpClient client;
    readonly StreamReader reader;
    public List<string> All { get; } = [];

    LiveStream(HttpClient client, StreamReader reader)
    {
        this.client = client;
        this.reader = reader;
    }

    public static async Task<LiveStream> OpenAsync(HttpClient client)
    {
        var res = await client.GetAsync("/events", HttpCompletionOption.ResponseHeadersRead);
        res.EnsureSuccessStatusCode();
        var s = new LiveStream(client, new StreamReader(await res.Content.ReadAsStreamAsync()));
        Assert.Equal(": connected", await s.reader.ReadLineAsync());
        return s;
    }

    /// <summary>The data of the next event of that name (at most 20 s).</summary>
    public async Task<string> NextAsync(string name)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var wanted = false;
        while (true)
        {
            var line = await reader.ReadLineAsync(cts.Token) ?? throw new InvalidOperationException("the stream ended");
            All.Add(line);
            if (line == "event: " + name) wanted = true;
            else if (wanted && line.StartsWith("data: ", StringComparison.Ordinal)) return line[6..];
        }
    }

    public ValueTask DisposeAsync()
    {
        reader.Dispose();
        client.Dispose();
        return ValueTask.CompletedTask;
    }
}
