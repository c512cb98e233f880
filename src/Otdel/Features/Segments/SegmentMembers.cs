using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Features.Clients;
using Otdel.Features.Deals;
using Otdel.Platform;

namespace Otdel.Features.Segments;

/// <summary>A member of a segment with its figures as the caller sees them (revenue and purchases in roubles, over won deals).</summary>
public sealed record SegmentMember(long Id, string Name, ClientKind Kind, long? CompanyId, string? Position, string? Region, string? Phone, string? Email,
    long? OwnerId, string? OwnerName, decimal Revenue, int DealsWon, DateTime? LastPurchase, int OpenDeals, int? Score);

/// <summary>How many members a segment has, of which companies and people, how many have an open deal, and their revenue in roubles.</summary>
public sealed record SegmentCounts(int Members, int Companies, int People, int WithOpenDeals, decimal Revenue);

public sealed record SegmentMembersPage(long SegmentId, SegmentCounts Counts, IReadOnlyList<SegmentMember> Items, long? NextCursor);

/// <summary>
/// Who a segment's members are for the caller: the clients they see (<see cref="Visibility"/>) that meet every condition,
/// judged by the deals and leads they see — one query, so a segment over a big base is counted by the database. Texts
/// (product, position, region) match as typed, lower-case or capitalised: SQLite's lower() does not fold Cyrillic, so a
/// case-blind match is not available there; «станок» finds «Станок ЧПУ» and «станок», not «СТАНОК».
/// </summary>
public static class SegmentMembers
{
    public static IQueryable<Client> Query(OtdelDb db, Access access, IEnumerable<SegmentCondition> conditions, DateTime now)
    {
        var q = db.Clients.VisibleTo(access).AsNoTracking();
        var deals = db.Deals.VisibleTo(access);
        var won = deals.Where(d => d.Status == DealStatus.Won);
        var rub = won.Where(d => d.Currency == "RUB");
        var open = deals.Where(d => d.Status == DealStatus.Open);
        var leads = db.Leads.VisibleTo(access);
        var contacts = db.Clients;
        foreach (var c in conditions)
        {
            switch (c.Kind)
            {
                case "product":
                    {
                        var (a, b, x) = Variants(c.Text!);
                        q = q.Where(cl => won.Any(d => d.ClientId == cl.Id && (d.Title.Contains(a) || d.Title.Contains(b) || d.Title.Contains(x)
                            || (d.Products != null && (d.Products.Contains(a) || d.Products.Contains(b) || d.Products.Contains(x))))));
                        break;
                    }
                case "total":
                    {
                        var (min, max) = (c.Min, c.Max);
                        if (min is { } lo) q = q.Where(cl => (rub.Where(d => d.ClientId == cl.Id).Sum(d => (decimal?)d.Amount) ?? 0m) >= lo);
                        if (max is { } hi) q = q.Where(cl => (rub.Where(d => d.ClientId == cl.Id).Sum(d => (decimal?)d.Amount) ?? 0m) <= hi);
                        break;
                    }
                case "average":
                    {
                        // A client who bought nothing has no average: it is in no range.
                        q = q.Where(cl => rub.Any(d => d.ClientId == cl.Id));
                        if (c.Min is { } lo) q = q.Where(cl => rub.Where(d => d.ClientId == cl.Id).Average(d => d.Amount) >= lo);
                        if (c.Max is { } hi) q = q.Where(cl => rub.Where(d => d.ClientId == cl.Id).Average(d => d.Amount) <= hi);
                        break;
                    }
                case "active_deals":
                    q = c.Has == true ? q.Where(cl => open.Any(d => d.ClientId == cl.Id)) : q.Where(cl => !open.Any(d => d.ClientId == cl.Id));
                    break;
                case "idle_days":
                    {
                        var since = now.AddDays(-c.Days!.Value);
                        q = q.Where(cl => won.Any(d => d.ClientId == cl.Id) && !won.Any(d => d.ClientId == cl.Id && d.ClosedAt >= since));
                        break;
                    }
                case "stage":
                    {
                        var stage = c.StageId!.Value;
                        q = q.Where(cl => open.Any(d => d.ClientId == cl.Id && d.StageId == stage));
                        break;
                    }
                case "position":
                    {
                        var (a, b, x) = Variants(c.Text!);
                        q = q.Where(cl => (cl.Position != null && (cl.Position.Contains(a) || cl.Position.Contains(b) || cl.Position.Contains(x)))
                            || (cl.IsCompany && contacts.Any(p => p.CompanyId == cl.Id && p.Position != null
                                && (p.Position.Contains(a) || p.Position.Contains(b) || p.Position.Contains(x)))));
                        break;
                    }
                case "owner":
                    {
                        var owner = c.OwnerId!.Value;
                        q = q.Where(cl => cl.OwnerId == owner);
                        break;
                    }
                case "region":
                    {
                        var (a, b, x) = Variants(c.Text!);
                        q = q.Where(cl => cl.Region != null && (cl.Region.Contains(a) || cl.Region.Contains(b) || cl.Region.Contains(x)));
                        break;
                    }
                case "channel":
                    {
                        var channel = c.ChannelId!.Value;
                        q = q.Where(cl => leads.Any(l => l.ClientId == cl.Id && l.ChannelId == channel));
                        break;
                    }
                case "score":
                    {
                        q = q.Where(cl => leads.Any(l => l.ClientId == cl.Id));
                        if (c.Min is { } lo) { var min = (int)lo; q = q.Where(cl => leads.Where(l => l.ClientId == cl.Id).Max(l => l.Score) >= min); }
                        if (c.Max is { } hi) { var max = (int)hi; q = q.Where(cl => leads.Where(l => l.ClientId == cl.Id).Max(l => l.Score) <= max); }
                        break;
                    }
            }
        }
        return q;
    }

