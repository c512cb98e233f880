using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Otdel.Data;
using Otdel.Platform;

namespace Otdel.Features.Organisation.Pages;

/// <summary>Команда: the structure as a tree (department → teams → people) or as reporting lines.</summary>
public sealed class IndexModel(OtdelDb db, Access access) : PageModel
{
    public Structure S { get; private set; } = null!;
    [BindProperty(SupportsGet = true)] public string? View { get; set; }
    /// <summary>A person or team just added, highlighted so the head sees where they landed.</summary>
    [BindProperty(SupportsGet = true)] public long? Added { get; set; }
    [BindProperty(SupportsGet = true)] public long? AddedTeam { get; set; }
    public bool Lines => View == "lines";
    public bool CanManage => access.CanManagePeople;
    public bool SeesAll => access.Scope == Scope.All;

    public async Task OnGetAsync(CancellationToken ct) => S = await Structure.LoadAsync(db, access, ct);
}

public sealed record PersonLine(Structure S, PersonRow P, bool IsLead, bool Highlight, bool ShowTeam = false);
public sealed record LineNode(Structure S, PersonRow P, HashSet<long> Seen);
