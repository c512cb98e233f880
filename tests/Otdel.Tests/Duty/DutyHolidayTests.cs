using System.Net;
using System.Net.Http.Json;
using Otdel.Features.Duty;
using Otdel.Features.Leads;
using Otdel.Tests.Infrastructure;
using static Otdel.Tests.Deals.DealsTestKit;

namespace Otdel.Tests.Duty;

/// <summary>
/// Holidays of the department's production calendar ("ru", Moscow) switch the roster off, on both engines: with a person
/// on inbound duty all day every day, on 12 June and on a moved day off (Monday 3 November 2025) nobody is on duty, the
/// roster says today is a day off and a web-form lead goes to the channel's owner; on the day before 12 June, on the
/// working Saturday 1 November 2025 and on a plain Saturday the week's blocks apply as usual.
/// </summary>
public abstract class DutyHolidayTests(TestApp app)
{
    /// <summary>10:00 in Moscow (UTC+3) on that day.</summary>
    static DateTimeOffset TenInMoscow(int y, int m, int d) => new(y, m, d, 7, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task On_a_holiday_or_a_moved_day_off_nobody_is_on_duty_and_leads_go_to_the_channel_owner()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var duty = await dep.AddPersonAsync("hunter");
        var shifts = Enumerable.Range(1, 7).Select(d => new { userId = duty.Id, kind = "inbound", weekday = d, from = "00:00", to = "24:00" }).ToArray();
        await Expect<DutyRosterView>(await head.PutAsJsonAsync("/api/v1/duty", new { shifts }), HttpStatusCode.OK);
        var channel = await Expect<ChannelView>(await head.PostAsJsonAsync("/api/v1/channels", new { name = "Сайт " + dep.Tag, kind = "web_form" }),
            HttpStatusCode.Created);

        var days = new (DateTimeOffset At, bool DayOff, string Why)[]
        {
            (TenInMoscow(2026, 6, 11), false, "11 June 2026, a short working Thursday"),
            (TenInMoscow(2026, 6, 12), true, "12 June 2026, Russia Day"),
            (TenInMoscow(2025, 11, 3), true, "3 November 2025, a Monday made a day off"),
            (TenInMoscow(2025, 11, 1), false, "1 November 2025, a Saturday made a working day"),
            (TenInMoscow(2025, 11, 8), false, "8 November 2025, a plain Saturday keeps its blocks"),
        };
        try
        {
            foreach (var (at, dayOff, why) in days)
            {
                app.Clock.Set(at);
                var roster = await head.GetJson<DutyRosterView>("/api/v1/duty");
                Assert.True(roster.TodayIsDayOff == dayOff, why);
                Assert.Equal(dayOff ? [] : [duty.Id], roster.OnDutyNow.Select(s => s.UserId).ToArray());

                var name = $"Заявка {at:yyyy-MM-dd} {dep.Tag}";
                Assert.Equal(HttpStatusCode.Accepted, (await app.Client().PostAsJsonAsync($"/api/v1/forms/{channel.FormKey}",
                    new { name, phone = $"+7 916 {Random.Shared.Next(1_000_000, 9_999_999)}" })).StatusCode);
                var lead = (await head.GetJson<LeadPage>($"/api/v1/leads?channelId={channel.Id}&limit=50")).Items.Single(l => l.Name == name);
                Assert.True((dayOff ? dep.HeadId : duty.Id) == lead.OwnerId, why);
            }
        }
        finally
        {
            app.Clock.Reset();
        }
    }
}

[Collection("sqlite")]
public sealed class DutyHolidayTests_Sqlite(SqliteApp app) : DutyHolidayTests(app);

[Collection("postgres")]
public sealed class DutyHolidayTests_Postgres(PostgresApp app) : DutyHolidayTests(app);
