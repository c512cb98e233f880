using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Features.Clients;
using Otdel.Platform;

namespace Otdel.Features.Import;

/// <summary>
/// Companies (or contact people, each with the company they work for, found by name or created). A row that matches a
/// client the importer sees — by INN, e-mail, phone, or for a company its name without legal form and quotes — is merged
/// into it: blank fields are filled, nothing already there is overwritten, and the change is in the client's history.
/// A match outside the importer's scope refuses the row rather than creating a duplicate of someone else's client.
/// </summary>
public sealed class ClientImport(OtdelDb db, Access? access, ImportValues values, ImportPeople people, ImportTally tally, bool contacts) : IImportSink
{
    const int Chunk = 1000;
    int pending;
    Dictionary<string, long>? visible;
    Dictionary<string, long>? any;
    readonly Dictionary<string, Client> added = new(StringComparer.Ordinal);

    async Task LoadAsync(CancellationToken ct)
    {
        if (visible is not null) return;
        var seen = access is null ? null : (await db.Clients.AsNoTracking().VisibleTo(access).Select(c => c.Id).ToListAsync(ct)).ToHashSet();
        visible = new(StringComparer.Ordinal);
        any = new(StringComparer.Ordinal);
        var all = await db.Clients.AsNoTracking().Select(c => new { c.Id, c.Inn, c.Email, c.PhoneKey, c.MatchKey, c.IsCompany }).ToListAsync(ct);
        foreach (var c in all)
            foreach (var k in Keys(c.Inn, Client.EmailKeyOf(c.Email), c.PhoneKey, c.IsCompany ? c.MatchKey : null))
            {
                any.TryAdd(k, c.Id);
                if (seen is null || seen.Contains(c.Id)) visible.TryAdd(k, c.Id);
            }
    }

    static IEnumerable<string> Keys(string? inn, string? email, string? phone, string? match)
    {
        if (inn is { Length: > 0 }) yield return "i" + inn;
        if (email is { Length: > 0 }) yield return "e" + email;
        if (phone is { Length: > 0 }) yield return "p" + phone;
        if (match is { Length: > 0 }) yield return "n" + match;
    }

    public async Task TakeAsync(int line, Dictionary<string, string> row, CancellationToken ct)
    {
        await LoadAsync(ct);
        var name = ImportValues.Text(row, "name", 300)!;
        var inn = ImportValues.Text(row, "inn", 12);
        if (inn is not null && !LegalIds.IsInn(inn)) throw new RowRefused(new("Import.Row.BadInn", inn));
        var kpp = ImportValues.Text(row, "kpp", 9);
        if (kpp is not null && !LegalIds.IsKpp(kpp)) throw new RowRefused(new("Import.Row.BadKpp", kpp));
        var email = ImportValues.Text(row, "email", 254);
        if (email is not null && !System.Net.Mail.MailAddress.TryCreate(email, out _)) throw new RowRefused(new("Import.Row.BadEmail", "email", email));
        var phone = ImportValues.Text(row, "phone", 30);
        long? ownerId = ImportValues.Get(row, "owner") is { } owner
            ? await people.ResolveAsync("owner", owner, access?.User?.DepartmentId, ct)
            : access?.User?.Id;
        long? companyId = null;
        if (contacts && ImportValues.Text(row, "company", 300) is { } company) companyId = await CompanyAsync(company, ownerId, ct);

        var keys = Keys(inn, Client.EmailKeyOf(email), Client.PhoneKeyOf(phone), contacts ? null : Client.MatchKeyOf(name)).ToList();
        Client? target = null;
        foreach (var k in keys)
        {
            if (added.TryGetValue(k, out var fresh)) { target = fresh; break; }
            if (visible!.TryGetValue(k, out var id)) { target = await db.Clients.FirstAsync(c => c.Id == id, ct); break; }
            if (any!.ContainsKey(k)) throw new RowRefused(new("Import.Row.ClientOutOfScope", name));
        }
        var isNew = target is null;
        target ??= new Client
        {
            Name = name, IsCompany = !contacts, CreatedAt = values.Moment(row, "createdAt") ?? db.UtcNow, OwnerId = ownerId, ImportRunId = tally.Run,
        };
        // Merge: fill only what is blank.
        target.Inn ??= inn;
        target.Kpp ??= kpp;
        target.Email ??= email;
        target.Phone ??= phone;
        target.Industry ??= ImportValues.Text(row, "industry", 100);
        target.Region ??= ImportValues.Text(row, "region", 100);
        target.Website ??= ImportValues.Text(row, "website", 200);
        target.Position ??= ImportValues.Text(row, "position", 100);
        target.Messengers ??= ImportValues.Text(row, "messengers", 300);
        target.Size ??= ImportValues.Choice<ClientSize>(row, "size");
        target.Birthday ??= values.Date(row, "birthday");
        target.CompanyId ??= companyId;
        if (ImportValues.Flag(row, "decisionMaker") == true) target.IsDecisionMaker = true;
        target.OwnerId ??= ownerId;
        if (isNew)
        {
            db.Clients.Add(target);
            foreach (var k in keys) added.TryAdd(k, target);
        }
        else tally.Created("merged");
        if (++pending >= Chunk) await SaveAsync(ct);
    }

    async Task<long> CompanyAsync(string company, long? ownerId, CancellationToken ct)
    {
        var key = "n" + Client.MatchKeyOf(company);
        if (added.TryGetValue(key, out var fresh))
        {
            if (fresh.Id == 0) await SaveAsync(ct);
            return fresh.Id;
        }
        if (visible!.TryGetValue(key, out var id)) return id;
        if (any!.ContainsKey(key)) throw new RowRefused(new("Import.Row.ClientOutOfScope", company));
        var c = new Client { Name = company.Trim(), IsCompany = true, OwnerId = ownerId, CreatedAt = db.UtcNow, ImportRunId = tally.Run };
        db.Clients.Add(c);
        await SaveAsync(ct);
        added[key] = c;
        tally.Created("companies");
        return c.Id;
    }

    async Task SaveAsync(CancellationToken ct)
    {
        await db.SaveChangesAsync(ct);
        pending = 0;
    }

    public Task FinishAsync(CancellationToken ct) => SaveAsync(ct);
}
