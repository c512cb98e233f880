using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Features.Deals;
using Otdel.Features.Leads;
using Otdel.Features.Organisation;

namespace Otdel.Features.Tasks;

/// <summary>
/// Each demo seller's day (issue 11): calls planned for today on their deals (a hunter's first one to a lead still
/// waiting for contact), a task and a meeting today, an e-mail promised yesterday and not sent (overdue), an urgent task
/// from the head for every other seller, and yesterday's call done — in Moscow time, as the demo's department works.
/// </summary>
public static class DemoTasks
{
    static readonly TimeSpan Moscow = TimeSpan.FromHours(3);

    public static async Task SeedAsync(IServiceProvider services, Department department, User head, CancellationToken ct)
    {
        var db = services.GetRequiredService<OtdelDb>();
        var now = db.UtcNow;
        var today = (now + Moscow).Date;
        var sellers = await db.Users.AsNoTracking().Where(u => u.DepartmentId == department.Id && (u.Position == Position.Hunter
            || u.Position == Position.Closer || u.Position == Position.KeyAccountManager || u.Position == Position.Farmer))
            .OrderBy(u => u.Id).ToListAsync(ct);
        var i = 0;
        foreach (var s in sellers)
        {
            var deals = await db.Deals.AsNoTracking().Where(d => d.OwnerId == s.Id && d.Status == DealStatus.Open).OrderBy(d => d.Id)
                .Select(d => new { d.Id, d.ClientId, d.Title }).Take(4).ToListAsync(ct);
            var waiting = await db.Leads.AsNoTracking().Where(l => l.OwnerId == s.Id && l.FirstContactAt == null && l.Status == LeadStatus.New)
                .OrderBy(l => l.ArrivedAt).Select(l => new { l.Id, l.Name }).FirstOrDefaultAsync(ct);
            WorkTask Task(string title, TaskKind kind, DateTime due, int deal, long? author = null, TaskPriority priority = TaskPriority.Normal)
            {
                var d = deals.Count == 0 ? null : deals[deal % deals.Count];
                var t = new WorkTask
                {
                    Title = title, Kind = kind, DueAt = due, Priority = priority, AssigneeId = s.Id, AuthorId = author ?? s.Id,
                    DealId = d?.Id, ClientId = d?.ClientId, CreatedAt = now.AddDays(-2),
                };
                db.Tasks.Add(t);
                return t;
            }
            if (waiting is not null)
            {
                var first = Task($"Связаться с новым лидом: {waiting.Name}", TaskKind.Call, Later(now, today, 10, 0, 0), 0);
                (first.DealId, first.ClientId, first.LeadId) = (null, null, waiting.Id);
            }
            Task("Позвонить ЛПР: уточнить бюджет", TaskKind.Call, Later(now, today, 11, 30, 1), 0);
            Task("Перезвонить по КП", TaskKind.Call, Later(now, today, 15, 0, 2), 1);
            Task("Подготовить коммерческое предложение", TaskKind.Task, Later(now, today, 17, 0, 3), 2, priority: TaskPriority.High);
            if (s.Position is Position.Closer or Position.KeyAccountManager)
                Task("Встреча с клиентом: презентация решения", TaskKind.Meeting, Later(now, today, 14, 0, 4), 3);
            Task("Отправить договор на согласование", TaskKind.Email, At(today.AddDays(-1), 16, 0), 1);
            if (i++ % 2 == 0)
                Task("Срочно: ответить клиенту по скидке", TaskKind.Task, Later(now, today, 12, 0, 5), 0, head.Id, TaskPriority.Urgent);
            var done = Task("Созвониться после выставки", TaskKind.Call, At(today.AddDays(-1), 11, 0), 3);
            (done.DoneAt, done.Result) = (At(today.AddDays(-1), 11, 20), "Клиент ждёт КП до пятницы");
        }
        await db.SaveChangesAsync(ct);
    }

    static DateTime At(DateTime moscowDay, int hour, int minute) =>
        DateTime.SpecifyKind(moscowDay.AddHours(hour).AddMinutes(minute) - Moscow, DateTimeKind.Utc);

    /// <summary>Today at that Moscow time, or — the time gone — a little later than now, still today: planned, not late.</summary>
    static DateTime Later(DateTime now, DateTime today, int hour, int minute, int slot)
    {
        var due = At(today, hour, minute);
        if (due > now) return due;
        var endOfDay = At(today, 23, 59);
        var soon = now.AddMinutes(30 + 20 * slot);
        return soon < endOfDay ? soon : endOfDay;
    }
}
