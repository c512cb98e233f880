using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Otdel.Features.Deals;
using Otdel.Features.Import;
using Otdel.Features.Pipelines;
using Otdel.Features.Reports;
using Otdel.Tests.Infrastructure;
using static Otdel.Tests.Deals.DealsTestKit;

namespace Otdel.Tests.Import;

/// <summary>
/// Historical deals from another CRM's export (amoCRM's column names, its won/lost words in the stage column), mapped
/// and imported through the API on both engines; the sales and funnel reports of the imported period are then checked
/// against figures computed here from the file itself — not from the database.
/// </summary>
public abstract class ImportDealsTests(TestApp app)
{
    sealed record FileDeal(string Id, string Title, decimal Amount, string Owner, string StageCell, DateTime CreatedLocal, DateTime? ClosedLocal,
        string Client, string? Reason)
    {
        public DealStatus Status => StageCell switch
        {
            "Успешно реализовано" => DealStatus.Won,
            "Закрыто и не реализовано" => DealStatus.Lost,
            _ => DealStatus.Open,
        };
        // Moscow is UTC+3 all year since 2014: the file's wall clock less three hours.
        public DateTime CreatedUtc => CreatedLocal.AddHours(-3);
        public DateTime? ClosedUtc => ClosedLocal?.AddHours(-3);
    }

    static readonly CultureInfo Ru = CultureInfo.GetCultureInfo("ru-RU");

    [Fact]
    public async Task Historical_deals_come_with_their_past_and_the_reports_of_the_period_match_the_file()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var a = await dep.AddPersonAsync("closer");
        var b = await dep.AddPersonAsync("closer");
        var pipeline = await head.NewPipelineAsync("simple", "Продажи " + dep.Tag);
        var sales = pipeline.Stages.Where(s => s.Kind == StageKind.Sales).OrderBy(s => s.Order).ToList();
        var rnd = new Random(7);
        var owners = new[] { a.Email, b.Email, "Пётр Новиков " + dep.Tag };
        var file = new List<FileDeal>();
        for (var i = 0; i < 240; i++)
        {
            var created = new DateTime(2025, 1, 1).AddMinutes(rnd.Next(0, 60 * 24 * 150));
            var roll = rnd.Next(10);
            var stageCell = roll < 4 ? "Успешно реализовано" : roll < 7 ? "Закрыто и не реализовано" : sales[rnd.Next(sales.Count)].Name;
            DateTime? closed = roll < 7 ? created.AddMinutes(rnd.Next(60, 60 * 24 * 60)) : null;
            file.Add(new FileDeal($"amo-{dep.Tag}-{i}", $"Сделка {i}", rnd.Next(1, 90_000) * 12.5m, owners[rnd.Next(owners.Length)], stageCell, created,
                closed, rnd.Next(3) == 0 ? "ООО «Ромашка " + dep.Tag + "»" : "Клиент " + rnd.Next(20) + " " + dep.Tag,
                roll is >= 4 and < 7 ? "Дорого" : null));
        }

