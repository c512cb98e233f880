using System.Net;
using Otdel.Features.Activities;
using Otdel.Features.ClientBase;
using Otdel.Features.Clients;
using Otdel.Features.Deals;
using Otdel.Tests.Infrastructure;
using static Otdel.Tests.Deals.DealsTestKit;

namespace Otdel.Tests.ClientBase;

/// <summary>
/// GET /api/v1/reports/client-quality and …/issues against a computation from the inserted rows: filled fields on the
/// client or its contacts, decision makers, industries, what happened when (activities on the client, its contacts and
/// its deals; stage entries; deals created and closed — before and after the month's end), look-alikes by name, phone,
/// e-mail and INN among what the caller sees; per owner and overall, for a head and a seller; on both engines.
/// </summary>
public abstract class ClientQualityTests(TestApp app)
{
    static readonly DateTime AsOf = new(2025, 7, 1, 0, 0, 0, DateTimeKind.Utc);
    const int StaleDays = 30;

    static DateTime June(int day) => new(2025, 6, day, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Every_figure_equals_a_computation_from_the_raw_rows()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var a = await dep.AddPersonAsync("closer");
        var b = await dep.AddPersonAsync("closer");
        var pipeline = await head.NewPipelineAsync("simple");
        var clients = new List<Client>();
        var deals = new List<Deal>();
        var activities = new List<Activity>();
        var visits = new List<StageVisit>();
        await using (var db = app.OpenDb())
        {
            Client Co(string name, long owner, DateTime created, string? phone = null, string? email = null, string? industry = null, string? inn = null) =>
                new()
                {
                    Name = $"{name} {dep.Tag}", IsCompany = true, OwnerId = owner, CreatedAt = created, Phone = phone, Email = email,
                    Industry = industry, Inn = inn
                };
            var full = Co("Полная", a.Id, June(1).AddMonths(-3), "+7 495 000-00-01", "full@x.ru", "Розница", "7707083893");
            var noPhone = Co("Без телефона", a.Id, June(1).AddMonths(-2));
            var romashka = Co("ООО «Ромашка»", b.Id, June(15), industry: "Опт");
            var romashka2 = Co("Ромашка", b.Id, June(1).AddMonths(-1));
            var sameInn = Co("Та же ИНН", a.Id, June(1).AddMonths(-4), email: "inn@x.ru", inn: "7707083893");
            var later = Co("Позже", dep.HeadId, new DateTime(2025, 8, 1, 0, 0, 0, DateTimeKind.Utc), "+7 495 000-00-09");
            var viaContact = Co("Через контакт", a.Id, June(1).AddMonths(-5), industry: "Стройка");
            var p1 = new Client
            {
                Name = "Пётр Частный " + dep.Tag, IsCompany = false, OwnerId = b.Id, CreatedAt = June(1).AddMonths(-6), Phone = "8 (916) 123-45-67",
                Email = "petr@x.ru"
            };
            var p2 = new Client
            {
                Name = "Павел Частный " + dep.Tag, IsCompany = false, OwnerId = a.Id, CreatedAt = June(1).AddMonths(-6),
                Phone = "+7 916 123 45 67"
            };
            clients.AddRange([full, noPhone, romashka, romashka2, sameInn, later, viaContact, p1, p2]);
            db.Clients.AddRange(clients);
            await db.SaveChangesAsync();
            var contacts = new[]
            {
                new Client { Name = "ЛПР Полной " + dep.Tag, IsCompany = false, CompanyId = full.Id, IsDecisionMaker = true, OwnerId = a.Id,
                    CreatedAt = full.CreatedAt },
                new Client { Name = "Контакт без ЛПР " + dep.Tag, IsCompany = false, CompanyId = noPhone.Id, OwnerId = a.Id, CreatedAt = noPhone.CreatedAt,
                    Phone = "+7 999 111-22-33", OtherEmails = "kontakt@x.ru" },
                new Client { Name = "ЛПР позже " + dep.Tag, IsCompany = false, CompanyId = romashka2.Id, IsDecisionMaker = true, OwnerId = b.Id,
                    CreatedAt = AsOf.AddDays(2) }, // not yet there at the month's end
                new Client { Name = "Контакт через " + dep.Tag, IsCompany = false, CompanyId = viaContact.Id, OwnerId = a.Id,
                    CreatedAt = viaContact.CreatedAt },
            };
            db.Clients.AddRange(contacts);
            await db.SaveChangesAsync();
            clients.AddRange(contacts);

            Deal D(Client c, DateTime created, DateTime? closed) => new()
            {
                Title = $"Сделка {c.Name}", PipelineId = pipeline.Id, StageId = pipeline.Stages[0].Id, OwnerId = c.OwnerId!.Value, ClientId = c.Id,
                Status = closed is null ? DealStatus.Open : DealStatus.Won, Amount = 1000, CreatedAt = created, StageEnteredAt = created, ClosedAt = closed,
            };
            deals.AddRange([D(noPhone, June(1).AddMonths(-1), null), D(noPhone, June(1).AddMonths(-2), AsOf.AddDays(10)), D(p2, June(1).AddMonths(-3), null),
                D(romashka2, June(1).AddMonths(-2), June(20))]);
            db.Deals.AddRange(deals);
            await db.SaveChangesAsync();
            visits.Add(new StageVisit
            {
                DealId = deals[0].Id, PipelineId = pipeline.Id, StageId = pipeline.Stages[0].Id, ExecutorId = a.Id,
                EnteredAt = June(3)
            });
            visits.Add(new StageVisit
            {
                DealId = deals[2].Id, PipelineId = pipeline.Id, StageId = pipeline.Stages[0].Id, ExecutorId = a.Id,
                EnteredAt = AsOf.AddHours(1)
            });
            db.StageVisits.AddRange(visits);
            Activity Act(DateTime at, long? client = null, long? deal = null) => new()
            {
                Kind = ActivityKind.Note, At = at, AuthorId = a.Id, ClientId = client, DealId = deal, Text = "заметка", CreatedAt = at,
            };
            activities.AddRange([Act(June(20), client: full.Id), Act(June(10), client: contacts[3].Id), Act(June(25), deal: deals[2].Id),
                Act(AsOf.AddDays(1), client: sameInn.Id), Act(June(1).AddMonths(-2), client: p1.Id)]);
            db.Activities.AddRange(activities);
            await db.SaveChangesAsync();
        }

        var everyone = new HashSet<long> { a.Id, b.Id, dep.HeadId };
        var report = await head.GetJson<QualityResult>($"/api/v1/reports/client-quality?month=2025-06&staleDays={StaleDays}");
        Assert.Equal(AsOf, report.AsOf);
        var expected = Accounts(everyone, AsOf);
        Assert.Equal(Figures(null, expected), Figures(report.Total));
        foreach (var owner in new[] { a.Id, b.Id })
            Assert.Equal(Figures(owner, expected.Where(x => x.C.OwnerId == owner).ToList()), Figures(report.Owners.Single(r => r.OwnerId == owner)));
        Assert.DoesNotContain(report.Owners, r => r.OwnerId == dep.HeadId); // the head's client came in August
        // Known by hand: the two Ромашки and the two phones of Пётр and Павел are look-alikes; the full company has everything but shares its INN.
        Assert.Equal(6, report.Total.Duplicates);
        Assert.Equal(8, report.Total.Clients);

        // The seller sees only theirs: Павел has no look-alike among them.
        var mine = await app.Client(a.Token).GetJson<QualityResult>($"/api/v1/reports/client-quality?month=2025-06&staleDays={StaleDays}");
        Assert.Equal(Figures(null, Accounts([a.Id], AsOf)), Figures(mine.Total));
        var ownerOnly = await head.GetJson<QualityResult>($"/api/v1/reports/client-quality?month=2025-06&staleDays={StaleDays}&ownerId={b.Id}");
        Assert.Equal(Figures(null, expected.Where(x => x.C.OwnerId == b.Id).ToList()), Figures(ownerOnly.Total));

        // What to fix now: each account with what it lacks.
        var issues = await head.GetJson<QualityIssues>($"/api/v1/reports/client-quality/issues?staleDays={StaleDays}");
        var now = issues.AsOf;
        var current = Accounts(everyone, now);
        var wanted = current.Where(x => x.Missing.Count > 0 || x.Stale || x.Dups.Count > 0).ToDictionary(x => x.C.Id);
        Assert.Equal(wanted.Count, issues.Total);
        Assert.Equal(wanted.Keys.Order(), issues.Items.Select(i => i.ClientId).Order());
        foreach (var i in issues.Items)
        {
            var w = wanted[i.ClientId];
            Assert.Equal((string.Join(",", w.Missing), w.Stale, string.Join(",", w.Dups), $"/clients/{i.ClientId}"),
                (string.Join(",", i.Missing), i.Stale, string.Join(",", i.DuplicateOf.Select(d => d.Id)), i.Link));
        }
        var weights = issues.Items.Select(i => i.Missing.Count + (i.Stale ? 1 : 0) + (i.DuplicateOf.Count > 0 ? 1 : 0)).ToList();
        Assert.Equal(weights.OrderByDescending(x => x), weights);

        var csv = await head.GetStringAsync("/api/v1/reports/client-quality/export.csv?month=2025-06");
        Assert.Contains("Вся база", csv);

        // Bad input, by field.
        var bad = await Problem(await head.GetAsync("/api/v1/reports/client-quality?month=2025-13&staleDays=0"), HttpStatusCode.BadRequest);
        Assert.Equal(["month", "staleDays"], bad.ErrorFields().Order());
        var future = await Problem(await head.GetAsync($"/api/v1/reports/client-quality?month={DateTime.UtcNow.AddMonths(2):yyyy-MM}"),
            HttpStatusCode.BadRequest);
        Assert.Contains("не наступил", future.GetProperty("errors").GetProperty("month")[0].GetString());
        var other = await app.NewDepartmentAsync();
        var foreign = await Problem(await head.GetAsync($"/api/v1/reports/client-quality/issues?ownerId={other.HeadId}&limit=0"), HttpStatusCode.BadRequest);
        Assert.Equal(["limit", "ownerId"], foreign.ErrorFields().Order());

        // The independent computation over the inserted rows.
        List<Expected> Accounts(HashSet<long> sees, DateTime asOf)
        {
            bool Sees(Client c) => (c.OwnerId is { } o && sees.Contains(o)) || deals.Any(d => d.ClientId == c.Id && sees.Contains(d.OwnerId));
            var accounts = clients.Where(c => c.CompanyId == null && c.CreatedAt < asOf && Sees(c)).ToList();
            var list = new List<Expected>();
            foreach (var c in accounts)
            {
                var people = clients.Where(x => x.CompanyId == c.Id && x.CreatedAt < asOf).ToList();
                var ids = people.Select(x => x.Id).Append(c.Id).ToHashSet();
                var theirDeals = deals.Where(d => ids.Contains(d.ClientId!.Value)).ToList();
                var dealIds = theirDeals.Select(d => d.Id).ToHashSet();
                var moments = new List<DateTime> { c.CreatedAt };
                moments.AddRange(activities.Where(x => (x.ClientId is { } ci && ids.Contains(ci)) || (x.DealId is { } di
                    && dealIds.Contains(di))).Select(x => x.At));
                moments.AddRange(visits.Where(v => dealIds.Contains(v.DealId)).Select(v => v.EnteredAt));
                moments.AddRange(theirDeals.Select(d => d.CreatedAt));
                moments.AddRange(theirDeals.Where(d => d.ClosedAt != null).Select(d => d.ClosedAt!.Value));
                var last = moments.Where(m => m < asOf || m == c.CreatedAt).Max();
                var missing = new List<string>();
                if (c.Phone is null && c.OtherPhones is null && !people.Any(p => p.Phone != null || p.OtherPhones != null)) missing.Add("phone");
                if (c.Email is null && c.OtherEmails is null && !people.Any(p => p.Email != null || p.OtherEmails != null)) missing.Add("email");
                if (c.IsCompany && !people.Any(p => p.IsDecisionMaker)) missing.Add("decisionMaker");
                if (c.IsCompany && string.IsNullOrWhiteSpace(c.Industry)) missing.Add("industry");
                var dups = accounts.Where(o => o.Id != c.Id && (
                        (o.MatchKey == c.MatchKey && o.IsCompany == c.IsCompany && c.MatchKey != "")
                        || (o.PhoneKey is { Length: >= 5 } pk && pk == c.PhoneKey)
                        || (o.Email is { } e && string.Equals(e, c.Email, StringComparison.OrdinalIgnoreCase))
                        || (o.Inn is { } inn && inn == c.Inn)))
                    .Select(o => o.Id).Order().ToList();
                list.Add(new Expected(c, missing, last < asOf.AddDays(-StaleDays), dups));
            }
            return list;
        }
    }

