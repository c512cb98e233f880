using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Otdel.Data;
using Otdel.Platform;
using Otdel.Resources;

namespace Otdel.Features.Leads.Pages;

/// <summary>
/// The lead card: contact, channel, campaign and UTM tags, arrival and response time, what it looks like, and the actions
/// of qualification — first contact, status (with a reason to disqualify), conversion to a deal in a chosen pipeline.
/// Each action goes through the API's use case; a refusal shows by its field, the page's own address back in the bar.
/// </summary>
public sealed class LeadModel(OtdelDb db, Access access, WorkCalendar calendar, IStringLocalizer<Text> t, LeadScores scores) : PageModel
{
    public Lead L { get; private set; } = null!;
    public string? ChannelName { get; private set; }
    public string? OwnerName { get; private set; }
    public string? DuplicateLeadName { get; private set; }
    public string? DuplicateClientName { get; private set; }
    public string? ClientName { get; private set; }
    public List<(long Id, string Name)> Pipelines { get; private set; } = [];
    /// <summary>The rules the lead is scored by (null: the department keeps none), and what it scores by them now.</summary>
    public LeadScoring? Rules { get; private set; }
    public LeadScore? Score { get; private set; }
    public Failure? Failure { get; private set; }
    public string? Refused { get; private set; }
    public string? Notice { get; private set; }
    public TimeZoneInfo Zone => calendar.Zone;

    public async Task<IActionResult> OnGetAsync(long id, string? done, CancellationToken ct)
    {
        if (!await Load(id, ct)) return NotFound();
        if (done is not null && t["Leads.Done." + done] is { ResourceNotFound: false } text) Notice = text.Value;
        return Page();
    }

    public async Task<IActionResult> OnPostContactedAsync(long id, int? version, [FromServices] UpdateLead update, CancellationToken ct)
    {
        var input = new LeadInput { FirstContactAt = db.UtcNow, Version = version };
        var outcome = await update.Run(id, input, input.Sent, ct);
        return outcome.Ok ? Redirect($"/leads/{id}?done=contacted") : await Refuse(id, "contacted", outcome.Failure!, ct);
    }

    public async Task<IActionResult> OnPostStatusAsync(long id, string? status, string? reason, int? version, [FromServices] ChangeLeadStatus change,
        CancellationToken ct)
    {
        var outcome = await change.Run(id, new LeadStatusInput(status, reason, version), ct);
        return outcome.Ok ? Redirect($"/leads/{id}?done=status") : await Refuse(id, "status", outcome.Failure!, ct);
    }

    public async Task<IActionResult> OnPostConvertAsync(long id, long? pipelineId, string? amount, int? version, [FromServices] ConvertLead convert,
        CancellationToken ct)
    {
        decimal? money = null;
        if (!string.IsNullOrWhiteSpace(amount))
        {
            if (!RuInput.TryParseMoney(amount, out var m))
                return await Refuse(id, "convert", new Failure(400, t["Error.Validation"],
                    new Dictionary<string, string[]> { ["amount"] = [t["Error.BadValue"]] }), ct);
            money = m;
        }
        var outcome = await convert.Run(id, new ConvertInput(pipelineId, null, money, version), ct);
        return outcome.Ok ? Redirect($"/deals/{outcome.Value!.Id}") : await Refuse(id, "convert", outcome.Failure!, ct);
    }

    async Task<IActionResult> Refuse(long id, string what, Failure failure, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        if (!await Load(id, ct)) return NotFound();
        Refused = what;
        Failure = failure;
        Response.StatusCode = failure.Status;
        return Page();
    }

    public string? ErrorFor(string form, string field) => Refused == form ? Failure?.For(field) : null;

    async Task<bool> Load(long id, CancellationToken ct)
    {
        var l = await db.Leads.VisibleTo(access).AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (l is null) return false;
        L = l;
        ChannelName = await db.Channels.VisibleTo(access).Where(c => c.Id == l.ChannelId).Select(c => c.Name).FirstOrDefaultAsync(ct);
        OwnerName = await db.Users.Where(u => u.Id == l.OwnerId).Select(u => u.FullName).FirstOrDefaultAsync(ct);
        DuplicateLeadName = await db.Leads.VisibleTo(access).Where(x => x.Id == l.DuplicateOfLeadId).Select(x => x.Name).FirstOrDefaultAsync(ct);
        DuplicateClientName = await db.Clients.VisibleTo(access).Where(x => x.Id == l.DuplicateOfClientId).Select(x => x.Name).FirstOrDefaultAsync(ct);
        ClientName = await db.Clients.VisibleTo(access).Where(x => x.Id == l.ClientId).Select(x => x.Name).FirstOrDefaultAsync(ct);
        Rules = await scores.RulesOfOwnerAsync(l.OwnerId, ct);
        Score = await scores.ScoreAsync(l, Rules, ct);
        Pipelines = (await db.Pipelines.VisibleTo(access).AsNoTracking().Where(p => !p.IsArchived).OrderBy(p => p.Name).Select(p => new { p.Id, p.Name })
            .ToListAsync(ct)).Select(p => (p.Id, p.Name)).ToList();
        return true;
    }
}
