using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Otdel.Data;
using Otdel.Features.Reports;
using Otdel.Platform;
using Otdel.Resources;

namespace Otdel.Features.ClientBase;

/// <summary>
/// One owner's (or the whole base's) figures: accounts counted; of them with a phone and an e-mail; companies, of them
/// with a decision maker and an industry; stale and suspected duplicates — each as a count and a share; the score 0–100.
/// </summary>
public sealed record QualityRow(long? OwnerId, string Label, int Clients, int WithPhone, int WithEmail, int Companies, int WithDecisionMaker,
    int WithIndustry, int Stale, int Duplicates, double? PhoneShare, double? EmailShare, double? DecisionMakerShare, double? IndustryShare,
    double? StaleShare, double? DuplicateShare, int? Score);

/// <summary>
/// The quality of the base as of <c>asOf</c> (the end of the month, or now for the current one). <c>snapshot</c>: read from
/// the month's stored snapshot (<see cref="QualitySnapshots"/>), taken at <c>takenAt</c>; false: computed now.
/// </summary>
public sealed record QualityResult(string Month, DateTime AsOf, int StaleDays, IReadOnlyList<QualityRow> Owners, QualityRow Total,
    bool Snapshot = false, DateTime? TakenAt = null);

/// <summary>The counts a quality row is made of; rows of several owners add up.</summary>
public sealed record QualityCounts(int Clients, int WithPhone, int WithEmail, int Companies, int WithDecisionMaker, int WithIndustry, int Stale,
    int Duplicates)
{
    public static readonly QualityCounts None = new(0, 0, 0, 0, 0, 0, 0, 0);

    public QualityCounts Add(QualityCounts o) => new(Clients + o.Clients, WithPhone + o.WithPhone, WithEmail + o.WithEmail, Companies + o.Companies,
        WithDecisionMaker + o.WithDecisionMaker, WithIndustry + o.WithIndustry, Stale + o.Stale, Duplicates + o.Duplicates);
}

/// <summary>A client with something to fix: <c>missing</c> of phone, email, decisionMaker, industry; stale; look-alikes.</summary>
public sealed record QualityIssue(long ClientId, string Name, bool IsCompany, long? OwnerId, string? OwnerName, IReadOnlyList<string> Missing,
    bool Stale, DateTime LastTouchAt, IReadOnlyList<QualityLookAlike> DuplicateOf, string Link);

/// <summary>Another account a client looks like (a suspected duplicate).</summary>
public sealed record QualityLookAlike(long Id, string Name);

public sealed record QualityIssues(DateTime AsOf, int StaleDays, int Total, IReadOnlyList<QualityIssue> Items);

/// <summary>
/// The client base's quality, per owner (the client's) and overall, over the accounts the caller sees — companies and
/// private clients (a contact person is part of its company) created before the moment asked for:
/// phone / e-mail: the account's own or any of its contacts'; decision maker (companies): a contact marked ЛПР; industry
/// (companies): filled; stale: nothing happened for <c>staleDays</c> — no activity on it, its contacts or its deals, no
/// deal entering a stage or closing, and not created — as of the moment; suspected duplicate: another account the caller
/// sees with the same name key (companies with companies, people with people), phone, e-mail or INN — the look-alike rule.
/// Score = 100 × the mean of the shares with phone, with e-mail, with a decision maker, with an industry, not stale and
/// not duplicated (a share with nothing to count — no companies — is left out), rounded.
/// A past month is read as of its end for who was a client and what had happened; the fields filled are those of the
/// moment it is computed — which is why past months are served from their snapshot (<see cref="QualitySnapshots"/>).
/// </summary>
public sealed class ClientQualityReport(OtdelDb db, Access access, IStringLocalizer<Text> t)
{
    public const int DefaultStaleDays = 90;

    sealed record Account(long Id, string Name, string NameKey, bool IsCompany, long? OwnerId, bool Phone, bool Email, bool DecisionMaker,
        bool Industry, DateTime LastTouch, List<QualityLookAlike> DuplicateOf);

    public async Task<QualityResult> RunAsync(DateOnly month, DateTime asOf, int staleDays, long? ownerId, CancellationToken ct = default)
    {
        var accounts = await AccountsAsync(db.Clients.VisibleTo(access), asOf, ownerId, ct);
        var staleBefore = asOf.AddDays(-staleDays);
        var counts = accounts.GroupBy(a => a.OwnerId).Select(g => (g.Key, Count(g.ToList(), staleBefore))).ToList();
        return await ResultAsync(month, asOf, staleDays, counts, Count(accounts, staleBefore), ct);
    }