    sealed record Expected(Client C, List<string> Missing, bool Stale, List<long> Dups);

    static (int, int, int, int, int, int, int, int, double?, double?, double?, double?, double?, double?, int?) Figures(QualityRow r) =>
        (r.Clients, r.WithPhone, r.WithEmail, r.Companies, r.WithDecisionMaker, r.WithIndustry, r.Stale, r.Duplicates, r.PhoneShare, r.EmailShare,
            r.DecisionMakerShare, r.IndustryShare, r.StaleShare, r.DuplicateShare, r.Score);

    static (int, int, int, int, int, int, int, int, double?, double?, double?, double?, double?, double?, int?) Figures(long? _, List<Expected> list)
    {
        int n = list.Count, companies = list.Count(x => x.C.IsCompany);
        int phone = list.Count(x => !x.Missing.Contains("phone")), email = list.Count(x => !x.Missing.Contains("email"));
        int dm = list.Count(x => x.C.IsCompany && !x.Missing.Contains("decisionMaker")), industry = list.Count(x => x.C.IsCompany
            && !x.Missing.Contains("industry"));
        int stale = list.Count(x => x.Stale), dups = list.Count(x => x.Dups.Count > 0);
        double? Share(int part, int whole) => whole == 0 ? null : Math.Round((double)part / whole, 4, MidpointRounding.AwayFromZero);
        var parts = new double?[]
        {
            n == 0 ? null : (double)phone / n, n == 0 ? null : (double)email / n, companies == 0 ? null : (double)dm / companies,
            companies == 0 ? null : (double)industry / companies, n == 0 ? null : (double)(n - stale) / n, n == 0 ? null : (double)(n - dups) / n,
        }.OfType<double>().ToList();
        int? score = parts.Count == 0 ? null : (int)Math.Round(100 * parts.Average(), MidpointRounding.AwayFromZero);
        return (n, phone, email, companies, dm, industry, stale, dups, Share(phone, n), Share(email, n), Share(dm, companies), Share(industry, companies),
            Share(stale, n), Share(dups, n), score);
    }
}

[Collection("sqlite")]
public sealed class ClientQualityTests_Sqlite(SqliteApp app) : ClientQualityTests(app);

[Collection("postgres")]
public sealed class ClientQualityTests_Postgres(PostgresApp app) : ClientQualityTests(app);
