using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Otdel.Features.Clients;
using Otdel.Features.Notifications;
using Otdel.Tests.Infrastructure;
using static Otdel.Tests.Deals.DealsTestKit;

namespace Otdel.Tests.Notifications;

/// <summary>
/// Important dates (issue 10 item 7): a client's birthday and its own dates (yearly or once) are told to its owner and a
/// key account's KAM the department's number of days before or nearer (the installation's 3 without one; 0 = off), once
/// per occurrence; a yearly 29 February on the 28th in other years; on both engines.
/// </summary>
public abstract class DateRemindersTests(TestApp app)
{
    [Fact]
    public void The_29th_of_February_is_kept_on_the_28th_in_other_years()
    {
        Assert.Equal(new DateOnly(2025, 2, 28), ImportantDates.InYear(new DateOnly(2000, 2, 29), 2025));
        Assert.Equal(new DateOnly(2028, 2, 29), ImportantDates.InYear(new DateOnly(2000, 2, 29), 2028));
        Assert.Equal(new DateOnly(2026, 1, 2), ImportantDates.Next(new DateOnly(1990, 1, 2), new DateOnly(2025, 12, 30)));
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
        var reminders = app.App.Services.GetRequiredService<DateReminders>();
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

    [Fact]
    public async Task Own_dates_and_birthdays_reach_the_owner_and_the_KAM_by_the_departments_days_once_per_occurrence()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var seller = await dep.AddPersonAsync("farmer");
        var kam = await dep.AddPersonAsync("farmer");

        // The head sets 5 days for the department; a seller reads it and may not change it; bad numbers are refused by field.
        var set = await Expect<DateReminderDaysView>(await head.PutAsJsonAsync("/api/v1/notifications/date-reminders", new { days = 5 }), HttpStatusCode.OK);
        Assert.Equal((dep.Id, 5, false), (set.DepartmentId, set.Days, set.IsDefault));
        var asSeller = app.Client(seller.Token);
        Assert.Equal(5, (await asSeller.GetJson<DateReminderDaysView>("/api/v1/notifications/date-reminders")).Days);
        Assert.Equal(HttpStatusCode.Forbidden, (await asSeller.PutAsJsonAsync("/api/v1/notifications/date-reminders", new { days = 1 })).StatusCode);
        foreach (var (language, words) in new[] { ("ru", "от 0 до 60"), ("en", "from 0 to 60") })
        {
            var bad = await Problem(await app.Client(dep.HeadToken, language).PutAsJsonAsync("/api/v1/notifications/date-reminders", new { days = 61 }),
                HttpStatusCode.BadRequest);
            Assert.Equal(["days"], bad.ErrorFields());
            Assert.Contains(words, bad.GetProperty("errors").GetProperty("days")[0].GetString());
        }
        var other = await app.NewDepartmentAsync();
        // Another department's head does not see this one: refused by the field that names it, as any reference.
        var foreign = await Problem(await app.Client(other.HeadToken).PutAsJsonAsync("/api/v1/notifications/date-reminders",
            new { departmentId = dep.Id, days = 1 }), HttpStatusCode.BadRequest);
        Assert.Equal(["departmentId"], foreign.ErrorFields());

        Client company, contact;
        ClientDate anniversary, soon, edge, lastYear, later;
        await using (var db = app.OpenDb())
        {
            var at = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
            company = new Client { Name = "ООО «Юбилей» " + dep.Tag, OwnerId = seller.Id, IsKeyAccount = true, KamId = kam.Id, CreatedAt = at };
            db.Clients.Add(company);
            await db.SaveChangesAsync();
            contact = new Client
            {
                Name = "Мария Юбилеева " + dep.Tag, IsCompany = false, CompanyId = company.Id, Birthday = new DateOnly(1980, 3, 13), CreatedAt = at,
            };
            db.Clients.Add(contact);
            ClientDate Date(string title, DateOnly date, bool yearly) => new() { ClientId = company.Id, Title = title, Date = date, Yearly = yearly };
            anniversary = Date("Годовщина договора", new DateOnly(2019, 3, 14), true);
            soon = Date("Подписание допсоглашения", new DateOnly(2025, 3, 12), false);
            edge = Date("Запуск склада", new DateOnly(2025, 3, 15), false);
            lastYear = Date("Выставка", new DateOnly(2024, 3, 12), false);
            later = Date("День компании", new DateOnly(2010, 3, 20), true);
            db.AddRange(anniversary, soon, edge, lastYear, later);
            await db.SaveChangesAsync();
        }
        var reminders = app.App.Services.GetRequiredService<DateReminders>();
        async Task<List<(long UserId, string Link, string Text)>> Told()
        {
            await using var db = app.OpenDb();
            var links = new[] { $"/clients/{company.Id}", $"/clients/{contact.Id}" };
            return (await db.Notifications.Where(n => n.Kind == "birthday" && links.Contains(n.Link!)).OrderBy(n => n.Id)
                .Select(n => new { n.UserId, n.Link, n.Text }).ToListAsync()).Select(n => (n.UserId, n.Link!, n.Text)).ToList();
        }
        async Task<int> Rows()
        {
            await using var db = app.OpenDb();
            return await db.Set<DateReminder>().CountAsync(r => r.ClientId == company.Id || r.ClientId == contact.Id);
        }
        try
        {
            app.Clock.Set(new DateTimeOffset(2025, 3, 10, 9, 0, 0, TimeSpan.Zero)); // 12:00 in Moscow
            await reminders.RunOnceAsync();
            await reminders.RunOnceAsync();
            var told = await Told();
            // The anniversary (4 days), the agreement (2), the warehouse (5: the department's last day) and the contact's birthday (3),
            // each to the owner and the KAM; not last year's exhibition, not the company's day in 10 days.
            Assert.Equal(8, told.Count);
            Assert.Equal(4, await Rows());
            Assert.Equal(4, told.Count(n => n.UserId == seller.Id));
            Assert.Equal(4, told.Count(n => n.UserId == kam.Id));
            Assert.Contains(told, n => n.Text == $"«Годовщина договора» — ООО «Юбилей» {dep.Tag}: 14.03, через 4 дн.");
            Assert.Contains(told, n => n.Text.Contains("Запуск склада") && n.Text.Contains("15.03.2025"));
            Assert.Contains(told, n => n.Link == $"/clients/{contact.Id}" && n.Text.Contains("ООО «Юбилей»"));
            Assert.DoesNotContain(told, n => n.Text.Contains("Выставка") || n.Text.Contains("День компании"));

            // The head switches reminders off: the company's day two days away stays untold; back to 3 days, it is told.
            await Expect<DateReminderDaysView>(await head.PutAsJsonAsync("/api/v1/notifications/date-reminders", new { days = 0 }), HttpStatusCode.OK);
            app.Clock.Set(new DateTimeOffset(2025, 3, 18, 9, 0, 0, TimeSpan.Zero));
            await reminders.RunOnceAsync();
            Assert.Equal(8, (await Told()).Count);
            await Expect<DateReminderDaysView>(await head.PutAsJsonAsync("/api/v1/notifications/date-reminders", new { days = 3 }), HttpStatusCode.OK);
            await reminders.RunOnceAsync();
            await reminders.RunOnceAsync();
            told = await Told();
            Assert.Equal(10, told.Count);
            Assert.Contains(told, n => n.UserId == kam.Id && n.Text.Contains("День компании") && n.Text.Contains("20.03"));

            // A year on, the yearly ones again (the anniversary, the birthday) — once; the one-time dates never.
            await Expect<DateReminderDaysView>(await head.PutAsJsonAsync("/api/v1/notifications/date-reminders", new { days = 5 }), HttpStatusCode.OK);
            app.Clock.Set(new DateTimeOffset(2026, 3, 10, 9, 0, 0, TimeSpan.Zero));
            await reminders.RunOnceAsync();
            await reminders.RunOnceAsync();
            Assert.Equal(14, (await Told()).Count);
            Assert.Equal(7, await Rows());
        }
        finally { app.Clock.Reset(); }
    }

