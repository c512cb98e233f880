using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Otdel.Features.Clients;
using Otdel.Features.Deals;
using Otdel.Platform;
using Otdel.Tests.Infrastructure;
using static Otdel.Tests.Deals.DealsTestKit;

namespace Otdel.Tests.Clients;

/// <summary>The client base as a head of sales uses it: the list, a phone typed the Russian way, the client page and its figures.</summary>
[Collection("browser")]
public sealed class ClientPagesTests(BrowserApp browser)
{
    [Theory]
    [InlineData(1440)]
    [InlineData(390)]
    public async Task The_list_finds_a_client_by_a_phone_typed_any_way_and_its_page_shows_contacts_deals_and_lifetime_figures(int width)
    {
        var app = browser.App;
        var dep = await app.NewDepartmentAsync();
        var olga = await dep.AddPersonAsync("closer", name: "Ольга Сделкина");
        var head = app.Client(dep.HeadToken);
        var p = await head.NewPipelineAsync("simple");
        var client = await Expect<ClientView>(await head.PostAsJsonAsync("/api/v1/clients", new
        {
            name = $"ООО «Северный терминал {dep.Tag}»", inn = "7707083893", kpp = "773601001", phone = "+7 916 123 45 67", email = "info@terminal.example.ru",
            industry = "Логистика", size = "medium", region = "Санкт-Петербург", website = "terminal.example.ru", allowDuplicate = true,
        }), HttpStatusCode.Created);
        await head.PostAsJsonAsync("/api/v1/clients", new { name = $"АО «Южный склад {dep.Tag}»", phone = "+7 925 000 11 22", allowDuplicate = true });
        await Expect<ClientView>(await head.PostAsJsonAsync($"/api/v1/clients/{client.Id}/contacts", new
        {
            name = "Сергей Решалов", position = "Коммерческий директор", isDecisionMaker = true, phone = "8 921 555-66-77",
            email = "s.reshalov@terminal.example.ru",
        }), HttpStatusCode.Created);
        await Expect<ClientView>(await head.PostAsJsonAsync($"/api/v1/clients/{client.Id}/contacts", new
        {
            name = "Нина Закупкина",
            position = "Закупщик"
        }), HttpStatusCode.Created);
        var amounts = new[] { 1_250_000.50m, 480_000m, 2_000_000m, 730_000m };
        var ids = new List<long>();
        foreach (var (amount, i) in amounts.Select((a, i) => (a, i)))
        {
            var res = await head.PostAsJsonAsync("/api/v1/deals", new
            {
                title = $"Поставка {i + 1}", amount, currency = "RUB", pipelineId = p.Id, ownerId = i % 2 == 0 ? olga.Id : dep.HeadId, clientId = client.Id,
            });
            ids.Add((await Expect<DealView>(res, HttpStatusCode.Created)).Id);
        }
        // Three won (the last on 14.03.2025), one still open.
        await using (var db = app.OpenDb())
        {
            var deals = await db.Deals.Where(d => ids.Contains(d.Id)).OrderBy(d => d.Id).ToListAsync();
            for (var i = 0; i < 3; i++)
            {
                deals[i].Status = DealStatus.Won;
                deals[i].ClosedAt = new DateTime(2025, 1 + i, 10 + 2 * i, 9, 0, 0, DateTimeKind.Utc);
            }
            await db.SaveChangesAsync();
        }
        var revenue = amounts[..3].Sum();

        var page = await browser.NewPageAsync(width, timeout: 10_000);
        await browser.SignInAsync(page, dep.HeadEmail);
        if (width > 760) await page.ClickAsync("nav.sidebar a[href='/clients']");
        else await page.GotoAsync("/clients");
        await page.WaitForURLAsync(u => u.EndsWith("/clients"));
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Клиенты");
        var rows = page.Locator(".clients-list tbody tr");
        await Assertions.Expect(rows.Filter(new() { HasText = dep.Tag })).ToHaveCountAsync(4); // two companies and two contacts
        await BrowserApp.AssertFitsAsync(page, width);
        await BrowserApp.ScreenshotAsync(page, $"clients-list-w{width}");

        await page.FillAsync(".clients-search input[name=q]", "8 (916) 123-45-67");
        await page.PressAsync(".clients-search input[name=q]", "Enter");
        await page.WaitForURLAsync(u => u.Contains("q=8"));
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First).ToContainTextAsync($"Северный терминал {dep.Tag}");
        await BrowserApp.ScreenshotAsync(page, $"clients-search-phone-w{width}");