        var csv = new StringBuilder("ID;Название сделки;Бюджет;Ответственный;Этап сделки;Воронка;Дата создания;Дата закрытия;Компания;Причина отказа\n");
        foreach (var d in file)
            csv.Append(CultureInfo.InvariantCulture, $"{d.Id};{d.Title};{d.Amount.ToString("N2", Ru)};{d.Owner};{d.StageCell};{pipeline.Name};")
                .Append(CultureInfo.InvariantCulture, $"{d.CreatedLocal:dd.MM.yyyy HH:mm:ss};{d.ClosedLocal:dd.MM.yyyy HH:mm:ss};")
                .Append(CultureInfo.InvariantCulture, $"\"{d.Client.Replace("\"", "\"\"")}\";{d.Reason}\n");
        // Two rows that must be refused, with their reasons: an amount that is not a number, a pipeline that does not exist.
        csv.Append(CultureInfo.InvariantCulture, $"bad-1-{dep.Tag};Плохая;сто рублей;{a.Email};{sales[0].Name};{pipeline.Name};01.02.2025 10:00:00;;Клиент;\n");
        csv.Append(CultureInfo.InvariantCulture, $"bad-2-{dep.Tag};Чужая;100;{a.Email};{sales[0].Name};Нет такой воронки;01.02.2025 10:00:00;;Клиент;\n");

        var mapping = """
            {"columns": {"ID": "externalId", "Название сделки": "title", "Бюджет": "amount", "Ответственный": "owner",
                         "Этап сделки": ["status", "stage"], "Воронка": "pipeline", "Дата создания": "createdAt", "Дата закрытия": "closedAt",
                         "Компания": "client", "Причина отказа": "lossReason"},
             "values": {"status": {"Успешно реализовано": "won", "Закрыто и не реализовано": "lost", "*": "open"},
                        "stage": {"Успешно реализовано": "", "Закрыто и не реализовано": ""}},
             "dateFormats": ["dd.MM.yyyy HH:mm:ss"], "timeZone": "Europe/Moscow"}
            """;
        var result = await ImportAsync(head, "deals", csv.ToString(), mapping);
        Assert.Equal((242, 240, 2, true), (result.Rows, result.Imported, result.Rejected, result.Applied));
        Assert.Equal([file.Count + 2, file.Count + 3], result.RejectedRows.Select(r => r.Line));
        Assert.Contains("сто рублей", result.RejectedRows[0].Reason);
        Assert.Contains("Нет такой воронки", result.RejectedRows[1].Reason);
        Assert.Equal(1, result.Created["people"]);

        // The sales report of the period equals a count over the file's rows, grouped by month of the close date.
        var from = new DateOnly(2025, 2, 1);
        var to = new DateOnly(2025, 5, 31);
        var closedIn = file.Where(d => d.Status != DealStatus.Open && DateOnly.FromDateTime(d.ClosedUtc!.Value) >= from
            && DateOnly.FromDateTime(d.ClosedUtc!.Value) <= to).ToList();
        var report = await head.GetJson<SalesResult>($"/api/v1/reports/sales?groupBy=month&from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}");
        var expected = closedIn.GroupBy(d => d.ClosedUtc!.Value.ToString("yyyy-MM", CultureInfo.InvariantCulture))
            .Select(g => Expected(g.Key, g.ToList())).OrderBy(x => x.Key, StringComparer.Ordinal).ToList();
        Assert.Equal(expected, report.Rows.Select(r => (r.Key, r.Won, r.Lost, r.WinRate, r.RevenueWon, r.AvgWonDeal, r.MedianCycleDays))
            .OrderBy(x => x.Key, StringComparer.Ordinal).ToList());
        var byOwner = await head.GetJson<SalesResult>($"/api/v1/reports/sales?groupBy=owner&from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}");
        Assert.Equal(closedIn.Count(d => d.Owner == a.Email), byOwner.Rows.Where(r => r.Key == a.Id.ToString()).Sum(r => r.Won + r.Lost));

        // The funnel: each deal entered every sales stage up to the one it reached, when it was created; it went on from
        // each but the last, and from the last too when it was won. Lost deals without a stage were lost at the first.
        var funnel = await head.GetJson<FunnelResult>($"/api/v1/reports/funnel?pipelineId={pipeline.Id}&from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}");
        var createdIn = file.Where(d => DateOnly.FromDateTime(d.CreatedUtc) >= from && DateOnly.FromDateTime(d.CreatedUtc) <= to).ToList();
        int Reached(FileDeal d) =>
            d.Status switch { DealStatus.Won => sales.Count - 1, DealStatus.Lost => 0, _ => sales.FindIndex(s => s.Name == d.StageCell) };
        for (var i = 0; i < sales.Count; i++)
        {
            var row = funnel.Rows.Single(r => r.StageId == sales[i].Id);
            var entered = createdIn.Count(d => Reached(d) >= i);
            var advanced = createdIn.Count(d => Reached(d) > i || (Reached(d) == i && d.Status == DealStatus.Won));
            Assert.Equal((sales[i].Name, (long)entered, (long)advanced), (row.StageName, row.Entered, row.Advanced));
        }

        // The deals keep their past dates and amounts; the lost ones their reason.
        var one = file.First(d => d.Status == DealStatus.Lost);
        var page = await head.GetJson<DealList>($"/api/v1/deals?pipelineId={pipeline.Id}&status=lost&limit=100");
        var lost = page.Items.Single(d => d.Title == one.Title);
        Assert.Equal((one.Amount, one.CreatedUtc, one.ClosedUtc), (lost.Amount, lost.CreatedAt, lost.ClosedAt));

        // The board's totals (appended rows, summed by readers) hold the file's deals per stage and status, to the kopeck.
        await using (var db = app.OpenDb())
        {
            var stageIds = pipeline.Stages.Select(s => s.Id).ToList();
            var totals = db.StageTotals.Where(t => stageIds.Contains(t.StageId)).AsEnumerable()
                .GroupBy(t => (t.StageId, t.Status)).Where(g => g.Sum(t => t.Deals) != 0)
                .Select(g => (g.Key.StageId, g.Key.Status, g.Sum(t => t.Deals), g.Sum(t => t.Amount))).OrderBy(x => x).ToList();
            // A won deal stands in the first post-sale stage, or in the last sales stage of a pipeline without one.
            var wonStage = pipeline.Stages.Where(s => s.Kind == StageKind.PostSale).OrderBy(s => s.Order).Select(s => (long?)s.Id).FirstOrDefault()
                ?? sales[^1].Id;
            long StageOf(FileDeal d) => d.Status switch
            {
                DealStatus.Won => wonStage,
                DealStatus.Lost => sales[0].Id,
                _ => sales.Single(s => s.Name == d.StageCell).Id,
            };
            var fromFile = file.GroupBy(d => (StageOf(d), d.Status)).Select(g => (g.Key.Item1, g.Key.Status, (long)g.Count(), g.Sum(d => d.Amount)))
                .OrderBy(x => x).ToList();
            Assert.Equal(fromFile, totals);
        }

        // Brought again, nothing is duplicated: every deal is updated from its row, as it was.
        var again = await ImportAsync(head, "deals", csv.ToString(), mapping);
        Assert.Equal((240, 2, true, 240), (again.Imported, again.Rejected, again.Applied, again.Updated));
        var count = await head.GetJson<SalesResult>($"/api/v1/reports/sales?groupBy=month&from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}");
        Assert.Equal(report.Total.Won, count.Total.Won);

        // The refused rows are kept with the run for download, with their reasons.
        var rejected = await head.GetStringAsync($"/api/v1/import/runs/{result.RunId}/rejected.csv");
        Assert.Contains("сто рублей", rejected);

        // Both runs carry the file's SHA-256: the second is recognisably the same file.
        var runs = await head.GetJson<List<ImportRunView>>("/api/v1/import/runs");
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(csv.ToString())));
        Assert.Equal([hash, hash], runs.Where(r => r.Id == result.RunId || r.Id == again.RunId).Select(r => r.FileSha256));
    }

    [Fact]
    public async Task A_file_of_several_chunks_comes_whole_with_repeats_and_new_people_in_later_chunks()
    {
        // Rows are written a chunk at a time while the next chunks are read: 3,500 rows are four chunks. The last 500 bring
        // the first 500 deals again (updates of deals written, or still queued, by then), and from row 2,200 on a person
        // the department does not have owns the deals — created mid-file, while earlier chunks are being written.
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var pipeline = await head.NewPipelineAsync("simple", "Партии " + dep.Tag);
        var stranger = "Новый Продавец " + dep.Tag;
        var csv = new StringBuilder("externalId,pipeline,status,owner,client,title,amount\n");
        var last = new Dictionary<string, (decimal Amount, string Owner, string Client)>();
        for (var i = 0; i < 3_500; i++)
        {
            var id = $"{dep.Tag}-{i % 3_000}";
            var owner = i >= 2_200 ? stranger : dep.HeadEmail;
            var client = $"Клиент {i % 700} {dep.Tag}";
            csv.Append(CultureInfo.InvariantCulture, $"{id},{pipeline.Name},open,{owner},{client},Сделка {i},{1000 + i}\n");
            last[id] = (1000 + i, owner, client);
        }

        var result = await ImportAsync(head, "deals", csv.ToString(), null);

        Assert.Equal((3_500, 3_500, 0, 500, true), (result.Rows, result.Imported, result.Rejected, result.Updated, result.Applied));
        Assert.Equal((700, 1), (result.Created["clients"], result.Created["people"]));
        await using var db = app.OpenDb();
        var deals = await db.Deals.AsNoTracking().Where(d => d.PipelineId == pipeline.Id)
            .Select(d => new { d.ExternalId, d.Amount, d.OwnerId, d.ClientId }).ToListAsync();
        var people = await db.Users.AsNoTracking().Where(u => deals.Select(d => d.OwnerId).Distinct().Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => u.Id == dep.HeadId ? u.Email : u.FullName);
        var clients = await db.Clients.AsNoTracking().Where(c => c.ImportRunId == result.RunId).ToDictionaryAsync(c => c.Id, c => c.Name);
        Assert.Equal(last.Keys.Order(StringComparer.Ordinal), deals.Select(d => d.ExternalId!).Order(StringComparer.Ordinal));
        foreach (var d in deals)
        {
            var (amount, owner, client) = last[d.ExternalId!];
            Assert.Equal((amount, owner, client), (d.Amount, people[d.OwnerId], clients[d.ClientId!.Value]));
        }
        var totals = await db.StageTotals.AsNoTracking().Where(t => t.PipelineId == pipeline.Id).ToListAsync();
        Assert.Equal((3_000L, last.Values.Sum(v => v.Amount)), (totals.Sum(t => t.Deals), totals.Sum(t => t.Amount)));
    }

    [Fact]
    public async Task A_file_that_breaks_off_mid_import_leaves_no_deal_and_a_failed_run()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var pipeline = await head.NewPipelineAsync("simple", "Обрыв " + dep.Tag);
        var bytes = LongFile(pipeline.Name, dep.HeadEmail);
        var name = $"broken-{dep.Tag}.csv";

        // The upload or the disk gives out two thirds of the way, with chunks before it written or still being written.
        await using (var db = app.OpenDb())
            await Assert.ThrowsAsync<IOException>(() => new Importer(db, null, TimeZoneInfo.Utc)
                .RunAsync(new BreaksOff(bytes, bytes.Length * 2 / 3), new ImportOptions(ImportTarget.Deals, name)));

        await using var check = app.OpenDb();
        Assert.Equal(0, await check.Deals.CountAsync(d => d.PipelineId == pipeline.Id));
        var run = await check.ImportRuns.AsNoTracking().SingleAsync(r => r.FileName == name);
        Assert.Equal((ImportRunState.Failed, 0), (run.State, run.Imported));
    }

    /// <summary>25,000 open deals of one pipeline and owner: more rows than a progress report's step and many chunks.</summary>
    static byte[] LongFile(string pipeline, string owner)
    {
        var csv = new StringBuilder("pipeline,status,owner,title,amount\n");
        for (var i = 0; i < 25_000; i++) csv.Append(CultureInfo.InvariantCulture, $"{pipeline},open,{owner},Сделка {i},{i}\n");
        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    /// <summary>A file that can be read up to a point and then fails, as a broken upload or disk does.</summary>
    sealed class BreaksOff(byte[] bytes, int at) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count)
        {
            if (Position >= at) throw new IOException("the file broke off");
            return base.Read(buffer, offset, (int)Math.Min(count, at - Position));
        }

        public override int Read(Span<byte> buffer)
        {
            var copy = new byte[buffer.Length];
            var n = Read(copy, 0, copy.Length);
            copy.AsSpan(0, n).CopyTo(buffer);
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) => new(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) => Task.FromResult(Read(buffer, offset, count));
    }

    [Fact]
    public async Task A_long_file_reports_its_progress_as_it_is_read()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var pipeline = await head.NewPipelineAsync("simple", "Длинная " + dep.Tag);
        var bytes = LongFile(pipeline.Name, dep.HeadEmail);
        var seen = new List<ImportProgress>();
        await using var db = app.OpenDb();
        var result = await new Importer(db, null, TimeZoneInfo.Utc)
            .RunAsync(new MemoryStream(bytes), new ImportOptions(ImportTarget.Deals, "long.csv", DryRun: true, Progress: seen.Add));
        Assert.Equal((25_000, 25_000), (result.Rows, result.Imported));
        Assert.Equal([10_000, 20_000], seen.Select(p => p.Rows));
        Assert.All(seen, p => Assert.Equal(bytes.Length, p.TotalBytes));
        Assert.True(seen[0].Bytes > 0 && seen[0].Bytes < seen[1].Bytes && seen[1].Bytes <= bytes.Length);
    }

    [Fact]
    public async Task A_dry_run_and_an_all_or_nothing_import_with_refusals_keep_nothing_and_bad_input_is_named()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var seller = await dep.AddPersonAsync("closer");
        var pipeline = await head.NewPipelineAsync("simple", "Воронка " + dep.Tag);
        var csv = $"pipeline,status,owner,title,amount\n{pipeline.Name},open,{seller.Email},Первая {dep.Tag},100\n"
            + $"{pipeline.Name},won,{seller.Email},Вторая {dep.Tag},x\n";

        var dry = await ImportAsync(head, "deals", csv, null, ("dryRun", "true"));
        Assert.Equal((2, 1, 1, false), (dry.Rows, dry.Imported, dry.Rejected, dry.Applied));
        var strict = await ImportAsync(head, "deals", csv, null, ("allOrNothing", "true"));
        Assert.False(strict.Applied);
        var page = await head.GetJson<DealList>($"/api/v1/deals?pipelineId={pipeline.Id}&limit=50");
        Assert.Empty(page.Items);

        // The mapping and the file are named when they are wrong; a seller may not import at all.
        var badMapping = await Problem(await PostAsync(head, "deals", csv, """{"columns": {"title": "colour"}}"""), HttpStatusCode.BadRequest);
        Assert.Equal(["mapping"], badMapping.ErrorFields());
        var notJson = await Problem(await PostAsync(head, "deals", csv, "{"), HttpStatusCode.BadRequest);
        Assert.Equal(["mapping"], notJson.ErrorFields());
        var noFile = await Problem(await PostAsync(head, "deals", "", null, ("dryRun", "true")), HttpStatusCode.BadRequest);
        Assert.Equal(["file"], noFile.ErrorFields());
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(head, "ships", csv, null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(app.Client(seller.Token), "deals", csv, null)).StatusCode);
    }

    public sealed record DealList(List<DealView> Items, long? NextCursor);

    static async Task<ImportResultView> ImportAsync(HttpClient c, string target, string csv, string? mapping, params (string, string)[] extra) =>
        await Expect<ImportResultView>(await PostAsync(c, target, csv, mapping, extra), HttpStatusCode.OK);

    static Task<HttpResponseMessage> PostAsync(HttpClient c, string target, string csv, string? mapping, params (string Name, string Value)[] extra)
    {
        var form = new MultipartFormDataContent();
        if (csv.Length > 0) form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "file", "deals.csv");
        if (mapping is not null) form.Add(new StringContent(mapping), "mapping");
        foreach (var (n, v) in extra) form.Add(new StringContent(v), n);
        return c.PostAsync($"/api/v1/import/{target}", form);
    }

    static (string? Key, long Won, long Lost, double? WinRate, decimal Revenue, decimal? Avg, double? Median) Expected(string? key, List<FileDeal> deals) =>
        Reports.SalesExpectation.Of(key, deals.Select(d => new Reports.SalesExpectation.Closed(d.Status, d.Amount, d.CreatedUtc, d.ClosedUtc!.Value)).ToList());
}

[Collection("sqlite")]
public sealed class ImportDealsTests_Sqlite(SqliteApp app) : ImportDealsTests(app);

[Collection("postgres")]
public sealed class ImportDealsTests_Postgres(PostgresApp app) : ImportDealsTests(app);