    /// <summary>The text as typed, lower-cased, and capitalised («ДИРЕКТОР» → «директор», «Директор»).</summary>
    public static (string Typed, string Lower, string Capital) Variants(string text)
    {
        var lower = text.ToLowerInvariant();
        return (text, lower, lower.Length == 0 ? lower : char.ToUpperInvariant(lower[0]) + lower[1..]);
    }

    public static async Task<SegmentCounts> CountAsync(OtdelDb db, Access access, IQueryable<Client> members, CancellationToken ct)
    {
        var open = db.Deals.VisibleTo(access).Where(d => d.Status == DealStatus.Open);
        var rub = db.Deals.VisibleTo(access).Where(d => d.Status == DealStatus.Won && d.Currency == "RUB");
        var byKind = await members.GroupBy(c => c.IsCompany).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var withOpen = await members.CountAsync(c => open.Any(d => d.ClientId == c.Id), ct);
        var revenue = await rub.Where(d => members.Any(c => c.Id == d.ClientId)).SumAsync(d => (decimal?)d.Amount, ct) ?? 0m;
        var companies = byKind.Where(k => k.Key).Sum(k => k.Count);
        var people = byKind.Where(k => !k.Key).Sum(k => k.Count);
        return new SegmentCounts(companies + people, companies, people, withOpen, revenue);
    }

    /// <summary>A page of members by id after the cursor, with their figures.</summary>
    public static async Task<List<SegmentMember>> PageAsync(OtdelDb db, Access access, IQueryable<Client> members, long? cursor, int take, CancellationToken ct)
    {
        var deals = db.Deals.VisibleTo(access);
        var rub = deals.Where(d => d.Status == DealStatus.Won && d.Currency == "RUB");
        var open = deals.Where(d => d.Status == DealStatus.Open);
        var leads = db.Leads.VisibleTo(access);
        var q = cursor is { } after ? members.Where(c => c.Id > after) : members;
        var rows = await q.OrderBy(c => c.Id).Take(take).Select(c => new
        {
            c.Id, c.Name, c.IsCompany, c.CompanyId, c.Position, c.Region, c.Phone, c.Email, c.OwnerId,
            OwnerName = db.Users.Where(u => u.Id == c.OwnerId).Select(u => u.FullName).FirstOrDefault(),
            Revenue = rub.Where(d => d.ClientId == c.Id).Sum(d => (decimal?)d.Amount),
            DealsWon = rub.Count(d => d.ClientId == c.Id),
            LastPurchase = deals.Where(d => d.ClientId == c.Id && d.Status == DealStatus.Won).Max(d => d.ClosedAt),
            OpenDeals = open.Count(d => d.ClientId == c.Id),
            Score = leads.Where(l => l.ClientId == c.Id).Max(l => (int?)l.Score),
        }).ToListAsync(ct);
        return rows.Select(r => new SegmentMember(r.Id, r.Name, r.IsCompany ? ClientKind.Company : ClientKind.Person, r.CompanyId, r.Position, r.Region,
            r.Phone, r.Email, r.OwnerId, r.OwnerName, r.Revenue ?? 0m, r.DealsWon, r.LastPurchase, r.OpenDeals, r.Score)).ToList();
    }
}
