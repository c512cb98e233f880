using Otdel.Data;
using Otdel.Features.Leads;
using Otdel.Features.Tasks;
using Otdel.Platform;

namespace Otdel.Features.Activities;

/// <summary>
/// Logs what happened with a client: on a deal the caller may change, a client or a lead they see (a deal gives its
/// client, a converted lead its client). The first contact with a lead (anything but a note) sets the lead's
/// first-contact moment when it has none — the response time is measured by it. Also records the call, meeting or
/// e-mail a completed task stood for (<see cref="ITaskCompletion"/>), in the completion's save.
/// </summary>
public sealed class LogActivity(OtdelDb db, Access access, Errors errors, References refs, LocalTime local) : ITaskCompletion
{
    public async Task<Outcome<ActivityView>> CreateAsync(ActivityInput input, CancellationToken ct = default)
    {
        var now = db.UtcNow;
        var a = new Activity { AuthorId = access.UserId, CreatedAt = now };
        ActivityRules.Apply(a, input, now, local.Zone, errors);
        var lead = await LinksAsync(a, input, ct);
        if (errors.Any) return errors.ToFailure();
        if (lead is not null && ActivityRules.IsContact(a.Kind) && lead.FirstContactAt is null)
            lead.FirstContactAt = a.At < lead.ArrivedAt ? lead.ArrivedAt : a.At;
        db.Activities.Add(a);
        await db.SaveChangesAsync(ct);
        return ActivityView.Of(a);
    }

    async Task<Lead?> LinksAsync(Activity a, ActivityInput input, CancellationToken ct)
    {
        if (input.DealId is null && input.ClientId is null && input.LeadId is null)
        {
            errors.Add("dealId", "Activities.NoSubject");
            return null;
        }
        if (input.DealId is { } dealId && await refs.DealAsync(dealId, "dealId", ct) is { } deal)
        {
            a.DealId = deal.Id;
            a.ClientId = deal.ClientId;
        }
        if (input.ClientId is { } clientId && await refs.ClientAsync(clientId, "clientId", ct) is not null) a.ClientId = clientId;
        Lead? lead = null;
        if (input.LeadId is { } leadId && (lead = await refs.LeadAsync(leadId, "leadId", ct)) is not null)
        {
            a.LeadId = lead.Id;
            if (input.ClientId is null && a.ClientId is null) a.ClientId = lead.ClientId;
        }
        return lead;
    }

    /// <summary>
    /// A completed call, meeting or e-mail task leaves the activity it stood for, by whoever completed it, now — also one
    /// about nobody in particular: the report counts it all the same.
    /// </summary>
    public async Task CompletedAsync(WorkTask task, string? callResult, CancellationToken ct)
    {
        CallResult? outcome = null;
        if (!string.IsNullOrWhiteSpace(callResult))
        {
            if (task.Kind != TaskKind.Call) { errors.Add("callResult", "Activities.NoResult"); return; }
            if (ActivityRules.Word<CallResult>(callResult) is { } parsed) outcome = parsed;
            else { errors.Add("callResult", "Activities.BadResult"); return; }
        }
        ActivityKind? kind = task.Kind switch
        {
            TaskKind.Call => ActivityKind.Call,
            TaskKind.Meeting => ActivityKind.Meeting,
            TaskKind.Email => ActivityKind.Email,
            _ => null,
        };
        if (kind is not { } k) return;
        var text = task.Result is { } r ? task.Title + ": " + r : task.Title;
        db.Activities.Add(new Activity
        {
            Kind = k,
            Direction = k == ActivityKind.Meeting ? null : ActivityDirection.Out,
            Result = outcome,
            At = task.DoneAt ?? db.UtcNow,
            Text = text.Length > ActivityRules.MaxText ? text[..ActivityRules.MaxText] : text,
            AuthorId = access.UserId,
            DealId = task.DealId,
            ClientId = task.ClientId,
            LeadId = task.LeadId,
            TaskId = task.Id,
            CreatedAt = db.UtcNow,
        });
        // A call, meeting or e-mail to a lead that nobody had contacted yet is its first contact.
        if (task.LeadId is { } leadId && await db.Leads.FindAsync([leadId], ct) is { FirstContactAt: null } lead)
            lead.FirstContactAt = task.DoneAt is { } done && done > lead.ArrivedAt ? done : lead.ArrivedAt;
    }
}
