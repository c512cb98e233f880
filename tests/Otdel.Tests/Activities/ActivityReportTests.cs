using System.Globalization;
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
/// The activity report against raw rows written straight to the database: every figure of every grouping is recomputed
/// here with plain LINQ over the same rows (days on Moscow's clock, UTC+3 with no summer time), for the head, a team lead
/// and a seller, on SQLite and PostgreSQL.
/// </summary>
public abstract class ActivityReportTests(TestApp app)
{
    sealed record World(Dept Dep, long TeamId, long Lead, long[] Sellers, long Loner, List<Activity> Acts, List<WorkTask> Tasks);

    static readonly DateTime Start = new(2025, 3, 1, 0, 0, 0, DateTimeKind.Utc);

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
        long[] people = [.. sellers, loner, lead];
        var rnd = new Random(seed);
        var acts = new List<Activity>();
        var tasks = new List<WorkTask>();
        // Around March 2025 in Moscow: from 27 February to 3 April UTC, so the edges (a call at 23:30 UTC on 28 February is
        // 1 March in Moscow) fall both ways.
        DateTime Moment() => new DateTime(2025, 2, 27, 0, 0, 0, DateTimeKind.Utc).AddMinutes(rnd.Next(0, 60 * 24 * 35));
        for (var n = 0; n < 160; n++)
        {
            var kind = (ActivityKind)rnd.Next(0, 6);
            acts.Add(new Activity
            {
                Kind = kind, AuthorId = people[rnd.Next(people.Length)], At = Moment(), CreatedAt = Start,
                Direction = kind == ActivityKind.Call || (kind == ActivityKind.Email && rnd.Next(2) == 0) ? (ActivityDirection)rnd.Next(0, 2) : null,
                Result = kind == ActivityKind.Call && rnd.Next(4) > 0 ? (CallResult)rnd.Next(0, 5) : null, Text = "Сид " + dep.Tag,
            });
        }
        // Hand-placed on the edges: 28 Feb 21:00 UTC is 1 March 00:00 in Moscow (in); 31 March 21:00 UTC is 1 April (out).
        acts.Add(new Activity
        {
            Kind = ActivityKind.Call, Direction = ActivityDirection.In, Result = CallResult.Connected, AuthorId = sellers[0],
            At = new DateTime(2025, 2, 28, 21, 0, 0, DateTimeKind.Utc), CreatedAt = Start,
        });
        acts.Add(new Activity
        {
            Kind = ActivityKind.Call, Direction = ActivityDirection.Out, Result = CallResult.Connected, AuthorId = sellers[0],
            At = new DateTime(2025, 3, 31, 21, 0, 0, DateTimeKind.Utc), CreatedAt = Start,
        });
        for (var n = 0; n < 60; n++)
        {
            var due = Moment();
            var state = rnd.Next(3);
            tasks.Add(new WorkTask
            {
                Title = "Задача " + dep.Tag, AssigneeId = people[rnd.Next(people.Length)], AuthorId = dep.HeadId, DueAt = due, CreatedAt = Start,
                DoneAt = state switch { 0 => null, 1 => due.AddHours(-rnd.Next(1, 30)), _ => due.AddHours(rnd.Next(1, 30)) },
            });
        }
        await using (var db = app.OpenDb())
        {
            db.Tasks.AddRange(tasks);
            db.Activities.AddRange(acts);
            await db.SaveChangesAsync();
        }
        return new World(dep, teamId, lead, sellers, loner, acts, tasks);
    }

    /// <summary>Moscow's calendar day of a UTC moment: three hours ahead, all year.</summary>
    static DateOnly Day(DateTime utc) => DateOnly.FromDateTime(utc.AddHours(3));

    sealed record Hit(long Who, DateOnly Day, Activity? Act, bool Done, bool Overdue);

    static List<Hit> Hits(World w, IReadOnlyCollection<long> who, DateOnly from, DateOnly to)
    {
        bool In(DateTime t) => Day(t) >= from && Day(t) <= to;
        var now = DateTime.UtcNow;
        return w.Acts.Where(a => who.Contains(a.AuthorId) && In(a.At)).Select(a => new Hit(a.AuthorId, Day(a.At), a, false, false))
            .Concat(w.Tasks.Where(t => who.Contains(t.AssigneeId) && t.DoneAt is { } d && In(d))
                .Select(t => new Hit(t.AssigneeId, Day(t.DoneAt!.Value), null, true, false)))
            .Concat(w.Tasks.Where(t => who.Contains(t.AssigneeId) && In(t.DueAt) && t.DueAt < now && (t.DoneAt is null || t.DoneAt > t.DueAt))
                .Select(t => new Hit(t.AssigneeId, Day(t.DueAt), null, false, true)))
            .ToList();
    }

    static int[] Figures(IEnumerable<Hit> hits)
    {
        var h = hits.ToList();
        var acts = h.Where(x => x.Act is not null).Select(x => x.Act!).ToList();
        var calls = acts.Where(a => a.Kind == ActivityKind.Call).ToList();
        return
        [
            calls.Count, calls.Count(a => a.Direction == ActivityDirection.In), calls.Count(a => a.Direction == ActivityDirection.Out),
            calls.Count(a => a.Result == CallResult.Connected), acts.Count(a => a.Kind == ActivityKind.Meeting),
            acts.Count(a => a.Kind == ActivityKind.Proposal),
            acts.Count(a => a.Kind == ActivityKind.Email), acts.Count(a => a.Kind == ActivityKind.Message), acts.Count(a => a.Kind == ActivityKind.Note),
            h.Count(x => x.Done), h.Count(x => x.Overdue),
        ];
    }

    static int[] Figures(ActivityReportRow r) =>
        [r.Calls, r.CallsIn, r.CallsOut, r.CallsConnected, r.Meetings, r.Proposals, r.Emails, r.Messages, r.Notes, r.TasksDone, r.TasksOverdue];

    static string Inv(long v) => v.ToString(CultureInfo.InvariantCulture);

    static string BucketOf(DateOnly d, string by) => by switch
    {
        "week" => d.AddDays(-(((int)d.DayOfWeek + 6) % 7)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        "month" => d.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        _ => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    };

    [Fact]
    public async Task Every_figure_of_every_grouping_matches_the_raw_rows_for_the_head_a_team_lead_and_a_seller()
    {
        var w = await SeedAsync(11);
        var from = new DateOnly(2025, 3, 1);
        var to = new DateOnly(2025, 3, 31);
        var team = new Dictionary<long, long?>
        {
            [w.Dep.HeadId] = null, [w.Lead] = w.TeamId, [w.Sellers[0]] = w.TeamId, [w.Sellers[1]] = w.TeamId, [w.Loner] = null,
        };
        var viewers = new (string Token, long[] Sees)[]
        {
            (w.Dep.HeadToken, [w.Dep.HeadId, w.Lead, .. w.Sellers, w.Loner]),
            (await app.IssueTokenAsync(w.Lead), [w.Lead, .. w.Sellers]),
            (await app.IssueTokenAsync(w.Sellers[1]), [w.Sellers[1]]),
        };
        foreach (var (token, sees) in viewers)
        {
            var c = app.Client(token);
            var hits = Hits(w, sees, from, to);
            foreach (var by in new[] { "user", "team", "day", "week", "month" })
            {
                var r = await c.GetJson<ActivityReportResult>($"/api/v1/reports/activity?groupBy={by}&from=2025-03-01&to=2025-03-31");
                Assert.Equal((by, from, to), (r.GroupBy, r.From, r.To));
                Assert.Equal(Figures(hits), Figures(r.Total));
                Func<Hit, string> key = by switch
                {
                    "user" => h => Inv(h.Who),
                    "team" => h => team[h.Who] is { } t ? Inv(t) : "",
                    _ => h => BucketOf(h.Day, by),
                };
                var expectedKeys = by switch
                {
                    "user" => sees.Select(Inv).ToHashSet(),
                    "team" => sees.Select(s => team[s] is { } t ? Inv(t) : "").ToHashSet(),
                    _ => Enumerable.Range(0, 31).Select(i => BucketOf(from.AddDays(i), by)).ToHashSet(),
                };
                Assert.Equal(expectedKeys.Order(StringComparer.Ordinal), r.Rows.Select(x => x.Key).Order(StringComparer.Ordinal));
                var grouped = hits.ToLookup(key);
                foreach (var row in r.Rows)
                    Assert.True(Figures(grouped[row.Key]).SequenceEqual(Figures(row)),
                        $"{by} {row.Key}: expected {string.Join(",", Figures(grouped[row.Key]))}, got {string.Join(",", Figures(row))}");
            }
        }

        // The edges: a call at 00:00 on 1 March in Moscow counts on 1 March; one at 00:00 on 1 April does not count.
        var head = app.Client(w.Dep.HeadToken);
        var first = await head.GetJson<ActivityReportResult>($"/api/v1/reports/activity?groupBy=day&from=2025-03-01&to=2025-03-01&userId={w.Sellers[0]}");
        Assert.Equal(Figures(Hits(w, [w.Sellers[0]], from, from)), Figures(first.Total));
        Assert.True(first.Total.CallsIn >= 1);
    }

    [Fact]
    public async Task The_daily_report_lists_what_each_person_did_and_the_csv_holds_the_same_figures()
    {
        var w = await SeedAsync(23);
        var head = app.Client(w.Dep.HeadToken);
        var day = new DateOnly(2025, 3, 12);
        var daily = await head.GetJson<DailyReport>("/api/v1/reports/activity/daily?date=2025-03-12");
        Assert.Equal(day, daily.Date);
        long[] everyone = [w.Dep.HeadId, w.Lead, .. w.Sellers, w.Loner];
        Assert.Equal(everyone.Order(), daily.People.Select(p => p.UserId).Order());
        foreach (var p in daily.People)
        {
            var mine = w.Acts.Where(a => a.AuthorId == p.UserId && Day(a.At) == day).OrderBy(a => a.At).ThenBy(a => a.Id).ToList();
            Assert.Equal(mine.Select(a => (a.Id, a.At, a.Kind)), p.Lines.Select(l => (l.Id, l.At, l.Kind)));
            Assert.Equal(Figures(Hits(w, [p.UserId], day, day)), Figures(p.Figures));
        }

        var res = await head.GetAsync("/api/v1/reports/activity/export.csv?groupBy=user&from=2025-03-01&to=2025-03-31");
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        Assert.Equal("text/csv", res.Content.Headers.ContentType?.MediaType);
        var lines = Encoding.UTF8.GetString(await res.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(everyone.Length + 2, lines.Length);
        var total = lines[^1].Split(';');
        Assert.Equal("Итого", total[0]);
        Assert.Equal(Figures(Hits(w, everyone, new DateOnly(2025, 3, 1), new DateOnly(2025, 3, 31))).Select(x => Inv(x)), total.Skip(1));
        Assert.Contains(lines, l => l.StartsWith("Аня " + w.Dep.Tag + ";", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Bad_report_queries_are_refused_by_their_field()
    {
        var dep = await app.NewDepartmentAsync();
        var c = app.Client(dep.HeadToken);
        async Task<IReadOnlyCollection<string>> Refused(string q) =>
            (await Problem(await c.GetAsync("/api/v1/reports/activity?" + q), HttpStatusCode.BadRequest)).ErrorFields();
        Assert.Equal(["groupBy"], await Refused("groupBy=year"));
        Assert.Equal(["from"], await Refused("from=вчера"));
        Assert.Equal(["to"], await Refused("from=2025-03-10&to=2025-03-01"));
        Assert.Equal(["to"], await Refused("from=2024-01-01&to=2025-03-01"));
        Assert.Equal(["format"], await Refused("format=xlsx"));
        Assert.Equal(["userId"], await Refused($"userId={long.MaxValue}"));
        Assert.Equal(["teamId"], await Refused($"teamId={long.MaxValue}"));
        Assert.Equal(["date"], (await Problem(await c.GetAsync("/api/v1/reports/activity/daily?date=31.02.2025"), HttpStatusCode.BadRequest)).ErrorFields());
    }
}

[Collection("sqlite")]
public sealed class ActivityReportTests_Sqlite(SqliteApp app) : ActivityReportTests(app);

[Collection("postgres")]
public sealed class ActivityReportTests_Postgres(PostgresApp app) : ActivityReportTests(app);
