using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Features.Notifications;
using Otdel.Platform;

namespace Otdel.Features.Notifications.Pages;

public sealed class IndexModel(OtdelDb db, Access access, SaveDateReminderDays dateDays) : PageModel
{
    public List<NotificationView> Items { get; private set; } = [];
    public PreferencesView Preferences { get; private set; } = new([]);
    public bool Saved { get; private set; }
    /// <summary>The caller's department's days ahead for clients' dates (null: the caller belongs to no department).</summary>
    public DateReminderDaysView? DateDays { get; private set; }
    public bool MayChangeDateDays => DateDays is { } d && dateDays.MayChange(d.DepartmentId);
    public Failure? DateDaysRefused { get; private set; }
    public string? DaysTyped { get; private set; }
    public bool DateDaysSaved { get; private set; }

    public async Task OnGetAsync(bool? saved, bool? daysSaved, CancellationToken ct)
    {
        await LoadAsync(ct);
        Saved = saved == true;
        DateDaysSaved = daysSaved == true;
    }

    async Task LoadAsync(CancellationToken ct)
    {
        if (access.User?.DepartmentId is not null) DateDays = (await dateDays.ReadAsync(null, ct)).Value;
        Items = await db.Notifications.AsNoTracking().Where(n => n.UserId == access.UserId).OrderByDescending(n => n.Id).Take(200)
            .Select(n => new NotificationView(n.Id, n.Kind, n.Text, n.Link, n.CreatedAt, n.ReadAt)).ToListAsync(ct);
        Preferences = await NotificationPreferences.ReadAsync(db, access.UserId, ct);
    }

    /// <summary>A head sets their department's days ahead; a refusal shows what was typed by the field.</summary>
    public async Task<IActionResult> OnPostDateDaysAsync(string? days, int? version, [FromServices] Errors errors, CancellationToken ct)
    {
        int? n = int.TryParse(days?.Trim(), out var parsed) ? parsed : null;
        var outcome = n is null && !string.IsNullOrWhiteSpace(days)
            ? errors.Add("days", "Notifications.Dates.DaysRange", DateReminderDays.Max).ToFailure()
            : (await dateDays.SaveAsync(new DateReminderDaysInput(null, n, version), ct)).Failure;
        if (outcome is null) return RedirectToPage(new { daysSaved = true });
        if (outcome.Status is 403 or 404) return StatusCode(outcome.Status);
        await LoadAsync(ct);
        DateDaysRefused = outcome;
        DaysTyped = days;
        Response.StatusCode = outcome.Status;
        return Page();
    }

    /// <summary>The form sends the kinds ticked in each column; every kind is set (an unticked box is not sent).</summary>
    public async Task<IActionResult> OnPostPreferencesAsync(string[] inApp, string[] email, CancellationToken ct)
    {
        var kinds = NotificationKinds.All.Select(k => new PreferenceInput(k, inApp.Contains(k), email.Contains(k))).ToList();
        await NotificationPreferences.SaveAsync(db, access.UserId, new PreferencesInput(kinds), ct);
        return RedirectToPage(new { saved = true });
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await db.Notifications.Where(n => n.UserId == access.UserId && n.ReadAt == null).ExecuteUpdateAsync(s => s.SetProperty(x => x.ReadAt, db.UtcNow), ct);
        return RedirectToPage();
    }
}
