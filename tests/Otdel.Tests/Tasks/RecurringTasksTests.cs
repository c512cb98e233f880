using System.Net;
using System.Net.Http.Json;
using Otdel.Features.Tasks;
using Otdel.Tests.Infrastructure;
using static Otdel.Tests.Deals.DealsTestKit;

namespace Otdel.Tests.Tasks;

/// <summary>
/// Recurring tasks through /api/v1/tasks on both engines: completing an occurrence sets exactly one next one, due on the
/// rule's next day at the same Moscow time — over a weekend and the 12 June 2026 holiday (Russia's calendar, from the
/// decree), and the 9 May holiday moved to Monday 11 May; a task completed late is followed by one still ahead; a repeat
/// stopped sets nothing more; bad rules are refused by field.
/// </summary>
public abstract class RecurringTasksTests(TestApp app)
{
    static readonly TimeZoneInfo Moscow = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");

    static DateTime Msk(int m, int d, int h = 10) => TimeZoneInfo.ConvertTimeToUtc(new DateTime(2026, m, d, h, 0, 0, DateTimeKind.Unspecified), Moscow);

    [Fact]
    public async Task Completing_an_occurrence_sets_the_next_across_weekends_and_holidays_and_a_stopped_repeat_sets_none()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        await Expect<System.Text.Json.JsonElement>(await head.PutAsJsonAsync($"/api/v1/departments/{dep.Id}/calendar",
            new { calendar = "ru", timeZone = "Europe/Moscow" }), HttpStatusCode.OK);
        var seller = await dep.AddPersonAsync("closer");
        var me = app.Client(seller.Token);
        app.Clock.Set(new DateTimeOffset(new DateTime(2026, 6, 1, 6, 0, 0, DateTimeKind.Utc)));
        try
        {
            async Task<TaskView> NewAsync(string title, string due, object repeat, object[]? checklist = null) =>
                await Expect<TaskView>(await me.PostAsJsonAsync("/api/v1/tasks", new { title = title + " " + dep.Tag, dueAt = due, repeat, checklist }),
                    HttpStatusCode.Created);
            async Task<List<TaskView>> OpenAsync(string title) =>
                (await me.GetJson<TaskPage>($"/api/v1/tasks?assigneeId={seller.Id}&status=open&limit=500")).Items
                .Where(t => t.Title == title + " " + dep.Tag).ToList();
            async Task<TaskView> CompleteAsync(TaskView t, string title)
            {
                await Expect<TaskView>(await me.PostAsJsonAsync($"/api/v1/tasks/{t.Id}/complete", new { result = "сделано" }), HttpStatusCode.OK);
                return Assert.Single(await OpenAsync(title));
            }

            // Daily on working days: Thursday 11 June → Friday 12 June is a holiday, then the weekend → Monday 15 June, same time.
            var daily = await NewAsync("Ежедневно", "2026-06-11T10:00:00", new { every = "daily", workingDaysOnly = true },
                [new { text = "Проверить почту", done = true }, new { text = "Ответить" }]);
            Assert.Equal(("daily", true), (daily.Repeat!.Every, daily.Repeat.WorkingDaysOnly));
            var next = await CompleteAsync(daily, "Ежедневно");
            Assert.Equal(Msk(6, 15), next.DueAt);
            Assert.Equal(daily.Repeat, next.Repeat);
            Assert.All(next.Checklist, i => Assert.False(i.Done));
            Assert.Equal(["Проверить почту", "Ответить"], next.Checklist.Select(i => i.Text));
            // Every calendar day: the holiday is just the next day.
            var plain = await NewAsync("Каждый день", "2026-06-11T10:00:00", new { every = "daily" });
            Assert.Equal(Msk(6, 12), (await CompleteAsync(plain, "Каждый день")).DueAt);

            // Weekly on Fridays (the due day's weekday): 12 June is a holiday → Monday 15 June; from there the next Friday, 19 June.
            var weekly = await NewAsync("Пятница", "2026-06-05T10:00:00", new { every = "weekly", workingDaysOnly = true });
            Assert.Equal([5], weekly.Repeat!.Weekdays!);
            var w2 = await CompleteAsync(weekly, "Пятница");
            Assert.Equal(Msk(6, 15), w2.DueAt);
            Assert.Equal(Msk(6, 19), (await CompleteAsync(w2, "Пятница")).DueAt);

            // Monthly on the 9th: 9 May 2026 is a Saturday and a holiday, the 10th a Sunday, Monday the 11th its moved day off → Tuesday 12 May.
            app.Clock.Set(new DateTimeOffset(new DateTime(2026, 4, 1, 6, 0, 0, DateTimeKind.Utc)));
            var monthly = await NewAsync("Девятое", "2026-04-09T15:30:00", new { every = "monthly", workingDaysOnly = true });
            Assert.Equal(9, monthly.Repeat!.DayOfMonth);
            Assert.Equal(Msk(5, 12, 15).AddMinutes(30), (await CompleteAsync(monthly, "Девятое")).DueAt);
            app.Clock.Set(new DateTimeOffset(new DateTime(2026, 6, 1, 6, 0, 0, DateTimeKind.Utc)));

            // Completed late (due 20 May, done 1 June at 09:00 Moscow, before ten): one next occurrence, today at ten — not a row of overdue ones.
            var late = await NewAsync("Опоздание", "2026-05-20T10:00:00", new { every = "daily" });
            Assert.Equal(Msk(6, 1), (await CompleteAsync(late, "Опоздание")).DueAt);

            // Stopping the repeat: completing sets nothing more.
            var stop = await NewAsync("Стоп", "2026-06-02T10:00:00", new { every = "weekly", weekdays = new[] { 2, 4 } });
            var s2 = await CompleteAsync(stop, "Стоп");
            Assert.Equal(Msk(6, 4), s2.DueAt);
            var stopped = await Expect<TaskView>(await me.PatchAsJsonAsync($"/api/v1/tasks/{s2.Id}", new { repeat = (object?)null, version = s2.Version }),
                HttpStatusCode.OK);
            Assert.Null(stopped.Repeat);
            await Expect<TaskView>(await me.PostAsJsonAsync($"/api/v1/tasks/{s2.Id}/complete", new { }), HttpStatusCode.OK);
            Assert.Empty(await OpenAsync("Стоп"));

            // Bad rules are refused by field.
            foreach (var (repeat, field) in new (object, string)[]
                     {
                         (new { every = "yearly" }, "repeat.every"), (new { every = "weekly", weekdays = new[] { 0 } }, "repeat.weekdays"),
                         (new { every = "monthly", dayOfMonth = 32 }, "repeat.dayOfMonth"),
                     })
                Assert.Contains(field, (await Problem(await me.PostAsJsonAsync("/api/v1/tasks", new { title = "Плохо", dueAt = "2026-06-11T10:00:00", repeat }),
                    HttpStatusCode.BadRequest)).ErrorFields());
        }
        finally { app.Clock.Reset(); }
    }
}

[Collection("sqlite")]
public sealed class RecurringTasksTests_Sqlite(SqliteApp app) : RecurringTasksTests(app);

[Collection("postgres")]
public sealed class RecurringTasksTests_Postgres(PostgresApp app) : RecurringTasksTests(app);
