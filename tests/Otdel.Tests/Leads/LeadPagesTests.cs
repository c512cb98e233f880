using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using Otdel.Features.Clients;
using Otdel.Features.Leads;
using Otdel.Tests.Infrastructure;
using static Otdel.Tests.Deals.DealsTestKit;

namespace Otdel.Tests.Leads;

/// <summary>«Лиды» as a head of sales uses it: the list with its filters, the lead card, first contact, qualification, conversion; the form snippet.</summary>
[Collection("browser")]
public sealed class LeadPagesTests(BrowserApp browser)
{
    [Theory]
    [InlineData(1440)]
    [InlineData(390)]
    public async Task The_list_filters_leads_and_the_card_records_the_first_contact_qualifies_and_converts(int width)
    {
        var app = browser.App;
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var pipeline = await head.NewPipelineAsync("simple");
        var channel = await Expect<ChannelView>(await head.PostAsJsonAsync("/api/v1/channels", new { name = "Сайт " + dep.Tag, kind = "web_form" }),
            HttpStatusCode.Created);
        var other = await Expect<ChannelView>(await head.PostAsJsonAsync("/api/v1/channels", new { name = "Выставка " + dep.Tag, kind = "exhibition" }),
            HttpStatusCode.Created);
        await Expect<ClientView>(await head.PostAsJsonAsync("/api/v1/clients",
            new { name = "ООО «Постоянный " + dep.Tag + "»", phone = "+7 916 700-10-20", allowDuplicate = true }), HttpStatusCode.Created);
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["name"] = "Пётр Повторов", ["phone"] = "8 916 700 10 20",
            ["utm_source"] = "yandex"
        });
        Assert.Equal(HttpStatusCode.Accepted, (await app.Client().PostAsync($"/api/v1/forms/{channel.FormKey}", form)).StatusCode);
        var arrived = DateTime.UtcNow.AddMinutes(-95);
        var lead = await Expect<LeadView>(await head.PostAsJsonAsync("/api/v1/leads", new
        {
            name = "Анна Лидова", company = "АО «Новый заказчик " + dep.Tag + "»", email = $"anna-{dep.Tag}@example.ru", channelId = channel.Id,
            arrivedAt = arrived, campaign = "Весна",
        }), HttpStatusCode.Created);
        await Expect<LeadView>(await head.PostAsJsonAsync("/api/v1/leads", new { name = "Гость выставки", phone = "+7 903 111-22-33", channelId = other.Id }),
            HttpStatusCode.Created);

        var page = await browser.NewPageAsync(width, timeout: 10_000);
        await browser.SignInAsync(page, dep.HeadEmail);
        if (width > 760) await page.ClickAsync("nav.sidebar a[href='/leads']");
        else await page.GotoAsync("/leads");
        await page.WaitForURLAsync(u => u.EndsWith("/leads"));
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Лиды");
        var rows = page.Locator(".leads-list tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(3);
        await Assertions.Expect(rows.Filter(new() { HasText = "Пётр Повторов" }).Locator(".tag.amber")).ToHaveTextAsync("дубль?");
        await BrowserApp.AssertFitsAsync(page, width);
        await BrowserApp.ScreenshotAsync(page, $"leads-list-w{width}");

        await page.SelectOptionAsync(".leads-filter select[name=channelId]", other.Id.ToString());
        await page.ClickAsync(".leads-filter button[type=submit]");
        await page.WaitForURLAsync(u => u.Contains("channelId="));
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First).ToContainTextAsync("Гость выставки");
        await page.GotoAsync("/leads?status=new&q=" + Uri.EscapeDataString("Анна"));
        await Assertions.Expect(rows).ToHaveCountAsync(1);

        await rows.First.Locator("a", new() { HasText = "Анна Лидова" }).ClickAsync();
        await page.WaitForURLAsync($"**/leads/{lead.Id}");
        await Assertions.Expect(page.Locator("#lead-status")).ToHaveTextAsync("Новый");
        await Assertions.Expect(page.Locator("#response")).ToHaveTextAsync("—");
        await page.ClickAsync("#contacted");
        await Assertions.Expect(page.Locator(".alert.ok")).ToContainTextAsync("Первый контакт отмечен");
        var contacted = await head.GetJson<LeadView>($"/api/v1/leads/{lead.Id}");
        var minutes = (int)Math.Floor((contacted.FirstContactAt!.Value - contacted.ArrivedAt).TotalMinutes);
        Assert.Equal(minutes, contacted.ResponseMinutes);
        await Assertions.Expect(page.Locator("#response")).ToHaveTextAsync($"{minutes / 60} ч {minutes % 60:00} мин");

        await page.SelectOptionAsync("#status", "disqualified");
        await page.ClickAsync("#status-form button[type=submit]");
        await Assertions.Expect(page.Locator("#status-form .field-error").Nth(1)).ToContainTextAsync("Укажите причину");
        await Assertions.Expect(page.Locator("#lead-status")).ToHaveTextAsync("Новый");
        await page.SelectOptionAsync("#status", "sql");
        await page.ClickAsync("#status-form button[type=submit]");
        await Assertions.Expect(page.Locator("#lead-status")).ToHaveTextAsync("SQL");
        await BrowserApp.AssertFitsAsync(page, width);
        await BrowserApp.ScreenshotAsync(page, $"lead-card-w{width}");

        await page.SelectOptionAsync("#pipelineId", pipeline.Id.ToString());
        await page.FillAsync("#amount", "250 000");
        await page.ClickAsync("#convert-form button[type=submit]");
        await page.WaitForURLAsync(u => u.Contains("/deals/"));
        var converted = await head.GetJson<LeadView>($"/api/v1/leads/{lead.Id}");
        Assert.Equal(LeadStatus.Converted, converted.Status);
        Assert.EndsWith($"/deals/{converted.DealId}", page.Url);

        await page.GotoAsync("/settings/channels");
        await page.ClickAsync($"#channel-{channel.Id} summary");
        await Assertions.Expect(page.Locator($"#channel-{channel.Id} textarea")).ToContainTextAsync($"/api/v1/forms/{channel.FormKey}");
        await BrowserApp.AssertFitsAsync(page, width);
        await BrowserApp.ScreenshotAsync(page, $"lead-channels-w{width}");
        await page.Context.CloseAsync();
    }
}
