using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Features.Organisation;

namespace Otdel.Features.Activities;

/// <summary>
/// The demo department's last two weeks of work: calls (some unanswered), meetings, proposals, e-mails and notes on its
/// deals, by their owners in working hours — so the timelines and the activity report have something to show.
/// </summary>
public static class DemoActivities
{
    static readonly string[] CallTexts =
        ["Уточнили бюджет и сроки", "Договорились о встрече", "Перезвонить после обеда", "Обсудили КП", "ЛПР в отпуске до понедельника"];
    static readonly string[] NoteTexts = ["Просят скидку 5%", "Конкурент предложил дешевле", "Решение принимает финдиректор"];

    public static async Task SeedAsync(IServiceProvider services, Department department, CancellationToken ct)
    {
        var db = services.GetRequiredService<OtdelDb>();
        var now = db.UtcNow;
        var rnd = new Random(7);
        var deals = await db.Deals.AsNoTracking()
            .Join(db.Users.Where(u => u.DepartmentId == department.Id), d => d.OwnerId, u => u.Id, (d, u) => d)
            .OrderBy(d => d.Id).Select(d => new { d.Id, d.ClientId, d.OwnerId }).ToListAsync(ct);
        foreach (var d in deals)
        {
            for (var n = rnd.Next(1, 5); n > 0; n--)
            {
                // A weekday of the last two weeks, 09:00–18:00 Moscow (UTC+3).
                var day = now.Date.AddDays(-rnd.Next(0, 14));
                if (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) day = day.AddDays(-2);
                var at = day.AddHours(6 + rnd.Next(0, 9)).AddMinutes(rnd.Next(0, 60));
                if (at > now) at = now.AddMinutes(-rnd.Next(5, 120));
                var kind = rnd.Next(10) switch
                {
                    < 5 => ActivityKind.Call,
                    5 => ActivityKind.Meeting,
                    6 => ActivityKind.Proposal,
                    7 or 8 => ActivityKind.Email,
                    _ => ActivityKind.Note,
                };
                var a = new Activity { Kind = kind, At = at, AuthorId = d.OwnerId, DealId = d.Id, ClientId = d.ClientId, CreatedAt = at };
                switch (kind)
                {
                    case ActivityKind.Call:
                        a.Direction = rnd.Next(4) == 0 ? ActivityDirection.In : ActivityDirection.Out;
                        a.Result = rnd.Next(3) == 0 ? CallResult.NoAnswer : CallResult.Connected;
                        a.DurationSeconds = a.Result == CallResult.Connected ? rnd.Next(60, 900) : 0;
                        a.Text = a.Result == CallResult.Connected ? CallTexts[rnd.Next(CallTexts.Length)] : null;
                        break;
                    case ActivityKind.Meeting:
                        a.Format = rnd.Next(2) == 0 ? MeetingFormat.Online : MeetingFormat.InPerson;
                        a.DurationSeconds = 60 * 60;
                        a.Text = "Презентация решения";
                        break;
                    case ActivityKind.Proposal: a.Text = "Отправлено КП"; break;
                    case ActivityKind.Email: a.Direction = ActivityDirection.Out; a.Text = "Письмо с материалами"; break;
                    default: a.Text = NoteTexts[rnd.Next(NoteTexts.Length)]; break;
                }
                db.Activities.Add(a);
            }
        }
        await db.SaveChangesAsync(ct);
    }
}