    /// <summary>Each owner's counts over the given accounts as of a moment — what a snapshot stores.</summary>
    public async Task<List<(long? OwnerId, QualityCounts Counts)>> CountAsync(IQueryable<Clients.Client> scope, DateTime asOf, int staleDays,
        CancellationToken ct = default)
    {
        var accounts = await AccountsAsync(scope, asOf, null, ct);
        var staleBefore = asOf.AddDays(-staleDays);
        return accounts.GroupBy(a => a.OwnerId).Select(g => (g.Key, Count(g.ToList(), staleBefore))).ToList();
    }

    /// <summary>The rows of a result from each owner's counts (computed now or read from a snapshot), worst score first.</summary>
    public async Task<QualityResult> ResultAsync(DateOnly month, DateTime asOf, int staleDays, IReadOnlyList<(long? OwnerId, QualityCounts Counts)> owners,
        QualityCounts total, CancellationToken ct = default, bool snapshot = false, DateTime? takenAt = null)
    {
        var ids = owners.Where(o => o.OwnerId != null).Select(o => o.OwnerId!.Value).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.FullName, ct);
        var none = t["ClientBase.Quality.NoOwner"].Value;
        var rows = owners.Select(o => Row(o.OwnerId, o.OwnerId is { } id ? names.GetValueOrDefault(id) ?? none : none, o.Counts))
            .OrderBy(r => r.Score ?? 101).ThenBy(r => r.Label, StringComparer.CurrentCulture).ToList();
        return new QualityResult(month.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), asOf, staleDays, rows,
            Row(null, t["ClientBase.Quality.Total"], total), snapshot, takenAt);
    }

    /// <summary>What to fix now: every account with something missing, stale or a look-alike; worst first, then by name.</summary>
    public async Task<QualityIssues> IssuesAsync(DateTime asOf, int staleDays, long? ownerId, int limit, CancellationToken ct = default)
    {
        var accounts = await AccountsAsync(db.Clients.VisibleTo(access), asOf, ownerId, ct);
        var staleBefore = asOf.AddDays(-staleDays);
        var names = await OwnerNamesAsync(accounts, ct);
        var issues = accounts.Select(a =>
            {
                var missing = new List<string>();
                if (!a.Phone) missing.Add("phone");
                if (!a.Email) missing.Add("email");
                if (a.IsCompany && !a.DecisionMaker) missing.Add("decisionMaker");
                if (a.IsCompany && !a.Industry) missing.Add("industry");
                var stale = a.LastTouch < staleBefore;
                return new QualityIssue(a.Id, a.Name, a.IsCompany, a.OwnerId, a.OwnerId is { } o ? names.GetValueOrDefault(o) : null, missing, stale,
                    a.LastTouch, a.DuplicateOf, $"/clients/{a.Id}");
            })
            .Where(i => i.Missing.Count > 0 || i.Stale || i.DuplicateOf.Count > 0)
            .OrderByDescending(i => i.Missing.Count + (i.Stale ? 1 : 0) + (i.DuplicateOf.Count > 0 ? 1 : 0))
            .ThenBy(i => i.Name, StringComparer.CurrentCulture).ThenBy(i => i.ClientId).ToList();
        return new QualityIssues(asOf, staleDays, issues.Count, issues.Take(limit).ToList());
    }

    static QualityCounts Count(List<Account> list, DateTime staleBefore) => new(list.Count, list.Count(a => a.Phone), list.Count(a => a.Email),
        list.Count(a => a.IsCompany), list.Count(a => a.IsCompany && a.DecisionMaker), list.Count(a => a.IsCompany && a.Industry),
        list.Count(a => a.LastTouch < staleBefore), list.Count(a => a.DuplicateOf.Count > 0));

    /// <summary>The score from counts: 100 × the mean of the six shares (stale and duplicates as their opposite), rounded.</summary>
    public static int? Score(QualityCounts c) => Row(null, "", c).Score;

    static QualityRow Row(long? ownerId, string label, QualityCounts c)
    {
        var (n, companies, phone, email) = (c.Clients, c.Companies, c.WithPhone, c.WithEmail);
        var (dm, industry, stale, dup) = (c.WithDecisionMaker, c.WithIndustry, c.Stale, c.Duplicates);
        double? Of(int part, int whole) => whole == 0 ? null : Math.Round((double)part / whole, 4, MidpointRounding.AwayFromZero);
        // The score from exact counts, not from the rounded shares.
        var exact = new[] { Exact(phone, n), Exact(email, n), Exact(dm, companies), Exact(industry, companies), Exact(n - stale, n), Exact(n - dup, n) }
            .OfType<double>().ToList();
        int? score = exact.Count == 0 ? null : (int)Math.Round(100 * exact.Average(), MidpointRounding.AwayFromZero);
        return new QualityRow(ownerId, label, n, phone, email, companies, dm, industry, stale, dup, Of(phone, n), Of(email, n), Of(dm, companies),
            Of(industry, companies), Of(stale, n), Of(dup, n), score);
    }

    static double? Exact(int part, int whole) => whole == 0 ? null : (double)part / whole;

    async Task<Dictionary<long, string>> OwnerNamesAsync(List<Account> accounts, CancellationToken ct)
    {
        var ids = accounts.Where(a => a.OwnerId != null).Select(a => a.OwnerId!.Value).Distinct().ToList();
        return await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.FullName, ct);
    }

    /// <summary>
    /// The accounts of the scope (the caller's visible clients, or a snapshot's department) that existed before
    /// <paramref name="asOf"/>, with what is filled and when each was last touched; look-alikes are sought within the scope.
    /// </summary>
    async Task<List<Account>> AccountsAsync(IQueryable<Clients.Client> scope, DateTime asOf, long? ownerId, CancellationToken ct)
    {
        var visible = scope.AsNoTracking().Where(c => c.CompanyId == null && c.CreatedAt < asOf);
        var all = await visible.Select(c => new
        {
            c.Id, c.Name, c.NameKey, c.MatchKey, c.IsCompany, c.OwnerId, c.Phone, c.OtherPhoneKeys, c.PhoneKey, c.Email, c.OtherEmailKeys,
            c.Inn, c.Industry, c.CreatedAt,
        }).ToListAsync(ct);
        var ids = all.Select(c => c.Id).ToList();
        var contacts = await db.Clients.AsNoTracking()
            .Where(x => x.CompanyId != null && x.CreatedAt < asOf && visible.Any(v => v.Id == x.CompanyId))
            .Select(x => new
            {
                x.Id, Company = x.CompanyId!.Value, HasPhone = x.Phone != null || x.OtherPhones != null,
                HasEmail = x.Email != null || x.OtherEmails != null, x.IsDecisionMaker
            })
            .ToListAsync(ct);
        var accountOf = contacts.ToDictionary(c => c.Id, c => c.Company);
        foreach (var id in ids) accountOf[id] = id;
        var byCompany = contacts.ToLookup(c => c.Company);

        // Every moment something happened with a client, its contacts or deals, up to asOf; the latest per account.
        var deals = db.Deals.AsNoTracking();
        var touches = new List<(long? Client, DateTime? At)>();
        touches.AddRange((await db.Activities.AsNoTracking().Where(a => a.ClientId != null && a.At < asOf)
            .GroupBy(a => a.ClientId).Select(g => new { g.Key, At = g.Max(a => a.At) }).ToListAsync(ct)).Select(x => (x.Key, (DateTime?)x.At)));
        touches.AddRange((await db.Activities.AsNoTracking().Where(a => a.DealId != null && a.At < asOf)
            .Join(deals, a => a.DealId, d => d.Id, (a, d) => new { d.ClientId, a.At })
            .GroupBy(x => x.ClientId).Select(g => new { g.Key, At = g.Max(x => x.At) }).ToListAsync(ct)).Select(x => (x.Key, (DateTime?)x.At)));
        touches.AddRange((await db.StageVisits.AsNoTracking().Where(v => v.EnteredAt < asOf)
            .Join(deals, v => v.DealId, d => d.Id, (v, d) => new { d.ClientId, v.EnteredAt })
            .GroupBy(x => x.ClientId).Select(g => new { g.Key, At = g.Max(x => x.EnteredAt) }).ToListAsync(ct)).Select(x => (x.Key, (DateTime?)x.At)));
        touches.AddRange((await deals.Where(d => d.CreatedAt < asOf)
            .GroupBy(d => d.ClientId).Select(g => new { g.Key, At = g.Max(d => d.CreatedAt) }).ToListAsync(ct)).Select(x => (x.Key, (DateTime?)x.At)));
        touches.AddRange((await deals.Where(d => d.ClosedAt != null && d.ClosedAt < asOf)
            .GroupBy(d => d.ClientId).Select(g => new { g.Key, At = g.Max(d => d.ClosedAt) }).ToListAsync(ct)).Select(x => (x.Key, x.At)));
        var last = all.ToDictionary(c => c.Id, c => c.CreatedAt);
        foreach (var (client, at) in touches)
            if (client is { } cid && at is { } when && accountOf.TryGetValue(cid, out var acc) && last.TryGetValue(acc, out var cur) && when > cur)
                last[acc] = when;

        var duplicates = LookAlikes(all.Select(c => new Keys(c.Id, c.IsCompany, c.MatchKey, c.PhoneKey, c.OtherPhoneKeys,
            Clients.Client.EmailKeyOf(c.Email), c.OtherEmailKeys, c.Inn)).ToList());

        var nameOf = all.ToDictionary(c => c.Id, c => c.Name);
        return all.Where(c => ownerId is null || c.OwnerId == ownerId).Select(c =>
        {
            var people = byCompany[c.Id];
            return new Account(c.Id, c.Name, c.NameKey, c.IsCompany, c.OwnerId,
                c.Phone != null || c.OtherPhoneKeys != null || people.Any(p => p.HasPhone),
                c.Email != null || c.OtherEmailKeys != null || people.Any(p => p.HasEmail),
                people.Any(p => p.IsDecisionMaker), !string.IsNullOrWhiteSpace(c.Industry), last[c.Id],
                duplicates.TryGetValue(c.Id, out var d) ? d.Select(x => new QualityLookAlike(x, nameOf[x])).ToList() : []);
        }).ToList();
    }

    sealed record Keys(long Id, bool IsCompany, string MatchKey, string? PhoneKey, string? OtherPhoneKeys, string? Email, string? OtherEmailKeys, string? Inn);

    /// <summary>Each account's look-alikes among the others: the same name key (of the same kind), phone (5+ digits), e-mail or INN.</summary>
    static Dictionary<long, List<long>> LookAlikes(List<Keys> accounts)
    {
        var groups = new Dictionary<string, List<long>>(StringComparer.Ordinal);
        void Add(string key, long id)
        {
            if (!groups.TryGetValue(key, out var l)) groups[key] = l = [];
            if (!l.Contains(id)) l.Add(id);
        }
        foreach (var a in accounts)
        {
            if (a.MatchKey.Length > 0) Add((a.IsCompany ? "n:c:" : "n:p:") + a.MatchKey, a.Id);
            foreach (var p in Words(a.OtherPhoneKeys).Prepend(a.PhoneKey).OfType<string>().Where(p => p.Length >= 5)) Add("p:" + p, a.Id);
            foreach (var e in Words(a.OtherEmailKeys).Prepend(a.Email).OfType<string>()) Add("e:" + e, a.Id);
            if (!string.IsNullOrEmpty(a.Inn)) Add("i:" + a.Inn, a.Id);
        }
        var result = new Dictionary<long, List<long>>();
        foreach (var ids in groups.Values.Where(g => g.Count > 1))
            foreach (var id in ids)
            {
                if (!result.TryGetValue(id, out var l)) result[id] = l = [];
                l.AddRange(ids.Where(x => x != id && !l.Contains(x)));
            }
        foreach (var l in result.Values) l.Sort();
        return result;
    }

    static IEnumerable<string> Words(string? spaced) => (spaced ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public byte[] Csv(QualityResult r) => ReportCsv.Write(
        [t["ClientBase.Quality.Owner"], t["ClientBase.Quality.Clients"], t["ClientBase.Quality.Phone"], t["ClientBase.Quality.Email"],
            t["ClientBase.Quality.DecisionMaker"], t["ClientBase.Quality.Industry"], t["ClientBase.Quality.Stale"], t["ClientBase.Quality.Duplicates"],
            t["ClientBase.Quality.Score"]],
        r.Owners.Append(r.Total).Select(x => new object?[]
        {
            x.Label, x.Clients, x.PhoneShare, x.EmailShare, x.DecisionMakerShare, x.IndustryShare, x.StaleShare, x.DuplicateShare, x.Score,
        }).ToList());
}
