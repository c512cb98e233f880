using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Otdel.Features.Activities;
using Otdel.Features.Tasks;
using Otdel.Tests.Infrastructure;
using static Otdel.Tests.Deals.DealsTestKit;

namespace Otdel.Tests.Activities;

/// <summary>
/// The working-day map against raw rows written straight to the database, on SQLite and PostgreSQL: every count, every
/// second (recorded and by default), every hour slot and every duty minute is recomputed here with plain loops over the
/// same rows — Moscow's clock (UTC+3, no summer time), minute by minute for the duty — for the head, a team lead and a
/// seller, and for a team and a person; the week holds 12 June, when the roster rests.
/// </summary>
public abstract class WorkingDayReportTests(TestApp app)
{
    sealed record World(Dept Dep, long TeamId, long Lead, long[] Sellers, long Loner, List<Activity> Acts, List<WorkTask> Tasks,
        List<(long User, string Kind, int Weekday, int From, int To)> Blocks);

    static readonly DateOnly From = new(2026, 6, 8), To = new(2026, 6, 14);
    static readonly DateOnly Holiday = new(2026, 6, 12);
    static readonly string[] Kinds = ["call_in", "call_out", "meeting", "email", "message", "proposal", "note", "task_done"];

    async Task<World> SeedAsync(int seed)
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var teamId = (await Expect<JsonElement>(await head.PostAsJsonAsync("/api/v1/teams", new { name = "Команда " + dep.Tag, departmentId = dep.Id }),
            HttpStatusCode.Created)).GetProperty("id").GetInt64();
        var lead = (await dep.AddPersonAsync("closer", teamId, name: "Старший " + dep.Tag)).Id;
        var sellers = new[]
        {
            (await dep.AddPersonAsync("closer", teamId, lead, "Аня " + dep.Tag)).Id,
            (await dep.AddPersonAsync("closer", teamId, lead, "Борис " + dep.Tag)).Id,
        };
        var loner = (await dep.AddPersonAsync("hunter", name: "Вера " + dep.Tag)).Id;
        long[] people = [.. sellers, loner, lead, dep.HeadId];

        // Blocks: overlapping ones of the same kind, one ending at 24:00, one on Friday (12 June rests), one on Saturday.
        var blocks = new List<(long User, string Kind, int Weekday, int From, int To)>
        {
            (sellers[0], "inbound", 1, 9 * 60, 13 * 60), (sellers[0], "inbound", 1, 12 * 60 + 30, 14 * 60 + 15), (sellers[0], "outbound", 1, 15 * 60, 18 * 60),
            (sellers[0], "inbound", 5, 7 * 60 + 45, 20 * 60 + 10), (sellers[1], "outbound", 3, 10 * 60, 24 * 60), (sellers[1], "inbound", 6, 10 * 60, 16 * 60),
            (loner, "inbound", 2, 0, 8 * 60 + 30), (loner, "inbound", 4, 9 * 60, 18 * 60),
        };
        static string Clock(int m) => $"{m / 60:00}:{m % 60:00}";
        var shifts = blocks.Select(b => new { userId = b.User, kind = b.Kind, weekday = b.Weekday, from = Clock(b.From), to = Clock(b.To) }).ToArray();
        await Expect<JsonElement>(await head.PutAsJsonAsync("/api/v1/duty", new { shifts }), HttpStatusCode.OK);

