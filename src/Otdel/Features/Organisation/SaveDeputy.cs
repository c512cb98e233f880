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
public sealed class SaveDeputy(OtdelDb db, Access access, Errors errors, Problems problems)
{
    public async Task<Outcome<DeputyView>> Create(DeputyInput input, CancellationToken ct = default)
    {
        if (!access.CanManagePeople && access.User?.Id != input.PrincipalId) return problems.Forbidden();
        if (input.PrincipalId is not { } principal || !await db.Users.AnyAsync(u => u.Id == principal, ct)) errors.Add("principalId", "Error.NoSuchUser");
        if (input.DeputyId is not { } deputy || !await db.Users.AnyAsync(u => u.Id == deputy, ct)) errors.Add("deputyId", "Error.NoSuchUser");
        else if (deputy == input.PrincipalId) errors.Add("deputyId", "Error.DeputySelf");
        if (input.From is null) errors.Add("from", "Error.Required");
        if (input.To is null) errors.Add("to", "Error.Required");
        else if (input.From is { } f && input.To < f) errors.Add("to", "Error.DateOrder");
        errors.MaxLength("reason", input.Reason, 200);
        if (errors.Any) return errors.ToFailure();
        var d = new Deputy { PrincipalId = input.PrincipalId!.Value, DeputyId = input.DeputyId!.Value, From = input.From!.Value, To = input.To!.Value, Reason = input.Reason?.Trim() };
        db.Deputies.Add(d);
        await db.SaveChangesAsync(ct);
        return DeputyView.Of(d);
    }

    public async Task<Outcome<bool>> Delete(long id, CancellationToken ct = default)
    {
        var d = await db.Deputies.FirstOrDefaultAsync(x => x.Id == id, ct);
        if (d is null) return problems.NotFound();
        if (!access.CanManagePeople && access.User?.Id != d.PrincipalId) return problems.Forbidden();
        db.Deputies.Remove(d);
        await db.SaveChangesAsync(ct);
        return true;
    }
}