        await rows.First.Locator("a", new() { HasText = "Северный терминал" }).ClickAsync();
        await page.WaitForURLAsync($"**/clients/{client.Id}");
        await Assertions.Expect(page.Locator("[data-figure=revenue] b")).ToHaveTextAsync(Localisation.Money(revenue));
        await Assertions.Expect(page.Locator("[data-figure=won] b")).ToHaveTextAsync("3");
        await Assertions.Expect(page.Locator("[data-figure=average] b")).ToHaveTextAsync(Localisation.Money(Math.Round(revenue / 3, 2,
            MidpointRounding.AwayFromZero)));
        await Assertions.Expect(page.Locator("[data-figure=last] b")).ToHaveTextAsync("14.03.2025");
        await Assertions.Expect(page.Locator("#deals tbody tr")).ToHaveCountAsync(4);
        var contacts = page.Locator("#contacts [data-contact]");
        await Assertions.Expect(contacts).ToHaveCountAsync(2);
        await Assertions.Expect(contacts.First).ToContainTextAsync("Сергей Решалов");
        await Assertions.Expect(contacts.First).ToContainTextAsync("ЛПР");
        await Assertions.Expect(page.Locator("#details")).ToContainTextAsync("773601001");
        await Assertions.Expect(page.Locator("#history")).ToContainTextAsync("Клиент добавлен");
        await BrowserApp.AssertFitsAsync(page, width);
        await BrowserApp.ScreenshotAsync(page, $"client-page-w{width}");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_new_client_like_an_existing_one_shows_it_and_is_made_only_when_asked_and_a_bad_INN_is_said_by_its_field()
    {
        var app = browser.App;
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var existing = await Expect<ClientView>(await head.PostAsJsonAsync("/api/v1/clients", new
        {
            name = $"ООО «Дубль {dep.Tag}»",
            phone = "+7 916 765 43 21", allowDuplicate = true
        }),
            HttpStatusCode.Created);
        var page = await browser.NewPageAsync();
        await browser.SignInAsync(page, dep.HeadEmail);
        await page.GotoAsync("/clients/new");
        await page.FillAsync("#nc-name", $"Дубль {dep.Tag}, ООО");
        await page.FillAsync("#nc-inn", "7707083894");
        await page.FillAsync("#nc-phone", "8 (916) 765-43-21");
        await page.ClickAsync("button[type=submit].primary");
        await Assertions.Expect(page.Locator("#nc-inn + .field-error")).ToContainTextAsync("контрольными");
        await Assertions.Expect(page.Locator("#nc-phone")).ToHaveValueAsync("8 (916) 765-43-21");
        await page.FillAsync("#nc-inn", "7707083893");
        await page.ClickAsync("button[type=submit].primary");
        var dup = page.Locator("#duplicates");
        await Assertions.Expect(dup).ToContainTextAsync($"ООО «Дубль {dep.Tag}»");
        await Assertions.Expect(dup).ToContainTextAsync("телефон");
        await Assertions.Expect(dup.Locator($"a[href='/clients/{existing.Id}']")).ToBeVisibleAsync();
        await BrowserApp.ScreenshotAsync(page, "client-new-duplicate");
        await page.ClickAsync("#create-anyway");
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex(@"/clients/\d+\?done=created$"));
        Assert.DoesNotContain($"/clients/{existing.Id}?", page.Url);
        await Assertions.Expect(page.Locator(".alert.ok")).ToContainTextAsync("Клиент создан");
        // The new one sees the old one among its look-alikes, and merging takes the old one's record into it.
        var lookAlike = page.Locator($"#look-alikes [data-look-alike='{existing.Id}']");
        await Assertions.Expect(lookAlike).ToBeVisibleAsync();
        await lookAlike.Locator("button").ClickAsync();
        await Assertions.Expect(page.Locator(".alert.ok")).ToContainTextAsync("Клиенты объединены");
        await Assertions.Expect(page.Locator("#history")).ToContainTextAsync($"Объединён с «ООО «Дубль {dep.Tag}»");
        await BrowserApp.ScreenshotAsync(page, "client-merged");
        Assert.Equal(HttpStatusCode.NotFound, (await head.GetAsync($"/api/v1/clients/{existing.Id}")).StatusCode);
    }
}