        var rnd = new Random(seed);
        // From 7 to 15 June UTC, so the week's edges fall both ways on Moscow's clock.
        DateTime Moment() => new DateTime(2026, 6, 7, 0, 0, 0, DateTimeKind.Utc).AddMinutes(rnd.Next(0, 60 * 24 * 9));
        var acts = new List<Activity>();
        for (var n = 0; n < 240; n++)
        {
            var kind = (ActivityKind)rnd.Next(0, 6);
            acts.Add(new Activity
            {
                Kind = kind, AuthorId = people[rnd.Next(people.Length)], At = Moment(), CreatedAt = Moment(), Text = "Сид " + dep.Tag,
                Direction = kind == ActivityKind.Call ? (ActivityDirection)rnd.Next(0, 2) : null,
                DurationSeconds = kind switch
                {
                    ActivityKind.Call => rnd.Next(10) < 7 ? rnd.Next(0, 1800) : null,
                    ActivityKind.Meeting => rnd.Next(2) == 0 ? rnd.Next(600, 7200) : null,
                    _ => null,
                },
            });
        }
        // Hand-placed on the edges: 7 June 21:00 UTC is 8 June 00:00 in Moscow (in, before the day); 14 June 21:00 UTC is 15 June (out).
        acts.Add(new Activity
        {
            Kind = ActivityKind.Call, Direction = ActivityDirection.In, DurationSeconds = 61, AuthorId = sellers[0],
            At = new DateTime(2026, 6, 7, 21, 0, 0, DateTimeKind.Utc), CreatedAt = Moment()
        });
        acts.Add(new Activity
        {
            Kind = ActivityKind.Meeting, AuthorId = sellers[0], At = new DateTime(2026, 6, 14, 21, 0, 0, DateTimeKind.Utc),
            CreatedAt = Moment()
        });
        var tasks = new List<WorkTask>();
        for (var n = 0; n < 60; n++)
        {
            var due = Moment();
            tasks.Add(new WorkTask
            {
                Title = "Задача " + dep.Tag, AssigneeId = people[rnd.Next(people.Length)], AuthorId = dep.HeadId, DueAt = due, CreatedAt = Moment(),
                DoneAt = rnd.Next(3) == 0 ? null : Moment(),
            });
        }
        await using (var db = app.OpenDb())
        {
            db.Tasks.AddRange(tasks);
            db.Activities.AddRange(acts);
            await db.SaveChangesAsync();
        }
        return new World(dep, teamId, lead, sellers, loner, acts, tasks, blocks);
    }

    /// <summary>One raw thing on Moscow's clock: its kind, its local moment, its recorded and default seconds, whether it has no time.</summary>
    sealed record Raw(long Who, string Kind, DateTime Local, int Seconds, int Default, bool Untimed);

    static List<Raw> Raws(World w)
    {
        var list = new List<Raw>();
        foreach (var a in w.Acts)
        {
            var local = a.At.AddHours(3);
            list.Add(a.Kind switch
            {
                ActivityKind.Call => new Raw(a.AuthorId, a.Direction == ActivityDirection.In ? "call_in" : "call_out", local, a.DurationSeconds ?? 0, 0,
                    a.DurationSeconds is null),
                ActivityKind.Meeting => new Raw(a.AuthorId, "meeting", local, a.DurationSeconds ?? 0, a.DurationSeconds is null ? 3600 : 0, false),
                _ => new Raw(a.AuthorId, a.Kind.ToString().ToLowerInvariant(), local, 0, 0, true),
            });
        }
        foreach (var t in w.Tasks.Where(t => t.DoneAt is not null)) list.Add(new Raw(t.AssigneeId, "task_done", t.DoneAt!.Value.AddHours(3), 0, 0, true));
        return list.Where(r => DateOnly.FromDateTime(r.Local) >= From && DateOnly.FromDateTime(r.Local) <= To).ToList();
    }

    static int SlotStart(int hour) => hour < 8 ? 0 : hour >= 20 ? 20 : hour;

    static int Count(WorkingDayCounts c, string kind) => kind switch
    {
        "call_in" => c.CallsIn,
        "call_out" => c.CallsOut,
        "meeting" => c.Meetings,
        "email" => c.Emails,
        "message" => c.Messages,
        "proposal" => c.Proposals,
        "note" => c.Notes,
        _ => c.TasksDone,
    };

    /// <summary>Duty minutes of one person and kind starting in each slot, minute by minute over the week's working days.</summary>
    static Dictionary<int, int> DutyMinutes(World w, long who, string kind)
    {
        var result = new Dictionary<int, int>();
        for (var d = From; d <= To; d = d.AddDays(1))
        {
            if (d == Holiday) continue;
            var weekday = d.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)d.DayOfWeek;
            for (var m = 0; m < 24 * 60; m++)
                if (w.Blocks.Any(b => b.User == who && b.Kind == kind && b.Weekday == weekday && b.From <= m && m < b.To))
                    result[SlotStart(m / 60)] = result.GetValueOrDefault(SlotStart(m / 60)) + 1;
        }
        return result;
    }

    static void Check(World w, WorkingDayPerson p)
    {
        var mine = Raws(w).Where(r => r.Who == p.UserId).ToList();
        Assert.Equal("Europe/Moscow", p.TimeZone);
        Assert.Equal(Kinds, p.Kinds.Select(k => k.Kind));
        foreach (var k in p.Kinds)
        {
            var of = mine.Where(r => r.Kind == k.Kind).ToList();
            var expected = (of.Count, of.Sum(r => r.Seconds), of.Sum(r => r.Default), of.Count(r => r.Untimed));
            Assert.True(expected == (k.Count, k.Seconds, k.DefaultSeconds, k.Untimed),
                $"{p.Name} {k.Kind}: expected {of.Count}/{of.Sum(r => r.Seconds)}/{of.Sum(r => r.Default)}/{of.Count(r => r.Untimed)}, got {k}");
            Assert.Equal(of.Count, Count(p.Counts, k.Kind));
        }
        Assert.Equal(mine.Sum(r => r.Seconds), p.Seconds);
        Assert.Equal(mine.Sum(r => r.Default), p.DefaultSeconds);

        Assert.Equal([0, .. Enumerable.Range(8, 12), 20], p.Hours.Select(h => h.From));
        var inbound = DutyMinutes(w, p.UserId, "inbound");
        var outbound = DutyMinutes(w, p.UserId, "outbound");
        foreach (var h in p.Hours)
        {
            var at = mine.Where(r => SlotStart(r.Local.Hour) == h.From).ToList();
            foreach (var kind in Kinds) Assert.True(at.Count(r => r.Kind == kind) == Count(h.Counts, kind), $"{p.Name} {kind} at {h.From}");
            Assert.Equal(at.Sum(r => r.Seconds + r.Default), h.Seconds);
            Assert.True(inbound.GetValueOrDefault(h.From) == h.InboundMinutes, $"{p.Name} inbound at {h.From}");
            Assert.True(outbound.GetValueOrDefault(h.From) == h.OutboundMinutes, $"{p.Name} outbound at {h.From}");
        }
        Assert.Equal(w.Blocks.Count(b => b.User == p.UserId), p.Duty.Count);
        Assert.Equal([Holiday], p.DaysOff);
    }

    [Fact]
    public async Task Every_count_second_hour_and_duty_minute_matches_the_raw_rows_for_each_viewer()
    {
        var w = await SeedAsync(5);
        var q = "from=2026-06-08&to=2026-06-14";
        var viewers = new (string Token, long[] Sees)[]
        {
            (w.Dep.HeadToken, [w.Dep.HeadId, w.Lead, .. w.Sellers, w.Loner]),
            (await app.IssueTokenAsync(w.Lead), [w.Lead, .. w.Sellers]),
            (await app.IssueTokenAsync(w.Sellers[1]), [w.Sellers[1]]),
        };
        foreach (var (token, sees) in viewers)
        {
            var r = await app.Client(token).GetJson<WorkingDayResult>("/api/v1/reports/working-day?" + q);
            Assert.Equal((From, To, 8, 20, 60), (r.From, r.To, r.DayStart, r.DayEnd, r.MeetingDefaultMinutes));
            Assert.Equal(sees.Order(), r.People.Select(p => p.UserId).Order());
            foreach (var p in r.People) Check(w, p);
        }
        var head = app.Client(w.Dep.HeadToken);
        var team = await head.GetJson<WorkingDayResult>($"/api/v1/reports/working-day?{q}&teamId={w.TeamId}");
        Assert.Equal(w.Sellers.Append(w.Lead).Order(), team.People.Select(p => p.UserId).Order());
        var one = await head.GetJson<WorkingDayResult>($"/api/v1/reports/working-day?{q}&userId={w.Sellers[0]}");
        Check(w, Assert.Single(one.People));

        // A seller asking for someone else's map: refused by field; a bad period too.
        var seller = app.Client(await app.IssueTokenAsync(w.Sellers[1]));
        var refused = await Problem(await seller.GetAsync($"/api/v1/reports/working-day?userId={w.Sellers[0]}"), HttpStatusCode.BadRequest);
        Assert.True(refused.GetProperty("errors").TryGetProperty("userId", out _));
        var bad = await Problem(await head.GetAsync("/api/v1/reports/working-day?from=2026-06-14&to=2026-06-08"), HttpStatusCode.BadRequest);
        Assert.Contains("раньше начала", bad.GetProperty("errors").GetProperty("to")[0].GetString());
        bad = await Problem(await head.GetAsync("/api/v1/reports/working-day?from=32.13.2026"), HttpStatusCode.BadRequest);
        Assert.True(bad.GetProperty("errors").TryGetProperty("from", out _));
    }

    [Fact]
    public async Task The_default_period_is_this_week_and_the_csv_holds_the_same_figures()
    {
        var w = await SeedAsync(9);
        var head = app.Client(w.Dep.HeadToken);
        app.Clock.Set(new DateTimeOffset(2026, 6, 10, 9, 0, 0, TimeSpan.Zero));
        WorkingDayResult r;
        try
        {
            r = await head.GetJson<WorkingDayResult>($"/api/v1/reports/working-day?teamId={w.TeamId}");
        }
        finally
        {
            app.Clock.Reset();
        }
        Assert.Equal((From, To), (r.From, r.To));
        foreach (var p in r.People) Check(w, p);

        var res = await head.GetAsync($"/api/v1/reports/working-day/export.csv?from=2026-06-08&to=2026-06-14&teamId={w.TeamId}");
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        Assert.Equal("text/csv", res.Content.Headers.ContentType?.MediaType);
        var lines = Encoding.UTF8.GetString(await res.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(';')).ToList();
        Assert.Equal(["Сотрудник", "Что", "Сколько", "Время, мин"], lines[0][..4]);
        Assert.Equal(6 + 14, lines[0].Length);
        foreach (var p in r.People)
        {
            var rows = lines.Where(l => l[0] == p.Name).ToList();
            Assert.Equal(Kinds.Length + 2, rows.Count);
            var meetings = rows.Single(l => l[1] == "Встречи");
            var m = p.Kinds.Single(k => k.Kind == "meeting");
            Assert.Equal(m.Count.ToString(), meetings[2]);
            Assert.Equal((m.Seconds / 60m).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture), meetings[3]);
            Assert.Equal(string.Join(";", p.Hours.Select(h => h.Counts.Meetings)), string.Join(";", meetings[6..]));
            var duty = rows.Single(l => l[1].StartsWith("Дежурство на вход"));
            Assert.Equal(string.Join(";", p.Hours.Select(h => h.InboundMinutes)), string.Join(";", duty[6..]));
        }
    }
}

[Collection("sqlite")]
public sealed class WorkingDayReportTests_Sqlite(SqliteApp app) : WorkingDayReportTests(app);

[Collection("postgres")]
public sealed class WorkingDayReportTests_Postgres(PostgresApp app) : WorkingDayReportTests(app);
