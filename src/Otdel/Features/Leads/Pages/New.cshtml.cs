using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Features.Organisation;
using Otdel.Platform;

namespace Otdel.Features.Leads.Pages;

/// <summary>What the new-lead form holds, as typed.</summary>
public sealed class LeadForm
{
    public string? Name { get; set; }
    public string? Company { get; set; }
    public string? Position { get; set; }
    public string? CompanySize { get; set; }
    public string? Phone { get; set; }
    public string? Email { get; set; }
    public long? ChannelId { get; set; }
    public string? Campaign { get; set; }
    public string? Comment { get; set; }
    public long? OwnerId { get; set; }
    public bool AllowDuplicate { get; set; }

    public LeadInput ToInput() => new()
    {
        Name = Name, Company = Company, Position = Position, CompanySize = CompanySize, Phone = Phone, Email = Email, ChannelId = ChannelId,
        Campaign = Campaign, Comment = Comment, OwnerId = OwnerId, AllowDuplicate = AllowDuplicate ? true : null,
    };
}

/// <summary>
/// A lead typed by hand (a call, a meeting at an exhibition), through <see cref="CreateLead"/>: scored by the department's
/// rules on the way in; a look-alike of a lead or client the caller has is shown with a link and an explicit «add anyway».
/// </summary>
public sealed class NewModel(OtdelDb db, Access access) : PageModel
{
    public LeadForm Form { get; private set; } = new();
    public Failure? Failure { get; private set; }
    public List<(long Id, string Name)> Channels { get; private set; } = [];
    public List<(long Id, string Name)> People { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Form.OwnerId = access.UserId;
        await Load(ct);
    }

    public async Task<IActionResult> OnPostAsync([FromForm] LeadForm form, [FromServices] CreateLead create, CancellationToken ct)
    {
        var outcome = await create.Run(form.ToInput(), ct);
        if (outcome.Ok) return Redirect($"/leads/{outcome.Value!.Id}");
        db.ChangeTracker.Clear();
        Form = form;
        Failure = outcome.Failure;
        Response.StatusCode = Failure!.Status;
        await Load(ct);
        return Page();
    }

    public string? ErrorFor(string field) => Failure?.For(field);

    public IEnumerable<LeadMatch> Matches => Failure?.Extensions?["duplicateOf"] as IEnumerable<LeadMatch> ?? [];

    async Task Load(CancellationToken ct)
    {
        Channels = (await db.Channels.VisibleTo(access).AsNoTracking().Where(c => !c.IsArchived).OrderBy(c => c.Name).Select(c => new { c.Id, c.Name })
            .ToListAsync(ct)).Select(c => (c.Id, c.Name)).ToList();
        People = await Assignable.PeopleAsync(db, access, ct);
    }
}