    [Fact]
    public async Task A_yearly_29th_of_February_comes_on_the_28th_and_a_department_without_a_number_has_the_installations_three_days()
    {
        var dep = await app.NewDepartmentAsync();
        var seller = await dep.AddPersonAsync("farmer");
        Client client;
        await using (var db = app.OpenDb())
        {
            client = new Client
            {
                Name = "ООО «Високос» " + dep.Tag, OwnerId = seller.Id, CreatedAt = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            };
            db.Clients.Add(client);
            await db.SaveChangesAsync();
            db.AddRange(new ClientDate { ClientId = client.Id, Title = "День компании", Date = new DateOnly(2020, 2, 29), Yearly = true },
                new ClientDate { ClientId = client.Id, Title = "Переезд офиса", Date = new DateOnly(2025, 3, 2), Yearly = false });
            await db.SaveChangesAsync();
        }
        var reminders = app.App.Services.GetRequiredService<DateReminders>();
        async Task<List<string>> Told()
        {
            await using var db = app.OpenDb();
            return await db.Notifications.Where(n => n.Link == $"/clients/{client.Id}" && n.UserId == seller.Id).OrderBy(n => n.Id)
                .Select(n => n.Text).ToListAsync();
        }
        try
        {
            app.Clock.Set(new DateTimeOffset(2025, 2, 26, 9, 0, 0, TimeSpan.Zero));
            await reminders.RunOnceAsync();
            await reminders.RunOnceAsync();
            // 28.02 is two days away; the move on 02.03 is four days away, past the installation's three.
            var told = await Told();
            Assert.Equal(["«День компании» — ООО «Високос» " + dep.Tag + ": 28.02, через 2 дн."], told);

            app.Clock.Set(new DateTimeOffset(2025, 2, 27, 9, 0, 0, TimeSpan.Zero));
            await reminders.RunOnceAsync();
            Assert.Equal(2, (await Told()).Count);
            Assert.Contains("02.03.2025", (await Told())[1]);

            app.Clock.Set(new DateTimeOffset(2028, 2, 29, 9, 0, 0, TimeSpan.Zero));
            await reminders.RunOnceAsync();
            told = await Told();
            Assert.Equal(3, told.Count);
            Assert.Equal("«День компании» — ООО «Високос» " + dep.Tag + ": сегодня, 29.02", told[2]);
        }
        finally { app.Clock.Reset(); }
    }
}

[Collection("sqlite")]
public sealed class DateRemindersTests_Sqlite(SqliteApp app) : DateRemindersTests(app);

[Collection("postgres")]
public sealed class DateRemindersTests_Postgres(PostgresApp app) : DateRemindersTests(app);
