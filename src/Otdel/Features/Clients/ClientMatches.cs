using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Platform;

namespace Otdel.Features.Clients;

/// <summary>
/// The clients the caller sees that a new or changed client looks like: the same phone (any of either's, compared by
/// digits), e-mail (any of either's, any case), INN, or name once case, quotes and the legal form are put aside
/// («ООО "Ромашка"» and «Ромашка, ООО»). Only what the caller sees is compared, so a match never tells them about another
/// department's client.
/// </summary>
public sealed class ClientMatches(OtdelDb db, Access access)
{
    public const int Shown = 10;

    public async Task<List<DuplicateView>> FindAsync(Client c, CancellationToken ct = default)
    {
        var phones = c.Phones.Select(Client.PhoneKeyOf).OfType<string>().Where(k => k.Length >= 5).Distinct().ToList();
        var emails = c.Emails.Select(Client.EmailKeyOf).OfType<string>().Distinct().ToList();
        var inn = c.Inn;
        var name = c.MatchKey;
        var nameKey = c.NameKey;
        var id = c.Id;
        var others = db.Clients.VisibleTo(access).AsNoTracking().Where(x => x.Id != id);
        // One query per kind of key keeps each on its index; a client matching several is listed once with all of them.
        var found = new Dictionary<long, (Client Client, List<string> By)>();
        void Add(IEnumerable<Client> rows, string by)
        {
            foreach (var r in rows)
            {
                if (!found.TryGetValue(r.Id, out var f)) found[r.Id] = f = (r, []);
                if (!f.By.Contains(by)) f.By.Add(by);
            }
        }
        foreach (var p in phones)
        {
            var spaced = " " + p + " ";
            Add(await others.Where(x => x.PhoneKey == p || (x.OtherPhoneKeys != null && x.OtherPhoneKeys.Contains(spaced)))
                .OrderBy(x => x.Id).Take(Shown).ToListAsync(ct), "phone");
        }
        foreach (var e in emails)
        {
            var spaced = " " + e + " ";
            Add(await others.Where(x => (x.Email != null && x.Email.ToLower() == e) || (x.OtherEmailKeys != null && x.OtherEmailKeys.Contains(spaced)))
                .OrderBy(x => x.Id).Take(Shown).ToListAsync(ct), "email");
        }
        if (inn is not null) Add(await others.Where(x => x.Inn == inn).OrderBy(x => x.Id).Take(Shown).ToListAsync(ct), "inn");
        // Companies by name anywhere; people by name within the same company (two Ivan Petrovs elsewhere are two people).
        var company = c.IsCompany;
        var companyId = c.CompanyId;
        if (name.Length > 0)
        {
            var alike = others.Where(x => (x.MatchKey == name || x.NameKey == nameKey) && x.IsCompany == company && (company || x.CompanyId == companyId));
            Add(await alike.OrderBy(x => x.Id).Take(Shown).ToListAsync(ct), "name");
        }
        return found.Values.OrderBy(f => f.Client.Id).Take(Shown)
            .Select(f => new DuplicateView(f.Client.Id, f.Client.IsCompany ? ClientKind.Company : ClientKind.Person, f.Client.Name, f.Client.Inn,
                f.Client.Phone, f.Client.Email, f.Client.CompanyId, f.By)).ToList();
    }
}
