using System.Net;
using Otdel.Data;
using Otdel.Features.Deals;
using Otdel.Features.Leads;
using Otdel.Features.Reports;
using Otdel.Tests.Infrastructure;
using static Otdel.Tests.Deals.DealsTestKit;

namespace Otdel.Tests.Reports;

/// <summary>
/// GET /api/v1/reports/channels against a computation from the inserted rows: leads with known status paths (some
/// qualified and then disqualified), deals converted from them, monthly spend cut by the period; every grouping, a head
/// and a seller, on both engines.
/// </summary>
public abstract class ChannelReportTests(TestApp app)
{
    /// <summary>A lead as inserted, with every status it went through (the independent truth the audit should tell).</summary>
    sealed record Seeded(Lead Lead, List<LeadStatus> Path, Deal? Deal);

    static readonly DateOnly From = new(2025, 1, 10);
    static readonly DateOnly To = new(2025, 5, 20);

    [Fact]
    public async Task Every_figure_equals_a_computation_from_the_raw_leads_deals_and_spend()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var a = await dep.AddPersonAsync("hunter");
        var b = await dep.AddPersonAsync("hunter");
        var pipeline = await head.NewPipelineAsync("simple");
        var rnd = new Random(7);
        var seeded = new List<Seeded>();
        Channel x, y, z;
        Campaign xa, xb;
        var spend = new List<ChannelSpend>();
        await using (var db = app.OpenDb())
        {
            Channel NewChannel(string name) => new()
            {
                Name = $"{name} {dep.Tag}", Kind = ChannelKind.WebForm, DepartmentId = dep.Id, OwnerId = dep.HeadId,
                FormKey = Guid.NewGuid().ToString("N")[..24], CreatedAt = DateTime.UtcNow,
            };
            (x, y, z) = (NewChannel("Сайт"), NewChannel("Выставка"), NewChannel("Рефералы"));
            db.Channels.AddRange(x, y, z);
            await db.SaveChangesAsync();
            (xa, xb) = (new Campaign { ChannelId = x.Id, Name = "Весна" }, new Campaign { ChannelId = x.Id, Name = "Осень" });
            db.Campaigns.AddRange(xa, xb);
            // December is outside the period, January and May are cut by it, June is outside; Z has spend and no lead of the head's but a's.
            foreach (var (ch, month, amount) in new[]
                     {
                         (x, 12, 31_000m), (x, 1, 31_000m), (x, 2, 28_000m), (x, 3, 50_000.50m), (x, 5, 62_000m), (x, 6, 99_999m),
                         (y, 1, 10_000m), (y, 4, 45_000m), (z, 2, 7_000m),
                     })
                spend.Add(new ChannelSpend { ChannelId = ch.Id, Month = new DateOnly(month == 12 ? 2024 : 2025, month, 1), Amount = amount });
            db.ChannelSpend.AddRange(spend);
            await db.SaveChangesAsync();

            var owners = new[] { a.Id, b.Id, dep.HeadId };
            var pages = new[] { "https://site.ru/a?utm_source=ya", "https://site.ru/a", "https://site.ru/b#form", null };
            for (var i = 0; i < 70; i++)
            {
                var arrived = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddHours(rnd.Next(0, 24 * 165));
                if (i == 0) arrived = From.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc); // the first moment counts
                if (i == 1) arrived = To.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddTicks(-10); // the last moment counts
                if (i == 2) arrived = To.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc); // the day after does not
                var ch = i < 6 ? z : rnd.Next(4) switch { 0 => y, 3 => null, _ => x };
                var owner = ch == z ? a.Id : owners[rnd.Next(3)];
                var campaign = ch == x ? rnd.Next(3) switch { 0 => xa, 1 => xb, _ => null } : null;
                var l = new Lead
                {
                    Name = $"Лид {i} {dep.Tag}", ChannelId = ch?.Id, CampaignId = campaign?.Id,
                    Campaign = campaign?.Name ?? (rnd.Next(4) == 0 ? "Без кампании-" + dep.Tag : null),
                    LandingPage = pages[rnd.Next(pages.Length)], OwnerId = owner, ArrivedAt = arrived, CreatedAt = arrived, Status = LeadStatus.New,
                };
                db.Leads.Add(l);
                seeded.Add(new Seeded(l, [LeadStatus.New], null));
            }
            await db.SaveChangesAsync();

            // Each lead walks a path; every step is its own save, as people make them, so the audit keeps the history.
            foreach (var s in seeded)
            {
                var path = rnd.Next(7) switch
                {
                    0 => new[] { LeadStatus.Disqualified },
                    1 => [LeadStatus.Mql, LeadStatus.Disqualified],
                    2 => [LeadStatus.Mql, LeadStatus.Sql, LeadStatus.Disqualified],
                    3 => [LeadStatus.Mql],
                    4 => [LeadStatus.Mql, LeadStatus.Sql],
                    5 => [LeadStatus.Mql, LeadStatus.Sql, LeadStatus.Converted],
                    _ => [],
                };
                foreach (var status in path)
                {
                    s.Lead.Status = status;
                    if (status == LeadStatus.Disqualified) s.Lead.DisqualifyReason = "нет бюджета";
                    s.Path.Add(status);
                    await db.SaveChangesAsync();
                }
            }
            // Converted leads got deals: won, lost or still open, owned by whoever closes them.
            foreach (var s in seeded.Where(s => s.Lead.Status == LeadStatus.Converted).ToList())
            {
                var status = rnd.Next(3) switch { 0 => DealStatus.Won, 1 => DealStatus.Lost, _ => DealStatus.Open };
                var at = s.Lead.ArrivedAt.AddDays(3);
                var d = new Deal
                {
                    Title = s.Lead.Name, PipelineId = pipeline.Id, StageId = pipeline.Stages[0].Id, OwnerId = owners[rnd.Next(3)], Status = status,
                    Amount = rnd.Next(1, 900) * 1000.25m, CreatedAt = at, StageEnteredAt = at, ClosedAt = status == DealStatus.Open ? null : at.AddDays(10),
                };
                db.Deals.Add(d);
                await db.SaveChangesAsync();
                s.Lead.DealId = d.Id;
                s.Lead.ConvertedAt = at;
                seeded[seeded.IndexOf(s)] = s with { Deal = d };
            }
            await db.SaveChangesAsync();
        }

        var fromUtc = From.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var toUtc = To.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var cohort = seeded.Where(s => s.Lead.ArrivedAt >= fromUtc && s.Lead.ArrivedAt < toUtc).ToList();
        var mine = new HashSet<long> { x.Id, y.Id, z.Id };

        // Spend as the period cuts it, day by day: each day in the period carries its month's amount ÷ the month's days.
        decimal SpendOf(Channel c)
        {
            decimal sum = 0;
            foreach (var s in spend.Where(s => s.ChannelId == c.Id))
                for (var d = s.Month; d.Month == s.Month.Month; d = d.AddDays(1))
                    if (d >= From && d <= To) sum += s.Amount / DateTime.DaysInMonth(d.Year, d.Month);
            return decimal.Round(sum, 2, MidpointRounding.AwayFromZero);
        }

        var q = $"from={From:yyyy-MM-dd}&to={To:yyyy-MM-dd}";
        foreach (var groupBy in ChannelReport.GroupBys)
        {
            var report = await head.GetJson<ChannelResult>($"/api/v1/reports/channels?groupBy={groupBy}&{q}");
            string? KeyOf(Seeded s) => groupBy switch
            {
                "campaign" => s.Lead.CampaignId?.ToString() ?? s.Lead.Campaign,
                "landingPage" => s.Lead.LandingPage?.Split('?', '#')[0],
                "owner" => s.Lead.OwnerId.ToString(),
                _ => s.Lead.ChannelId?.ToString(),
            };
            var expected = cohort.GroupBy(KeyOf)
                .Select(g => Expected(g.Key, g.ToList(),
                    groupBy == "channel" && g.Key is { } k ? SpendOf(new[] { x, y, z }.Single(c => c.Id.ToString() == k)) : null))
                .OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
            var ours = report.Rows.Where(r => groupBy != "channel" || r.Key is null || mine.Contains(long.Parse(r.Key))).ToList();
            Assert.Equal(expected, ours.Select(Figures).OrderBy(r => r.Key, StringComparer.Ordinal).ToList());
            // Rows past ours are the company's channels with spend and none of this department's leads.
            Assert.All(report.Rows.Except(ours), r => Assert.Equal(0, r.Leads));
            var otherSpend = report.Rows.Except(ours).Sum(r => r.Spend ?? 0);
            Assert.Equal(Expected(null, cohort, groupBy == "channel" ? SpendOf(x) + SpendOf(y) + SpendOf(z) + otherSpend : null), Figures(report.Total));
        }

        // Spend is cut by days of the month: January 10–31 is 22/31 of January, May 1–20 is 20/31 of May.
        var byChannel = await head.GetJson<ChannelResult>($"/api/v1/reports/channels?{q}");
        Assert.Equal(decimal.Round(31_000m * 22 / 31 + 28_000m + 50_000.50m + 62_000m * 20 / 31, 2, MidpointRounding.AwayFromZero),
            byChannel.Rows.Single(r => r.Key == x.Id.ToString()).Spend);

        // A seller counts their own leads; a channel's spend only where every lead of it in the period is theirs (Z), never a share of it.
        var seller = await app.Client(a.Token).GetJson<ChannelResult>($"/api/v1/reports/channels?{q}");
        var own = cohort.Where(s => s.Lead.OwnerId == a.Id).ToList();
        Assert.Equal(Expected(null, own, null), Figures(seller.Total));
        var sx = seller.Rows.Single(r => r.Key == x.Id.ToString());
        Assert.Equal((own.Count(s => s.Lead.ChannelId == x.Id), (decimal?)null, (decimal?)null), (sx.Leads, sx.Spend, sx.CostPerLead));
        Assert.Equal(Expected(z.Id.ToString(), own.Where(s => s.Lead.ChannelId == z.Id).ToList(), SpendOf(z)),
            Figures(seller.Rows.Single(r => r.Key == z.Id.ToString())));

        var bad = await Problem(await head.GetAsync("/api/v1/reports/channels?groupBy=colour&from=2025-13-01"), HttpStatusCode.BadRequest);
        Assert.Equal(["from", "groupBy"], bad.ErrorFields().Order());
        var csv = await head.GetStringAsync($"/api/v1/reports/channels/export.csv?{q}");
        Assert.Contains("Выставка " + dep.Tag, csv);
        Assert.Contains("ROI", csv);
    }

    static (string? Key, long Leads, long Mql, long Sql, long Deals, long Won, decimal Revenue, double? Conversion, decimal? Spend,
        decimal? CostPerLead, decimal? CostPerWon, double? Roi) Figures(ChannelRow r) =>
        (r.Key, r.Leads, r.Mql, r.Sql, r.Deals, r.Won, r.Revenue, r.Conversion, r.Spend, r.CostPerLead, r.CostPerWon, r.Roi);

    static (string? Key, long Leads, long Mql, long Sql, long Deals, long Won, decimal Revenue, double? Conversion, decimal? Spend,
        decimal? CostPerLead, decimal? CostPerWon, double? Roi) Expected(string? key, List<Seeded> leads, decimal? spend)
    {
        long n = leads.Count;
        long mql = leads.Count(s => s.Path.Any(p => p is LeadStatus.Mql or LeadStatus.Sql or LeadStatus.Converted));
        long sql = leads.Count(s => s.Path.Any(p => p is LeadStatus.Sql or LeadStatus.Converted));
        long deals = leads.Count(s => s.Deal is not null);
        var won = leads.Where(s => s.Deal?.Status == DealStatus.Won).ToList();
        var revenue = won.Sum(s => s.Deal!.Amount);
        return (key, n, mql, sql, deals, won.Count, revenue, n == 0 ? null : Math.Round((double)won.Count / n, 4, MidpointRounding.AwayFromZero),
            spend, spend is { } s1 && n > 0 ? decimal.Round(s1 / n, 2, MidpointRounding.AwayFromZero) : null,
            spend is { } s2 && won.Count > 0 ? decimal.Round(s2 / won.Count, 2, MidpointRounding.AwayFromZero) : null,
            spend is { } s3 && s3 > 0 ? Math.Round((double)((revenue - s3) / s3), 4, MidpointRounding.AwayFromZero) : null);
    }
}

[Collection("sqlite")]
public sealed class ChannelReportTests_Sqlite(SqliteApp app) : ChannelReportTests(app);

[Collection("postgres")]
public sealed class ChannelReportTests_Postgres(PostgresApp app) : ChannelReportTests(app);
