using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using Otdel.Features.Deals;
using Otdel.Features.Organisation;
using Otdel.Tests.Infrastructure;
using static Otdel.Tests.Deals.DealsTestKit;

namespace Otdel.Tests.Organisation;

/// <summary>
/// Time in the person's zone (issue "screens", item 4): the department's zone unless a person sets their own on their
/// profile — a seller in Yekaterinburg reads the same moment five hours past UTC where the head in Moscow reads three.
/// </summary>
[Collection("browser")]
public sealed class PersonTimeZoneTests(BrowserApp browser)
{
    [Fact]
    public async Task A_seller_in_Yekaterinburg_reads_times_in_her_own_zone_and_a_bad_zone_is_refused_by_its_field()
    {
        var app = browser.App;
        var dep = await app.NewDepartmentAsync();
        var seller = await dep.AddPersonAsync("closer", name: "Анна Уральская");
        var head = app.Client(dep.HeadToken);
        var own = app.Client(seller.Token);
        var p = await head.NewPipelineAsync("b2b");
        var ready = new { icp_match = "да", need = "Склад", decision_maker = "Иванов" };
        var deal = await own.NewDealAsync(p, "Поставка в Екатеринбург", p.Stage("Квалификация").Id, fields: ready);

        var me = await own.GetJson<UserView>($"/api/v1/users/{seller.Id}");
        var mars = await own.PatchAsJsonAsync($"/api/v1/users/{seller.Id}", new { timeZone = "Mars/Olympus", version = me.Version });
        var bad = await Problem(mars, HttpStatusCode.BadRequest);
        Assert.Contains("timeZone", bad.ErrorFields());
        Assert.Null((await own.GetJson<UserView>($"/api/v1/users/{seller.Id}")).TimeZone);
        var urals = await own.PatchAsJsonAsync($"/api/v1/users/{seller.Id}", new { timeZone = "Asia/Yekaterinburg", version = me.Version });
        me = await Expect<UserView>(urals, HttpStatusCode.OK);
        Assert.Equal("Asia/Yekaterinburg", me.TimeZone);

        string At(int hours) => deal.CreatedAt.AddHours(hours).ToString("dd.MM.yyyy HH:mm", CultureInfo.InvariantCulture);
        var page = await browser.NewPageAsync();
        await browser.SignInAsync(page, seller.Email);
        await page.GotoAsync($"/deals/{deal.Id}");
        await Assertions.Expect(page.Locator("#history")).ToContainTextAsync(At(5));

        var headPage = await browser.NewPageAsync();
        await browser.SignInAsync(headPage, dep.HeadEmail);
        await headPage.GotoAsync($"/deals/{deal.Id}");
        await Assertions.Expect(headPage.Locator("#history")).ToContainTextAsync(At(3));

        // The profile offers the choice, in words a person reads.
        await page.GotoAsync($"/team/users/{seller.Id}");
        await Assertions.Expect(page.Locator("#Input_TimeZone")).ToHaveValueAsync("Asia/Yekaterinburg");
        await Assertions.Expect(page.Locator("#Input_TimeZone option:checked")).ToHaveTextAsync("Екатеринбург (Asia/Yekaterinburg)");
        await BrowserApp.ScreenshotAsync(page, "person-time-zone-1440");
    }
}
