using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Features.Notifications;
using Otdel.Platform;

namespace Otdel.Features.Notifications.Pages;

public sealed class IndexModel(OtdelDb db, Access access) : PageModel
{
    public List<NotificationView> Items { get; private set; } = [];
    public PreferencesView Preferences { get; private set; } = new([]);
    public bool Saved { get; private set; }

    public async Task OnGetAsync(bool? saved, CancellationToken ct)
    {
        Items = await db.Notifications.AsNoTracking().Where(n => n.UserId == access.UserId).OrderByDescending(n => n.Id).Take(200)
            .Select(n => new NotificationView(n.Id, n.Kind, n.Text, n.Link, n.CreatedAt, n.ReadAt)).ToListAsync(ct);
        Preferences = await NotificationPreferences.ReadAsync(db, access.UserId, ct);
        Saved = saved == true;
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
