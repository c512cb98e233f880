using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Platform;

namespace Otdel.Features.Clients;

/// <summary>What a head sends to mark a client as a key account: its KAM (blank: the client's owner).</summary>
public sealed record KeyAccountInput(long? KamId);

/// <summary>Several clients marked at once (the A class of the ABC analysis), each with the same KAM or its own owner.</summary>
public sealed record KeyAccountsInput(List<long>? ClientIds, long? KamId);

public sealed record KeyAccountsResult(int Marked, IReadOnlyList<ClientView> Clients);

/// <summary>
/// Marks a company or a private client as a key account and names its key account manager (КАМ), or takes the mark off.
/// Heads of sales and company-wide roles do it, for clients they see; the KAM is an active person of the directory they
/// see (the KAM then sees the client through <see cref="Visibility"/>). A contact person is marked through its company.
/// </summary>
public sealed class MarkKeyAccount(OtdelDb db, Access access, Errors errors, Problems problems, References refs)
{
    public const int MaxAtOnce = 500;

    public async Task<Outcome<ClientView>> MarkAsync(long id, KeyAccountInput input, CancellationToken ct = default)
    {
        var c = await db.Clients.VisibleTo(access).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (c is null) return problems.NotFound();
        if (!access.RunsDepartment) return problems.Forbidden();
        if (c.CompanyId is not null) return errors.Add("clientId", "Clients.KeyAccountContact").ToFailure();
        var kam = await KamAsync(input.KamId, c.OwnerId, ct);
        if (kam is null) return errors.ToFailure();
        (c.IsKeyAccount, c.KamId) = (true, kam);
        await db.SaveChangesAsync(ct);
        return ClientView.Of(c);
    }

    public async Task<Outcome<ClientView>> UnmarkAsync(long id, CancellationToken ct = default)
    {
        var c = await db.Clients.VisibleTo(access).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (c is null) return problems.NotFound();
        if (!access.RunsDepartment) return problems.Forbidden();
        (c.IsKeyAccount, c.KamId) = (false, null);
        await db.SaveChangesAsync(ct);
        return ClientView.Of(c);
    }

    /// <summary>All or nothing: every id must be a client the caller sees (a contact is skipped: its company is the account).</summary>
    public async Task<Outcome<KeyAccountsResult>> MarkManyAsync(KeyAccountsInput input, CancellationToken ct = default)
    {
        if (!access.RunsDepartment) return problems.Forbidden();
        long? kam = null;
        if (input.KamId is { } k && (kam = await KamAsync(k, null, ct)) is null) return errors.ToFailure();
        var ids = input.ClientIds?.Distinct().ToList() ?? [];
        if (ids.Count == 0) return errors.Add("clientIds", "Error.Required").ToFailure();
        if (ids.Count > MaxAtOnce) return errors.Add("clientIds", "Clients.TooMany", MaxAtOnce).ToFailure();
        var clients = await db.Clients.VisibleTo(access).Where(x => ids.Contains(x.Id)).ToListAsync(ct);
        if (clients.Count != ids.Count) return errors.Add("clientIds", "Deals.NoSuchClient").ToFailure();
        var marked = new List<Client>();
        foreach (var c in clients.Where(c => c.CompanyId is null).OrderBy(c => c.Id))
        {
            var who = kam ?? c.OwnerId;
            if (who is null) continue; // no KAM named and no owner to take it: left unmarked, not guessed
            if (kam is null && !await db.Users.AnyAsync(u => u.Id == who && u.IsActive, ct)) continue;
            (c.IsKeyAccount, c.KamId) = (true, who);
            marked.Add(c);
        }
        await db.SaveChangesAsync(ct);
        return new KeyAccountsResult(marked.Count, marked.Select(ClientView.Of).ToList());
    }

    /// <summary>The KAM named (a person the caller sees, active), else the client's owner; refused by <c>kamId</c>.</summary>
    async Task<long?> KamAsync(long? kamId, long? owner, CancellationToken ct)
    {
        var id = kamId ?? owner;
        if (id is null)
        {
            errors.Add("kamId", "Error.Required");
            return null;
        }
        var person = await refs.PersonAsync(id.Value, "kamId", ct);
        if (person is null) return null;
        if (!person.IsActive)
        {
            errors.Add("kamId", "Clients.KamInactive");
            return null;
        }
        return person.Id;
    }
}
