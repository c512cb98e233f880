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

    public async Task OnGetAsync(CancellationToken ct) =>
        Items = await db.Notifications.AsNoTracking().Where(n => n.UserId == access.UserId).OrderByDescending(n => n.Id).Take(200)
            .Select(n => new NotificationView(n.Id, n.Kind, n.Text, n.Link, n.CreatedAt, n.ReadAt)).ToListAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await db.Notifications.Where(n => n.UserId == access.UserId && n.ReadAt == null).ExecuteUpdateAsync(s => s.SetProperty(x => x.ReadAt, db.UtcNow), ct);
        return RedirectToPage();
    }
}
