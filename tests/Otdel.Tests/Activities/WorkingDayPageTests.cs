using System.Net.Http.Json;
using Microsoft.Playwright;
using Otdel.Features.Activities;
using Otdel.Tests.Infrastructure;

namespace Otdel.Tests.Activities;

/// <summary>
/// A head opens the working-day map from /reports for the week of 12 June 2026: a seller's calls, a meeting with no
/// length (an hour by default, said so), an e-mail after hours, each in its hour beside the seller's inbound duty; a phone
/// gets the hours as a list instead of the grid; then on 12 June itself the duty page says today is a day off.
/// </summary>
[Collection("browser")]
public sealed class WorkingDayPageTests(BrowserApp browser)
{
    static DateTime Moscow(int day, int hour, int minute = 0) => new DateTime(2026, 6, day, hour, minute, 0, DateTimeKind.Utc).AddHours(-3);

    [Theory]
    [InlineData(1440)]
    [InlineData(1024)]
    [InlineData(390)]
    public async Task A_head_reads_the_week_by_person_kind_and_hour_beside_the_duty(int width)
    {
        var app = browser.App;
        var dep = await app.NewDepartmentAsync();
        var anna = await dep.AddPersonAsync("hunter", name: "Анна Карта " + dep.Tag);
        await dep.AddPersonAsync("closer", name: "Борис Карта " + dep.Tag);
        var shifts = new[]
        {
            new { userId = anna.Id, kind = "inbound", weekday = 1, from = "09:00", to = "13:00" },
            new { userId = anna.Id, kind = "outbound", weekday = 2, from = "15:00", to = "18:00" },
            new { userId = anna.Id, kind = "inbound", weekday = 5, from = "09:00", to = "18:00" },
        };
        (await app.Client(dep.HeadToken).PutAsJsonAsync("/api/v1/duty", new { shifts })).EnsureSuccessStatusCode();
        await using (var db = app.OpenDb())
        {
            Activity Act(ActivityKind kind, ActivityDirection? direction, int? seconds, DateTime at) =>
                new() { Kind = kind, Direction = direction, DurationSeconds = seconds, AuthorId = anna.Id, At = at, CreatedAt = at };
            db.Activities.AddRange(
                Act(ActivityKind.Call, ActivityDirection.In, 300, Moscow(8, 10, 15)), Act(ActivityKind.Call, ActivityDirection.In, 120, Moscow(8, 10, 40)),
                Act(ActivityKind.Call, ActivityDirection.Out, null, Moscow(9, 16, 5)), Act(ActivityKind.Meeting, null, null, Moscow(10, 14)),
                Act(ActivityKind.Email, ActivityDirection.Out, null, Moscow(11, 21, 30)));
            await db.SaveChangesAsync();
        }

        var page = await browser.NewPageAsync(width, timeout: 10_000);
        await browser.SignInAsync(page, dep.HeadEmail);
        await page.GotoAsync("/reports");
        await page.ClickAsync("#working-day-report-link");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Карта рабочего дня");
        await page.FillAsync("#from", "08.06.2026");
        await page.FillAsync("#to", "14.06.2026");
        await page.SelectOptionAsync("#userId", anna.Id.ToString());
        await page.ClickAsync("#wd-show");

        var card = page.Locator($".wd-person[data-user='{anna.Id}']");
        await Assertions.Expect(card.Locator("h2")).ToHaveTextAsync("Анна Карта " + dep.Tag);
        await Assertions.Expect(page.Locator(".wd-person")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#wd-rules")).ToContainTextAsync("считается за 60 мин");
        await Assertions.Expect(card.Locator(".wd-kinds tr[data-kind=call_in] [data-col=count]")).ToHaveTextAsync("2");
        await Assertions.Expect(card.Locator(".wd-kinds tr[data-kind=call_in] [data-col=time]")).ToContainTextAsync("7 мин");
        await Assertions.Expect(card.Locator(".wd-kinds tr[data-kind=call_out] [data-col=time]")).ToContainTextAsync("1 без длительности");
        await Assertions.Expect(card.Locator(".wd-kinds tr[data-kind=meeting] [data-col=time]")).ToContainTextAsync("1 ч 00 мин");
        await Assertions.Expect(card.Locator(".wd-kinds tr[data-kind=meeting] [data-col=time]")).ToContainTextAsync("по умолчанию");
        await Assertions.Expect(card.Locator(".wd-kinds tr[data-kind=email] [data-col=time]")).ToHaveTextAsync("без времени");
        await Assertions.Expect(card.Locator(".wd-total")).ToContainTextAsync("1 ч 07 мин");
        await Assertions.Expect(card.Locator(".wd-days-off")).ToContainTextAsync("12.06.2026");
        await Assertions.Expect(card.Locator(".wd-duty")).ToContainTextAsync("Пн 09:00–13:00");

        if (width > 760)
        {
            await Assertions.Expect(card.Locator(".wd-map")).ToBeVisibleAsync();
            await Assertions.Expect(card.Locator(".wd-hours")).ToBeHiddenAsync();
            await Assertions.Expect(card.Locator(".wd-map tr[data-kind=call_in] td[data-slot='10']")).ToHaveTextAsync("2");
            await Assertions.Expect(card.Locator(".wd-map tr[data-kind=email] td[data-slot='20']")).ToHaveTextAsync("1");
            // Monday 9–13 inbound; Friday's block falls on 12 June and rests.
            await Assertions.Expect(card.Locator(".wd-duty-row td[data-slot='10']")).ToHaveClassAsync("in");
            await Assertions.Expect(card.Locator(".wd-duty-row td[data-slot='10']"))
                .ToHaveAttributeAsync("title", "10–11: Входящие 60, Исходящие 0 мин");
            await Assertions.Expect(card.Locator(".wd-duty-row td[data-slot='16']")).ToHaveClassAsync("out");
        }
        else
        {
            await Assertions.Expect(card.Locator(".wd-map")).ToBeHiddenAsync();
            var ten = card.Locator(".wd-hours li[data-slot='10']");
            await Assertions.Expect(ten).ToContainTextAsync("Входящие 60 мин");
            await Assertions.Expect(ten).ToContainTextAsync("Звонки входящие 2");
            await Assertions.Expect(card.Locator(".wd-hours li[data-slot='20']")).ToContainTextAsync("Письма 1");
        }
        await BrowserApp.AssertFitsAsync(page, width);
        await BrowserApp.ScreenshotAsync(page, $"working-day-w{width}");

        // 12 June: the roster rests and its page says so.
        app.Clock.Set(new DateTimeOffset(Moscow(12, 11), TimeSpan.Zero));
        try
        {
            await page.GotoAsync("/settings/duty");
            await Assertions.Expect(page.Locator("#day-off")).ToContainTextAsync("никто не дежурит");
            await BrowserApp.AssertFitsAsync(page, width);
            await BrowserApp.ScreenshotAsync(page, $"duty-day-off-w{width}");
        }
        finally
        {
            app.Clock.Reset();
        }
        await page.Context.CloseAsync();
    }
}
