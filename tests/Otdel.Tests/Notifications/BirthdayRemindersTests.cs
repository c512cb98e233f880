using Microsoft.Extensions.DependencyInjection;
using Otdel.Features.Clients;
using Otdel.Features.Notifications;
using Otdel.Tests.Infrastructure;

namespace Otdel.Tests.Notifications;

/// <summary>Important dates (issue 10 item 7): a client's birthday is told to its owner 3 days before or nearer, once a year, on both engines.</summary>
public abstract class BirthdayRemindersTests(TestApp app)
{
    [Fact]
    public void The_29th_of_February_is_kept_on_the_28th_in_other_years()
    {
        Assert.Equal(new DateOnly(2025, 2, 28), BirthdayReminders.InYear(new DateOnly(2000, 2, 29), 2025));
        Assert.Equal(new DateOnly(2028, 2, 29), BirthdayReminders.InYear(new DateOnly(2000, 2, 29), 2028));
        Assert.Equal(new DateOnly(2026, 1, 2), BirthdayReminders.Next(new DateOnly(1990, 1, 2), new DateOnly(2025, 12, 30)));
    }

    [Fact]
    public async Task The_owner_hears_of_a_birthday_three_days_ahead_once_a_year()
    {
        var dep = await app.NewDepartmentAsync();
        var seller = await dep.AddPersonAsync("farmer");
        Client soon, later, today, past;
        await using (var db = app.OpenDb())
        {
            var at = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
            var company = new Client { Name = "ООО «Станки» " + dep.Tag, IsCompany = true, OwnerId = dep.HeadId, CreatedAt = at };
            db.Clients.Add(company);
            await db.SaveChangesAsync();
            Client Person(string name, DateOnly birthday, long? owner, long? companyId = null) => new()
            {
                Name = $"{name} {dep.Tag}", IsCompany = false, Birthday = birthday, OwnerId = owner, CompanyId = companyId, CreatedAt = at,
            };
            soon = Person("Иван Петров", new DateOnly(1980, 3, 12), seller.Id);
            later = Person("Олег Сидоров", new DateOnly(1990, 3, 20), seller.Id);
            today = Person("Анна Кузнецова", new DateOnly(1975, 3, 10), null, company.Id); // a contact: the company's owner hears
            past = Person("Пётр Волков", new DateOnly(1985, 3, 9), seller.Id);
            db.Clients.AddRange(soon, later, today, past);
            await db.SaveChangesAsync();
        }
        var reminders = app.App.Services.GetRequiredService<BirthdayReminders>();
        async Task<List<(long UserId, string Link, string Text)>> Told()
        {
            await using var db = app.OpenDb();
            var links = new[] { soon, later, today, past }.Select(c => $"/clients/{c.Id}").ToList();
            return db.Notifications.Where(n => n.Kind == "birthday" && links.Contains(n.Link!)).OrderBy(n => n.Id)
                .Select(n => new { n.UserId, n.Link, n.Text }).AsEnumerable().Select(n => (n.UserId, n.Link!, n.Text)).ToList();
        }
        try
        {
            app.Clock.Set(new DateTimeOffset(2025, 3, 10, 9, 0, 0, TimeSpan.Zero)); // 12:00 in Moscow
            await reminders.RunOnceAsync();
            await reminders.RunOnceAsync();
            var told = await Told();
            Assert.Equal(2, told.Count);
            Assert.Contains(told, n => n.UserId == seller.Id && n.Link == $"/clients/{soon.Id}" && n.Text.Contains("12.03"));
            Assert.Contains(told, n => n.UserId == dep.HeadId && n.Link == $"/clients/{today.Id}" && n.Text.Contains("ООО «Станки»"));

            // A year on, the same birthdays again — once.
            app.Clock.Set(new DateTimeOffset(2026, 3, 10, 9, 0, 0, TimeSpan.Zero));
            await reminders.RunOnceAsync();
            await reminders.RunOnceAsync();
            Assert.Equal(4, (await Told()).Count);
        }
        finally { app.Clock.Reset(); }
    }
}

[Collection("sqlite")]
public sealed class BirthdayRemindersTests_Sqlite(SqliteApp app) : BirthdayRemindersTests(app);

[Collection("postgres")]
public sealed class BirthdayRemindersTests_Postgres(PostgresApp app) : BirthdayRemindersTests(app);
