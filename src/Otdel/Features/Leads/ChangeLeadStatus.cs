using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Platform;

namespace Otdel.Features.Leads;

/// <summary>
/// Moves a lead along new → MQL → SQL, or disqualifies it with a reason. Qualification only goes forward (a step back
/// is refused); a disqualified lead may be taken back at any status but converted; a converted lead stays converted,
/// and converting is <see cref="ConvertLead"/>'s alone (it opens the deal).
/// </summary>
public sealed class ChangeLeadStatus(OtdelDb db, Access access, Errors errors, Problems problems)
{
    public async Task<Outcome<LeadView>> Run(long id, LeadStatusInput input, CancellationToken ct = default)
    {
        var l = await db.Leads.VisibleTo(access).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (l is null) return problems.NotFound();
        if (input.Version is null) return errors.Add("version", "Error.Required").ToFailure();
        if (input.Version != l.Version) return problems.Stale(LeadView.Of(l));
        if (string.IsNullOrWhiteSpace(input.Status)) return errors.Add("status", "Error.Required").ToFailure();
        if (LeadRules.StatusOf(input.Status) is not { } to) return errors.Add("status", "Error.BadValue").ToFailure();
        var reason = LeadRules.Text("reason", input.Reason, 500, errors);
        if (errors.Any) return errors.ToFailure();
        if (Refusal(l.Status, to, reason) is { } key) return errors.Add(key == "Leads.ReasonRequired" ? "reason" : "status", key).ToFailure();
        if (to == l.Status && to != LeadStatus.Disqualified) return LeadView.Of(l);
        l.Status = to;
        l.DisqualifyReason = to == LeadStatus.Disqualified ? reason : null;
        return await UpdateLead.SaveAsync(db, problems, l, id, ct);
    }

    /// <summary>Why a lead may not go from one status to another (a text key), or null when it may.</summary>
    public static string? Refusal(LeadStatus from, LeadStatus to, string? reason)
    {
        if (from == LeadStatus.Converted) return "Leads.AlreadyConverted";
        if (to == LeadStatus.Converted) return "Leads.ConvertByConvert";
        if (to == LeadStatus.Disqualified) return reason is null ? "Leads.ReasonRequired" : null;
        if (from == LeadStatus.Disqualified) return null;
        return to < from ? "Leads.NoStepBack" : null;
    }
}
