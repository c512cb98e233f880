using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Platform;

namespace Otdel.Features.Organisation;

public sealed record DeputyInput(long? PrincipalId, long? DeputyId, DateOnly? From, DateOnly? To, string? Reason);
public sealed record DeputyView(long Id, long PrincipalId, long DeputyId, DateOnly From, DateOnly To, string? Reason)
{
    public static DeputyView Of(Deputy d) => new(d.Id, d.PrincipalId, d.DeputyId, d.From, d.To, d.Reason);
}

/// <summary>Names who acts for an absent person over a date range; while it runs the deputy sees what the principal sees.</summary>
public sealed class SaveDeputy(OtdelDb db, Access access, Errors errors, Problems problems, References refs)
{
    public async Task<Outcome<DeputyView>> Create(DeputyInput input, CancellationToken ct = default)
    {
        if (input.PrincipalId is not { } principal) errors.Add("principalId", "Error.Required");
        else if (await refs.PersonAsync(principal, "principalId", ct) is not null
                 && principal != access.User?.Id && !(access.CanManagePeople && access.CanSee(principal)))
            return problems.Forbidden(); // a head names deputies for the people they manage; anyone else only for themselves
        if (input.DeputyId is not { } deputy) errors.Add("deputyId", "Error.NoSuchUser");
        else if (deputy == input.PrincipalId) errors.Add("deputyId", "Error.DeputySelf");
        else await refs.PersonAsync(deputy, "deputyId", ct);
        if (input.From is null) errors.Add("from", "Error.Required");
        else errors.Date("from", input.From);
        if (input.To is null) errors.Add("to", "Error.Required");
        else if (input.From is { } f && input.To < f) errors.Add("to", "Error.DateOrder");
        else errors.Date("to", input.To);
        errors.MaxLength("reason", input.Reason, 200);
        if (errors.Any) return errors.ToFailure();
        var d = new Deputy { PrincipalId = input.PrincipalId!.Value, DeputyId = input.DeputyId!.Value, From = input.From!.Value, To = input.To!.Value, Reason = input.Reason?.Trim() };
        db.Deputies.Add(d);
        await db.SaveChangesAsync(ct);
        return DeputyView.Of(d);
    }

    public async Task<Outcome<bool>> Delete(long id, CancellationToken ct = default)
    {
        var d = await db.Deputies.VisibleTo(access).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (d is null) return problems.NotFound();
        if (!access.CanManagePeople && access.User?.Id != d.PrincipalId) return problems.Forbidden();
        db.Deputies.Remove(d);
        await db.SaveChangesAsync(ct);
        return true;
    }
}
