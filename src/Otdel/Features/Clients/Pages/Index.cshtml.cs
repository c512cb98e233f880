using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Otdel.Data;
using Otdel.Platform;
using Otdel.Resources;

namespace Otdel.Features.Clients.Pages;

public sealed record ClientRow(long Id, string Name, bool IsCompany, bool IsDecisionMaker, long? CompanyId, string? CompanyName, string? Inn,
    string? Phone, string? Email, string? OwnerName, bool IsKeyAccount = false, string? KamName = null);

/// <summary>The client base: every client the caller sees, searched by name, phone in any format, e-mail or INN.</summary>
public sealed class IndexModel(OtdelDb db, Access access, IStringLocalizer<Text> t) : PageModel
{
    public const int Shown = 200;
    [FromQuery(Name = "q")] public string? Q { get; set; }
    [FromQuery(Name = "kind")] public string? Kind { get; set; }
    /// <summary>"1": key accounts only (with their KAM).</summary>
    [FromQuery(Name = "key")] public string? Key { get; set; }
    public List<ClientRow> Rows { get; private set; } = [];
    public int Total { get; private set; }
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (Q is { Length: > ClientsApi.MaxQuery })
        {
            Error = t["Error.TooLong", ClientsApi.MaxQuery];
            return;
        }
        var found = db.Clients.VisibleTo(access).AsNoTracking();
        if (!string.IsNullOrWhiteSpace(Q)) found = found.Matching(Q);
        if (Kind == "company") found = found.Where(c => c.IsCompany);
        else if (Kind == "person") found = found.Where(c => !c.IsCompany);
        if (Key == "1") found = found.Where(c => c.IsKeyAccount);
        Total = await found.CountAsync(ct);
        var clients = db.Clients;
        var rows = await found.OrderBy(c => c.NameKey).ThenBy(c => c.Id).Take(Shown)
            .Select(c => new
            {
                c.Id, c.Name, c.IsCompany, c.IsDecisionMaker, c.CompanyId, c.Inn, c.Phone, c.Email, c.IsKeyAccount,
                Kam = db.Users.Where(u => u.Id == c.KamId).Select(u => u.FullName).FirstOrDefault(),
                Company = clients.Where(x => x.Id == c.CompanyId).Select(x => x.Name).FirstOrDefault(),
                Owner = db.Users.Where(u => u.Id == c.OwnerId).Select(u => u.FullName).FirstOrDefault(),
            }).ToListAsync(ct);
        Rows = rows.Select(r => new ClientRow(r.Id, r.Name, r.IsCompany, r.IsDecisionMaker, r.CompanyId, r.Company, r.Inn, r.Phone, r.Email, r.Owner,
            r.IsKeyAccount, r.Kam)).ToList();
    }
}
