using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Otdel.Features.Leads;
using Otdel.Features.Reports;
using Otdel.Platform;
using Otdel.Tests.Infrastructure;
using static Otdel.Tests.Deals.DealsTestKit;

namespace Otdel.Tests.Reports;

/// <summary>
/// Response time (issue 11 item 4): GET /api/v1/reports/response-time against working minutes counted minute by minute
/// from the raw leads on the department's calendar and zone; the department's target set by its head; the watcher's
/// alerts to the owner and then the boss, once each — on both engines.
/// </summary>
public abstract class ResponseTimeTests(TestApp app)
{
    const string Target = "/api/v1/reports/response-time/target";
    internal static readonly TimeZoneInfo Yekaterinburg = TimeZoneInfo.FindSystemTimeZoneById("Asia/Yekaterinburg");

    /// <summary>The independent count: every whole minute from arrival on that falls on a working day, 9:00–18:00 local.</summary>
    internal static double WorkingMinutes(DateTime fromUtc, DateTime toUtc)
    {
        var days = ProductionCalendar.Of("ru");
        var n = 0;
        for (var m = fromUtc; m < toUtc; m = m.AddMinutes(1))
        {
            var local = TimeZoneInfo.ConvertTimeFromUtc(m, Yekaterinburg);
            if (days.IsWorkingDay(DateOnly.FromDateTime(local)) && local.Hour >= 9 && local.Hour < 18) n++;
        }
        return n;
    }

    static DateTime Local(int month, int day, int hour, int minute) =>
        TimeZoneInfo.ConvertTimeToUtc(new DateTime(2025, month, day, hour, minute, 0, DateTimeKind.Unspecified), Yekaterinburg);

