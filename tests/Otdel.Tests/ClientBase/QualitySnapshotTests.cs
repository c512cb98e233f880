using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Otdel.Features.ClientBase;
using Otdel.Features.Clients;
using Otdel.Tests.Infrastructure;
using Quartz;
using static Otdel.Tests.Deals.DealsTestKit;

namespace Otdel.Tests.ClientBase;

/// <summary>
/// The client base's quality snapshots (issue 10 item 6): an ended month is taken at the first request (or by the monthly
/// job) and then returned unchanged however the records change; the current month stays live; the trend reads stored
/// scores and nulls; a seller reads only their own row and trend — figures against a count from the inserted rows, on both
/// engines.
/// </summary>
public abstract class QualitySnapshotTests(TestApp app)
{
    static readonly DateTime Now = new(2025, 6, 15, 10, 0, 0, DateTimeKind.Utc);
    static readonly DateTime AprilEnd = new(2025, 5, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>An account as inserted: the independent truth the snapshot must keep.</summary>
    sealed record Seeded(long OwnerId, bool IsCompany, bool Phone, bool Email, bool DecisionMaker, bool Industry, DateTime CreatedAt);

    /// <summary>Counts and score from the seeded accounts: no activities or deals, so an account is stale when created 90+ days before.</summary>
    static (int Clients, int Phone, int Email, int Companies, int Dm, int Industry, int Stale, int Dups, int? Score) Expected(IEnumerable<Seeded> seeded,
        DateTime asOf)
    {
        var list = seeded.Where(s => s.CreatedAt < asOf).ToList();
        int n = list.Count, companies = list.Count(s => s.IsCompany), phone = list.Count(s => s.Phone), email = list.Count(s => s.Email);
        int dm = list.Count(s => s.IsCompany && s.DecisionMaker), industry = list.Count(s => s.IsCompany && s.Industry);
        var stale = list.Count(s => s.CreatedAt < asOf.AddDays(-90));
        var shares = new List<double>();
        if (n > 0) shares.AddRange([(double)phone / n, (double)email / n, (double)(n - stale) / n, 1.0]);
        if (companies > 0) shares.AddRange([(double)dm / companies, (double)industry / companies]);
        int? score = shares.Count == 0 ? null : (int)Math.Round(100 * shares.Average(), MidpointRounding.AwayFromZero);
        return (n, phone, email, companies, dm, industry, stale, 0, score);
    }

    static (int, int, int, int, int, int, int, int, int?) Figures(QualityRow r) =>
        (r.Clients, r.WithPhone, r.WithEmail, r.Companies, r.WithDecisionMaker, r.WithIndustry, r.Stale, r.Duplicates, r.Score);

    [Fact]
    public async Task A_past_month_keeps_its_snapshot_the_current_month_stays_live_and_the_trend_reads_snapshots()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var a = await dep.AddPersonAsync("closer");
        var b = await dep.AddPersonAsync("closer");
        var seeded = new List<Seeded>();
        long beta;
        app.Clock.Set(Now);
        try
        {
            await using (var db = app.OpenDb())
            {
                var march = new DateTime(2025, 3, 15, 9, 0, 0, DateTimeKind.Utc);
                var january = new DateTime(2025, 1, 10, 9, 0, 0, DateTimeKind.Utc);
                var alfa = new Client
                {
                    Name = "Альфа " + dep.Tag, IsCompany = true, OwnerId = a.Id, Phone = "+7 495 100-00-01", Industry = "Опт", CreatedAt = march,
                };
                var betaCo = new Client { Name = "Бета " + dep.Tag, IsCompany = true, OwnerId = a.Id, CreatedAt = january };
                var ivan = new Client
                {
                    Name = "Иван Частный " + dep.Tag, IsCompany = false, OwnerId = b.Id, Phone = "+7 916 200-00-02", Email = "ivan@" + dep.Tag + ".ru",
                    CreatedAt = march,
                };
                var later = new Client
                {
                    Name = "Гамма " + dep.Tag, IsCompany = true, OwnerId = dep.HeadId, Phone = "+7 495 300-00-03", CreatedAt = new(2025, 6, 1),
                };
                db.Clients.AddRange(alfa, betaCo, ivan, later);
                await db.SaveChangesAsync();
                db.Clients.Add(new Client
                {
                    Name = "ЛПР Альфы " + dep.Tag, IsCompany = false, CompanyId = alfa.Id, OwnerId = a.Id, IsDecisionMaker = true,
                    Email = "lpr@" + dep.Tag + ".ru", CreatedAt = march,
                });
                await db.SaveChangesAsync();
                beta = betaCo.Id;
                seeded.AddRange([
                    new(a.Id, true, true, true, true, true, march), new(a.Id, true, false, false, false, false, january),
                    new(b.Id, false, true, true, false, false, march), new(dep.HeadId, true, true, false, false, false, later.CreatedAt),
                ]);
            }

            // April has ended: its first request takes the snapshot, with April's figures.
            var april = await head.GetJson<QualityResult>("/api/v1/reports/client-quality?month=2025-04");
            Assert.True(april.Snapshot);
            Assert.Equal(AprilEnd, april.AsOf);
            Assert.InRange(april.TakenAt!.Value.ToUniversalTime(), Now, Now.AddMinutes(1)); // the test clock runs on from Now
            Assert.Equal(Expected(seeded, AprilEnd), Figures(april.Total));
            foreach (var owner in new[] { a.Id, b.Id })
                Assert.Equal(Expected(seeded.Where(s => s.OwnerId == owner), AprilEnd), Figures(april.Owners.Single(r => r.OwnerId == owner)));
            Assert.DoesNotContain(april.Owners, r => r.OwnerId == dep.HeadId); // Гамма came in June

            // The records change: Бета gets an e-mail and an industry, a client typed in with a March date appears.
            app.Clock.Set(Now.AddHours(2));
            await using (var db = app.OpenDb())
            {
                var c = db.Clients.Single(x => x.Id == beta);
                (c.Email, c.Industry) = ("beta@" + dep.Tag + ".ru", "Стройка");
                db.Clients.Add(new Client { Name = "Дельта " + dep.Tag, IsCompany = true, OwnerId = b.Id, Email = "d@x.ru", CreatedAt = new(2025, 3, 1) });
                await db.SaveChangesAsync();
            }
            var changed = seeded.Select(s => s.OwnerId == a.Id && !s.Phone ? s with { Email = true, Industry = true } : s)
                .Append(new Seeded(b.Id, true, false, true, false, false, new DateTime(2025, 3, 1))).ToList();
            var again = await head.GetJson<QualityResult>("/api/v1/reports/client-quality?month=2025-04");
            Assert.Equal(april with { Owners = [], Total = april.Total }, again with { Owners = [] });
            Assert.Equal(april.Owners.Select(Figures), again.Owners.Select(Figures));
            Assert.NotEqual(Expected(changed, AprilEnd), Figures(again.Total));

            // Another number of stale days is computed now, with today's records; so is the current month, every time.
            var live = await head.GetJson<QualityResult>("/api/v1/reports/client-quality?month=2025-04&staleDays=60");
            Assert.False(live.Snapshot);
            Assert.Null(live.TakenAt);
            Assert.Equal(changed.Count(s => s.CreatedAt < AprilEnd && s.Email), live.Total.WithEmail);
            var june = await head.GetJson<QualityResult>("/api/v1/reports/client-quality");
            Assert.Equal((false, "2025-06"), (june.Snapshot, june.Month));
            Assert.Equal(Expected(changed, june.AsOf), Figures(june.Total));

            // The seller reads their own row only, of the snapshot and of the trend; another's row is refused.
            var mine = await app.Client(a.Token).GetJson<QualityResult>("/api/v1/reports/client-quality?month=2025-04");
            Assert.True(mine.Snapshot);
            Assert.Equal([a.Id], mine.Owners.Select(r => r.OwnerId));
            Assert.Equal(Expected(seeded.Where(s => s.OwnerId == a.Id), AprilEnd), Figures(mine.Total));
            var notMine = await Problem(await app.Client(a.Token).GetAsync($"/api/v1/reports/client-quality/trend?ownerId={b.Id}"), HttpStatusCode.BadRequest);
            Assert.Equal(["ownerId"], notMine.ErrorFields());

            // The trend: the twelve months before June, April stored, the rest null (March was never asked for, May not yet).
            var trend = await head.GetJson<QualityTrend>("/api/v1/reports/client-quality/trend?months=12");
            Assert.Equal(Enumerable.Range(0, 12).Select(i => new DateOnly(2024, 6, 1).AddMonths(i).ToString("yyyy-MM")), trend.Points.Select(p => p.Month));
            Assert.Equal(april.Total.Score, trend.Points.Single(p => p.Month == "2025-04").Score);
            Assert.All(trend.Points.Where(p => p.Month != "2025-04"), p => Assert.Null(p.Score));
            var sellerTrend = await app.Client(a.Token).GetJson<QualityTrend>("/api/v1/reports/client-quality/trend");
            Assert.Equal(mine.Total.Score, sellerTrend.Points.Single(p => p.Month == "2025-04").Score);
            var bTrend = await head.GetJson<QualityTrend>($"/api/v1/reports/client-quality/trend?months=2&ownerId={b.Id}");
            Assert.Equal([Expected(seeded.Where(s => s.OwnerId == b.Id), AprilEnd).Score, null], bTrend.Points.Select(p => p.Score)); // April, May
            var bad = await Problem(await head.GetAsync("/api/v1/reports/client-quality/trend?months=0"), HttpStatusCode.BadRequest);
            Assert.Equal(["months"], bad.ErrorFields());

            // The monthly job on 1 July takes the month just ended (June) with what is there then; taking it again changes nothing.
            app.Clock.Set(new DateTime(2025, 7, 1, 0, 5, 0, DateTimeKind.Utc));
            var lastMonth = QualitySnapshotJob.LastMonth(app.Clock.GetUtcNow().UtcDateTime);
            Assert.Equal(new DateOnly(2025, 6, 1), lastMonth);
            var services = app.App.Services;
            await new QualitySnapshotJob(services.GetRequiredService<IServiceScopeFactory>(), services.GetRequiredService<TimeProvider>())
                .Execute(null!, CancellationToken.None); // the job reads nothing of Quartz's context
            await using (var scope = services.CreateAsyncScope())
            {
                var snapshots = scope.ServiceProvider.GetRequiredService<QualitySnapshots>();
                Assert.False(await snapshots.TakeAsync(lastMonth)); // the job took it
                Assert.False(await snapshots.TakeAsync(new DateOnly(2025, 7, 1))); // not ended
            }
            var junePast = await head.GetJson<QualityResult>("/api/v1/reports/client-quality?month=2025-06");
            Assert.True(junePast.Snapshot);
            var july = new DateTime(2025, 7, 1, 0, 5, 0, DateTimeKind.Utc);
            Assert.InRange(junePast.TakenAt!.Value.ToUniversalTime(), july, july.AddMinutes(1)); // by the job, not by this request
            Assert.Equal(Expected(changed, new DateTime(2025, 7, 1, 0, 0, 0, DateTimeKind.Utc)), Figures(junePast.Total));
        }
        finally { app.Clock.Reset(); }
    }

    [Fact]
    public async Task The_job_is_scheduled_on_the_first_of_each_month()
    {
        var scheduler = await app.App.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var trigger = Assert.IsAssignableFrom<ICronTrigger>(await scheduler.GetTrigger(new TriggerKey("client-quality-snapshot-monthly", "otdel")));
        Assert.Equal((QualitySnapshotJob.Cron, QualitySnapshotJob.Key, TimeZoneInfo.Utc.Id),
            (trigger.CronExpressionString, trigger.JobKey, trigger.TimeZone.Id));
    }
}

[Collection("sqlite")]
public sealed class QualitySnapshotTests_Sqlite(SqliteApp app) : QualitySnapshotTests(app);

[Collection("postgres")]
public sealed class QualitySnapshotTests_Postgres(PostgresApp app) : QualitySnapshotTests(app);
