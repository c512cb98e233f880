using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Features.Organisation;
using Otdel.Platform;

namespace Otdel.Features.Demo;

/// <summary>A demo department for `./otdel serve --demo`: written only into an empty database.</summary>
public static class DemoData
{
    public const string Email = "rop@demo.otdel.ru";
    public const string Password = "demo-otdel";

    public static async Task<bool> SeedAsync(IServiceProvider services, CancellationToken ct = default)
    {
        var db = services.GetRequiredService<OtdelDb>();
        if (await db.Users.AnyAsync(ct)) return false;
        var now = db.UtcNow;

        var dep = new Department { Name = "Отдел продаж", CreatedAt = now };
        db.Departments.Add(dep);
        await db.SaveChangesAsync(ct);

        User Person(string name, string email, Position p, long? boss = null) =>
            new() { FullName = name, Email = email, EmailKey = email, Position = p, DepartmentId = dep.Id, ManagerId = boss, CreatedAt = now };
        async Task<User> Add(User u)
        {
            u.PasswordHash = SaveUser.HashPassword(u, Password);
            db.Users.Add(u);
            await db.SaveChangesAsync(ct);
            return u;
        }

        var director = await Add(Person("Виктор Сергеевич Орлов", "orlov@demo.otdel.ru", Position.CommercialDirector));
        var head = await Add(Person("Анна Петровна Соколова", Email, Position.HeadOfSales, director.Id));
        dep.HeadId = head.Id;
        var newSales = new Team { Name = "Новые продажи", DepartmentId = dep.Id, CreatedAt = now };
        var accounts = new Team { Name = "Работа с клиентами", DepartmentId = dep.Id, CreatedAt = now };
        db.Teams.AddRange(newSales, accounts);
        await db.SaveChangesAsync(ct);

        var closer1 = await Add(WithTeam(Person("Дмитрий Игоревич Волков", "volkov@demo.otdel.ru", Position.Closer, head.Id), newSales));
        newSales.LeadId = closer1.Id;
        var people = new List<User>
        {
            Person("Мария Андреевна Лебедева", "lebedeva@demo.otdel.ru", Position.Hunter, closer1.Id),
            Person("Игорь Николаевич Кузнецов", "kuznetsov@demo.otdel.ru", Position.Hunter, closer1.Id),
            Person("Елена Викторовна Морозова", "morozova@demo.otdel.ru", Position.Closer, closer1.Id),
            Person("Сергей Александрович Новиков", "novikov@demo.otdel.ru", Position.Closer, closer1.Id),
        };
        foreach (var p in people) { p.TeamId = newSales.Id; await Add(p); }
        var kam = await Add(WithTeam(Person("Ольга Дмитриевна Павлова", "pavlova@demo.otdel.ru", Position.KeyAccountManager, head.Id), accounts));
        accounts.LeadId = kam.Id;
        await Add(WithTeam(Person("Алексей Павлович Смирнов", "smirnov@demo.otdel.ru", Position.Farmer, kam.Id), accounts));
        await Add(WithTeam(Person("Татьяна Юрьевна Фёдорова", "fedorova@demo.otdel.ru", Position.Farmer, kam.Id), accounts));
        await Add(Person("Наталья Олеговна Козлова", "kozlova@demo.otdel.ru", Position.Coordinator, head.Id));
        await db.SaveChangesAsync(ct);

        await DemoDeals.SeedAsync(services, dep, ct);
        await DemoPlans.SeedAsync(services, dep, head, newSales, ct);
        await DemoLeads.SeedAsync(services, dep, head, ct);
        await Activities.DemoActivities.SeedAsync(services, dep, ct);
        await Tasks.DemoTasks.SeedAsync(services, dep, head, ct);
        await DemoClientBase.SeedAsync(services, dep, ct);
        await Payments.DemoPayments.SeedAsync(services, dep, ct);
        return true;
    }

    static User WithTeam(User u, Team t) { u.TeamId = t.Id; return u; }
}