    async Task<(Dept Dep, HttpClient Head, long TeamId, (long Id, string Token, string Email) A, (long Id, string Token, string Email) B)>
        DepartmentAsync(int target)
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        await Expect<JsonElement>(await head.PutAsJsonAsync($"/api/v1/departments/{dep.Id}/calendar", new { calendar = "ru", timeZone = "Asia/Yekaterinburg" }),
            HttpStatusCode.OK);
        var teamId = (await Expect<JsonElement>(await head.PostAsJsonAsync("/api/v1/teams", new { name = "Входящие " + dep.Tag, departmentId = dep.Id }),
            HttpStatusCode.Created)).GetProperty("id").GetInt64();
        var a = await dep.AddPersonAsync("hunter", teamId, name: "Хантер А " + dep.Tag);
        var b = await dep.AddPersonAsync("hunter", name: "Хантер Б " + dep.Tag);
        var set = await Expect<ResponseTargetView>(await head.PutAsJsonAsync(Target, new { minutes = target }), HttpStatusCode.OK);
        Assert.Equal((dep.Id, target, false), (set.DepartmentId, set.Minutes, set.IsDefault));
        return (dep, head, teamId, a, b);
    }

    [Fact]
    public async Task The_target_is_the_departments_and_only_its_head_sets_it()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var seller = await dep.AddPersonAsync("hunter");
        var initial = await Expect<ResponseTargetView>(await head.GetAsync(Target), HttpStatusCode.OK);
        Assert.Equal((15, true), (initial.Minutes, initial.IsDefault));
        await Problem(await app.Client(seller.Token).PutAsJsonAsync(Target, new { minutes = 5 }), HttpStatusCode.Forbidden);
        var bad = await Problem(await head.PutAsJsonAsync(Target, new { minutes = 0 }), HttpStatusCode.BadRequest);
        Assert.Equal(["minutes"], bad.ErrorFields());
        var saved = await Expect<ResponseTargetView>(await head.PutAsJsonAsync(Target, new { minutes = 30 }), HttpStatusCode.OK);
        var read = await Expect<ResponseTargetView>(await app.Client(seller.Token).GetAsync(Target), HttpStatusCode.OK);
        Assert.Equal((30, false, saved.Version), (read.Minutes, read.IsDefault, read.Version));
        await Problem(await head.PutAsJsonAsync(Target, new { minutes = 25, version = saved.Version + 7 }), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Every_figure_equals_working_minutes_counted_from_the_raw_leads()
    {
        const int target = 20;
        var (dep, head, teamId, a, b) = await DepartmentAsync(target);
        var rnd = new Random(11);
        var owners = new[] { a.Id, b.Id, dep.HeadId };
        var leads = new List<Lead>();
        await using (var db = app.OpenDb())
        {
            for (var i = 0; i < 60; i++)
            {
                var arrived = new DateTime(2025, 3, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(rnd.Next(0, 31 * 24 * 60));
                if (i == 0) arrived = new DateTime(2025, 2, 28, 23, 59, 0, DateTimeKind.Utc); // before the period
                var contacted = rnd.Next(5) > 0 ? arrived.AddMinutes(rnd.Next(0, rnd.Next(2) == 0 ? 60 : 4000)) : (DateTime?)null;
                var status = contacted is null && rnd.Next(4) == 0 ? LeadStatus.Disqualified : rnd.Next(3) == 0 ? LeadStatus.Mql : LeadStatus.New;
                var l = new Lead
                {
                    Name = $"Лид {i} {dep.Tag}", OwnerId = owners[rnd.Next(3)], ArrivedAt = arrived, CreatedAt = arrived, FirstContactAt = contacted,
                    Status = status, DisqualifyReason = status == LeadStatus.Disqualified ? "спам" : null,
                };
                db.Leads.Add(l);
                leads.Add(l);
            }
            await db.SaveChangesAsync();
        }

        var now = new DateTime(2025, 4, 2, 6, 30, 0, DateTimeKind.Utc);
        app.Clock.Set(now);
        try
        {
            var fromUtc = new DateTime(2025, 3, 1, 0, 0, 0, DateTimeKind.Utc);
            var toUtc = new DateTime(2025, 4, 1, 0, 0, 0, DateTimeKind.Utc);
            var counted = leads
                .Where(l => l.ArrivedAt >= fromUtc && l.ArrivedAt < toUtc && (l.FirstContactAt is not null || l.Status != LeadStatus.Disqualified))
                .Select(l => (l.OwnerId, Contacted: l.FirstContactAt is not null, Minutes: WorkingMinutes(l.ArrivedAt, l.FirstContactAt ?? now)))
                .ToList();
            foreach (var groupBy in ResponseTimeReport.GroupBys)
            {
                var report = await head.GetJson<ResponseTimeResult>($"/api/v1/reports/response-time?groupBy={groupBy}&from=2025-03-01&to=2025-03-31");
                Assert.Equal(target, report.TargetMinutes);
                var expected = counted.GroupBy(x => groupBy == "team" ? (x.OwnerId == a.Id ? teamId.ToString() : null) : x.OwnerId.ToString())
                    .Select(g => Expected(g.Key, g.ToList(), target)).OrderBy(x => x.Key, StringComparer.Ordinal).ToList();
                Assert.Equal(expected, report.Rows.Select(Figures).OrderBy(x => x.Key, StringComparer.Ordinal).ToList());
                Assert.Equal(Expected(null, counted, target), Figures(report.Total));
            }
            // A seller counts their own leads only.
            var mine = await app.Client(b.Token).GetJson<ResponseTimeResult>("/api/v1/reports/response-time?from=2025-03-01&to=2025-03-31");
            Assert.Equal(Expected(null, counted.Where(x => x.OwnerId == b.Id).ToList(), target), Figures(mine.Total));

            var bad = await Problem(await head.GetAsync("/api/v1/reports/response-time?groupBy=colour&to=2025-02-30"), HttpStatusCode.BadRequest);
            Assert.Equal(["groupBy", "to"], bad.ErrorFields().Order());
            var csv = await head.GetStringAsync("/api/v1/reports/response-time/export.csv?groupBy=user&from=2025-03-01&to=2025-03-31");
            Assert.Contains("Хантер Б " + dep.Tag, csv);
        }
        finally { app.Clock.Reset(); }
    }

    static (string? Key, long Count, double? Median, double? P90, long Missed, long Waiting) Figures(ResponseTimeRow r) =>
        (r.Key, r.Count, r.MedianMinutes, r.P90Minutes, r.Missed, r.Waiting);

    static (string? Key, long Count, double? Median, double? P90, long Missed, long Waiting) Expected(string? key,
        List<(long OwnerId, bool Contacted, double Minutes)> leads, int target)
    {
        var times = leads.Where(l => l.Contacted).Select(l => l.Minutes).Order().ToList();
        double? median = times.Count == 0 ? null
            : times.Count % 2 == 1 ? times[times.Count / 2] : (times[times.Count / 2 - 1] + times[times.Count / 2]) / 2;
        // The nearest rank: the smallest time with at least 90% of the times at or below it.
        double? p90 = times.Count == 0 ? null : times.First(x => times.Count(y => y <= x) * 10 >= times.Count * 9);
        return (key, times.Count, median is { } m ? Math.Round(m, 2, MidpointRounding.AwayFromZero) : null, p90,
            leads.Count(l => l.Minutes > target), leads.Count(l => !l.Contacted));
    }

    [Fact]
    public async Task The_owner_is_told_when_a_lead_misses_the_target_and_the_boss_at_twice_it_once_each()
    {
        const int target = 20;
        var (dep, _, _, a, _) = await DepartmentAsync(target);
        Lead late, afterHours, fresh, called;
        await using (var db = app.OpenDb())
        {
            Lead New(string name, DateTime arrived, DateTime? contacted = null) => new()
            {
                Name = $"{name} {dep.Tag}", OwnerId = a.Id, ArrivedAt = arrived, CreatedAt = arrived, FirstContactAt = contacted, Status = LeadStatus.New,
            };
            // Tuesday 11 and Wednesday 12 March 2025 are working days; the department works 9–18 Yekaterinburg time.
            late = New("Поздний", Local(3, 11, 17, 50));
            afterHours = New("Вечерний", Local(3, 11, 18, 30));
            fresh = New("Свежий", Local(3, 12, 9, 33));
            called = New("Дозвонились", Local(3, 11, 17, 0), Local(3, 11, 17, 5));
            db.Leads.AddRange(late, afterHours, fresh, called);
            await db.SaveChangesAsync();
        }
        var watcher = app.App.Services.GetRequiredService<ResponseWatcher>();
        async Task<List<(long UserId, string Link)>> Told()
        {
            await using var db = app.OpenDb();
            var links = new[] { late, afterHours, fresh, called }.Select(l => $"/leads/{l.Id}").ToList();
            return db.Notifications.Where(n => n.Kind == "response" && links.Contains(n.Link!)).OrderBy(n => n.Id)
                .Select(n => new { n.UserId, n.Link }).AsEnumerable().Select(n => (n.UserId, n.Link!)).ToList();
        }
        try
        {
            // 9:15 on Wednesday: the late lead has waited 10 + 15 working minutes (over 20), the evening one 15 (14 hours on the clock).
            app.Clock.Set(Local(3, 12, 9, 15));
            await watcher.RunOnceAsync();
            await watcher.RunOnceAsync();
            Assert.Equal([(a.Id, $"/leads/{late.Id}")], await Told());

            // 9:38 (the test clock runs on from there): the late lead 48 minutes (over twice 20: the boss is told), the evening one
            // 38 (not over twice: its owner is told).
            app.Clock.Set(Local(3, 12, 9, 38));
            await watcher.RunOnceAsync();
            await watcher.RunOnceAsync();
            var told = await Told();
            Assert.Equal(3, told.Count);
            Assert.Contains((dep.HeadId, $"/leads/{late.Id}"), told);
            Assert.Contains((a.Id, $"/leads/{afterHours.Id}"), told);

            // Once contacted, a lead is never raised again; the fresh one reaches both levels in one pass: owner and boss at once.
            await using (var db = app.OpenDb())
            {
                var l = db.Leads.Single(x => x.Id == afterHours.Id);
                l.FirstContactAt = Local(3, 12, 9, 41);
                await db.SaveChangesAsync();
            }
            app.Clock.Set(Local(3, 12, 11, 0));
            await watcher.RunOnceAsync();
            told = await Told();
            Assert.Equal(5, told.Count);
            Assert.Contains((a.Id, $"/leads/{fresh.Id}"), told);
            Assert.Contains((dep.HeadId, $"/leads/{fresh.Id}"), told);
            Assert.DoesNotContain(told, t => t.Link == $"/leads/{called.Id}");
        }
        finally { app.Clock.Reset(); }
    }
}

[Collection("sqlite")]
public sealed class ResponseTimeTests_Sqlite(SqliteApp app) : ResponseTimeTests(app);

[Collection("postgres")]
public sealed class ResponseTimeTests_Postgres(PostgresApp app) : ResponseTimeTests(app);
