using System.Globalization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Features.Deals;
using Otdel.Features.Notifications;
using Otdel.Platform;

namespace Otdel.Features.MyDay.Pages;

/// <summary>My day: what needs attention now — overdue deals first, then the deals in work and fresh notifications.</summary>
public sealed class IndexModel(OtdelDb db, Access access, TimeProvider clock, WorkCalendar calendar, LocalTime local) : PageModel
{
    public string FirstName => access.User!.FullName.Split(' ')[0];
    public string Today => TimeZoneInfo.ConvertTime(clock.GetUtcNow(), local.Zone).ToString("dddd, d MMMM yyyy", CultureInfo.CurrentCulture);
    /// <summary>For heads and team leads: one line per seller, each figure a link to the deals behind it.</summary>
    public List<SellerRow> SellerRows { get; private set; } = [];
    public int OpenCount { get; private set; }
    public decimal OpenSum { get; private set; }
    public int OverdueCount { get; private set; }
    public List<Row> Overdue { get; private set; } = [];
    public List<NotificationView> Fresh { get; private set; } = [];
    public bool SeesOthers => access.Scope != Scope.Own;

    /// <summary>The caller's leads still waiting for a first contact, longest first.</summary>
    public List<WaitingLead> Waiting { get; private set; } = [];
    public int WaitingCount { get; private set; }
    /// <summary>Birthdays and important dates of the caller's clients in the next <see cref="UpcomingDays"/> days.</summary>
    public List<Clients.UpcomingDate> Upcoming { get; private set; } = [];
    public int UpcomingCount { get; private set; }
    public const int UpcomingDays = 30;

    public sealed record WaitingLead(long Id, string Name, string? Company, string? Source, DateTime ArrivedAt);

    public sealed record Row(long Id, string Title, string? Client, decimal Amount, string Currency, string Stage, string Owner, DateTime? DueAt);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var now = db.UtcNow;
        var deals = db.Deals.VisibleTo(access).AsNoTracking();
        if (!SeesOthers) deals = deals.Where(d => d.OwnerId == access.UserId);
        var open = deals.Where(d => d.Status == DealStatus.Open);
        OpenCount = await open.CountAsync(ct);
        OpenSum = OpenCount == 0 ? 0 : await open.SumAsync(d => d.Amount, ct);
        var overdue = deals.OverdueAt(now);
        OverdueCount = await overdue.CountAsync(ct);
        Overdue = await overdue.OrderBy(d => d.StageDueAt).Take(10)
            .Join(db.Stages, d => d.StageId, s => s.Id, (d, s) => new { d, s.Name })
            .Join(db.Users, x => x.d.OwnerId, u => u.Id, (x, u) => new Row(x.d.Id, x.d.Title, x.d.ClientName, x.d.Amount, x.d.Currency, x.Name, u.FullName, x.d.StageDueAt))
            .ToListAsync(ct);
        var waiting = db.Leads.VisibleTo(access).AsNoTracking().Where(l => l.OwnerId == access.UserId && l.FirstContactAt == null
            && (l.Status == Leads.LeadStatus.New || l.Status == Leads.LeadStatus.Mql || l.Status == Leads.LeadStatus.Sql));
        WaitingCount = await waiting.CountAsync(ct);
        Waiting = WaitingCount == 0 ? [] : await waiting.OrderBy(l => l.ArrivedAt).Take(10)
            .Select(l => new WaitingLead(l.Id, l.Name, l.Company, l.Source, l.ArrivedAt)).ToListAsync(ct);
        if (SeesOthers) SellerRows = await Sellers.OfAsync(db, access, calendar, ct);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(now, local.Zone));
        (Upcoming, UpcomingCount) = await Clients.UpcomingDates.ForAsync(db, access, today, UpcomingDays, 10, ct);
        Fresh = await db.Notifications.AsNoTracking().Where(n => n.UserId == access.UserId && n.ReadAt == null)
            .OrderByDescending(n => n.Id).Take(5)
            .Select(n => new NotificationView(n.Id, n.Kind, n.Text, n.Link, n.CreatedAt, n.ReadAt)).ToListAsync(ct);
    }

    /// <summary>How long a lead has waited, by the clock: "40 мин", "2 ч 15 мин", "3 дн.".</summary>
    public string WaitedFor(DateTime arrived, Microsoft.Extensions.Localization.IStringLocalizer t)
    {
        var waited = db.UtcNow - arrived;
        return waited.TotalMinutes < 60 ? t["MyDay.WaitedMinutes", Math.Max(0, (int)waited.TotalMinutes)]
            : waited.TotalHours < 24 ? t["MyDay.WaitedHours", (int)waited.TotalHours, waited.Minutes]
            : t["MyDay.WaitedDays", (int)waited.TotalDays];
    }

    /// <summary>"просрочено на 3 ч" / "overdue by 2 d".</summary>
    public string OverdueBy(DateTime due, Microsoft.Extensions.Localization.IStringLocalizer t)
    {
        var late = db.UtcNow - due;
        return late.TotalHours < 24 ? t["MyDay.OverdueHours", Math.Max(1, (int)late.TotalHours)] : t["MyDay.OverdueDays", (int)late.TotalDays];
    }
}
