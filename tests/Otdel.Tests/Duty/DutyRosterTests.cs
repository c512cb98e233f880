using System.Net;
using System.Net.Http.Json;
using Otdel.Features.Duty;
using Otdel.Features.Leads;
using Otdel.Tests.Infrastructure;
using static Otdel.Tests.Deals.DealsTestKit;

namespace Otdel.Tests.Duty;

/// <summary>
/// The weekly duty roster (issue 11 item 5) on both engines: the head sets it, everyone in the department reads it,
/// web-form leads go to whoever is on inbound duty when they arrive (shared between two), the channel's owner when nobody
/// is; bad blocks are refused by field, in Russian.
/// </summary>
public abstract class DutyRosterTests(TestApp app)
{
    static readonly TimeZoneInfo Moscow = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");

    int TodayInMoscow()
    {
        var d = TimeZoneInfo.ConvertTimeFromUtc(app.Clock.GetUtcNow().UtcDateTime, Moscow).DayOfWeek;
        return d == DayOfWeek.Sunday ? 7 : (int)d;
    }

    static object AllDay(long userId, string kind, int weekday) => new { userId, kind, weekday, from = "00:00", to = "24:00" };

    [Fact]
    public async Task Web_form_leads_go_to_whoever_is_on_inbound_duty_and_are_shared_between_two()
    {
        // A plain working Wednesday: on a holiday the roster rests (DutyHolidayTests).
        app.Clock.Set(new DateTimeOffset(2026, 12, 2, 7, 0, 0, TimeSpan.Zero));
        try
        {
            await LeadsFollowTheRosterAsync();
        }
        finally
        {
            app.Clock.Reset();
        }
    }

    async Task LeadsFollowTheRosterAsync()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var a = await dep.AddPersonAsync("hunter");
        var b = await dep.AddPersonAsync("hunter");
        var caller = await dep.AddPersonAsync("hunter");
        var today = TodayInMoscow();
        var shifts = new List<object> { AllDay(a.Id, "inbound", today), AllDay(b.Id, "inbound", today), AllDay(caller.Id, "outbound", today) };
        shifts.Add(new { userId = caller.Id, kind = "inbound", weekday = today % 7 + 1, from = "9:00", to = "18:00" }); // tomorrow
        var roster = await Expect<DutyRosterView>(await head.PutAsJsonAsync("/api/v1/duty", new { shifts }), HttpStatusCode.OK);
        Assert.Equal(4, roster.Shifts.Count);
        Assert.Equal("09:00", roster.Shifts.Single(s => s.Weekday != today).From);
        Assert.Equal([a.Id, b.Id], roster.OnDutyNow.Where(s => s.Kind == DutyKind.Inbound).Select(s => s.UserId).Order());
        Assert.Equal(caller.Id, roster.OnDutyNow.Single(s => s.Kind == DutyKind.Outbound).UserId);

        // A seller of the department reads the same week.
        var read = await app.Client(caller.Token).GetJson<DutyRosterView>("/api/v1/duty");
        Assert.Equal((dep.Id, "Europe/Moscow", 4), (read.DepartmentId, read.TimeZone, read.Shifts.Count));

        var channel = await Expect<ChannelView>(await head.PostAsJsonAsync("/api/v1/channels", new { name = "Сайт " + dep.Tag, kind = "web_form" }),
            HttpStatusCode.Created);
        for (var i = 0; i < 4; i++)
            Assert.Equal(HttpStatusCode.Accepted, (await app.Client().PostAsJsonAsync($"/api/v1/forms/{channel.FormKey}",
                new { name = $"Заявка {i} {dep.Tag}", phone = $"+7 916 {Random.Shared.Next(1_000_000, 9_999_999)}" })).StatusCode);
        var leads = (await head.GetJson<LeadPage>($"/api/v1/leads?channelId={channel.Id}&limit=50")).Items;
        var owners = leads.GroupBy(l => l.OwnerId).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(new Dictionary<long, int> { [a.Id] = 2, [b.Id] = 2 }, owners);

        // Nobody on inbound duty today: the channel's owner takes it, as before the roster.
        var outbound = new[] { AllDay(a.Id, "outbound", today) };
        await Expect<DutyRosterView>(await head.PutAsJsonAsync("/api/v1/duty", new { departmentId = dep.Id, shifts = outbound }), HttpStatusCode.OK);
        await app.Client().PostAsJsonAsync($"/api/v1/forms/{channel.FormKey}",
            new { name = "Поздняя " + dep.Tag, email = $"late-{dep.Tag}@example.ru" });
        var late = (await head.GetJson<LeadPage>($"/api/v1/leads?channelId={channel.Id}&limit=50")).Items.Single(l => l.Name == "Поздняя " + dep.Tag);
        Assert.Equal(dep.HeadId, late.OwnerId);
    }

    [Fact]
    public async Task Only_the_head_sets_it_and_bad_blocks_are_named_by_field()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var seller = await dep.AddPersonAsync("closer");
        var other = await app.NewDepartmentAsync();
        var stranger = await other.AddPersonAsync("closer");

        await Problem(await app.Client(seller.Token).PutAsJsonAsync("/api/v1/duty", new { shifts = new[] { AllDay(seller.Id, "inbound", 1) } }),
            HttpStatusCode.Forbidden);
        // Another department's head does not see this one: its id is no department to them.
        await Problem(await app.Client(other.HeadToken).PutAsJsonAsync("/api/v1/duty", new { departmentId = dep.Id, shifts = Array.Empty<object>() }),
            HttpStatusCode.BadRequest);

        var bad = await Problem(await head.PutAsJsonAsync("/api/v1/duty", new
        {
            shifts = new object[]
            {
                new { userId = stranger.Id, kind = "inbound", weekday = 8, from = "25:00", to = "10:00" },
                new { userId = seller.Id, weekday = 2, from = "18:00", to = "09:00" },
            },
        }), HttpStatusCode.BadRequest);
        var errors = bad.GetProperty("errors");
        Assert.Contains("не работает в отделе", errors.GetProperty("shifts[0].userId")[0].GetString());
        Assert.Contains("от 1 (понедельник) до 7", errors.GetProperty("shifts[0].weekday")[0].GetString());
        Assert.Contains("ЧЧ:ММ", errors.GetProperty("shifts[0].from")[0].GetString());
        Assert.True(errors.TryGetProperty("shifts[1].kind", out _));
        Assert.Contains("позже", errors.GetProperty("shifts[1].to")[0].GetString());

        // Refused whole: the roster kept is the one before.
        var kept = await head.GetJson<DutyRosterView>("/api/v1/duty");
        Assert.Empty(kept.Shifts);
    }
}

[Collection("sqlite")]
public sealed class DutyRosterTests_Sqlite(SqliteApp app) : DutyRosterTests(app);

[Collection("postgres")]
public sealed class DutyRosterTests_Postgres(PostgresApp app) : DutyRosterTests(app);
