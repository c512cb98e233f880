using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Otdel.Features.Import;
using Otdel.Tests.Infrastructure;
using static Otdel.Tests.Deals.DealsTestKit;

namespace Otdel.Tests.Import;

/// <summary>
/// Imports in the background on both engines: 202 with the run, the run followed until it is done (the same counts as an
/// import in the request) or failed (with why); who may read a run; runs left behind by a dead process; refused rows
/// bounded in memory; the file's hash taken as it is read, from streams that cannot seek too.
/// </summary>
public abstract class ImportJobsTests(TestApp app)
{
    [Fact]
    public async Task A_background_import_answers_202_and_ends_with_the_counts_of_one_in_the_request()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var seller = await dep.AddPersonAsync("closer");
        // The same file twice, into two pipelines with clients of their own: once in the request, once in the background.
        string File(string pipeline, string clients)
        {
            var csv = new StringBuilder("pipeline,status,owner,title,amount,client\n");
            for (var i = 0; i < 30; i++)
                csv.Append(CultureInfo.InvariantCulture, $"{pipeline},open,{seller.Email},Сделка {i},{i * 100},Клиент {i % 4} {clients}\n");
            csv.Append(CultureInfo.InvariantCulture, $"{pipeline},open,{seller.Email},Плохая,сто,Клиент\n");
            return csv.Append(CultureInfo.InvariantCulture, $"Нет такой {dep.Tag},open,{seller.Email},Чужая,1,Клиент\n").ToString();
        }
        var first = await head.NewPipelineAsync("simple", "Сразу " + dep.Tag);
        var pipeline = await head.NewPipelineAsync("simple", "Фон " + dep.Tag);
        var sync = await Expect<ImportResultView>(await PostAsync(head, "deals", File(first.Name, "A" + dep.Tag)), HttpStatusCode.OK);
        var csv = File(pipeline.Name, "B" + dep.Tag);
        var res = await PostAsync(head, "deals", csv, ("background", "true"));
        var started = await Expect<ImportRunStatus>(res, HttpStatusCode.Accepted);
        Assert.Equal($"/api/v1/import/runs/{started.Id}", res.Headers.Location?.OriginalString);
        Assert.Equal(("running", (DateTime?)null), (started.State, started.FinishedAt));
        Assert.NotEqual(sync.RunId, started.Id);

        var done = await UntilOverAsync(head, started.Id);
        Assert.Equal("done", done.State);
        Assert.Equal((sync.Rows, sync.Imported, sync.Rejected, sync.Applied, 100), (done.Rows, done.Imported, done.Rejected, done.Applied, done.Percent));
        Assert.Equal(sync.Created, done.Created);
        Assert.Equal(sync.RejectedRows.Select(r => (r.Line, r.Reason)), done.RejectedRows.Select(r => (r.Line, r.Reason)));
        Assert.Null(done.Error);
        Assert.Contains("сто", await head.GetStringAsync($"/api/v1/import/runs/{done.Id}/rejected.csv"));
        var deals = await head.GetJson<ImportDealsTests.DealList>($"/api/v1/deals?pipelineId={pipeline.Id}&limit=100");
        Assert.Equal(30, deals.Items.Count);

        // The run in the history carries the file's hash and its state; the upload is gone.
        var runs = await head.GetJson<List<ImportRunView>>("/api/v1/import/runs");
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(csv)));
        Assert.Equal((hash, "done"), runs.Where(r => r.Id == done.Id).Select(r => (r.FileSha256, r.State)).Single());
        var uploads = Path.Combine(app.DataDir, "imports", "jobs");
        Assert.Empty(Directory.Exists(uploads) ? Directory.GetFiles(uploads) : []);
    }

    [Fact]
    public async Task A_background_import_of_an_unreadable_file_fails_with_why_and_the_next_one_still_runs()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var binary = new byte[4096];
        new Random(3).NextBytes(binary);
        binary[10] = 0;
        using var form = new MultipartFormDataContent { { new ByteArrayContent(binary), "file", "deals.csv" }, { new StringContent("true"), "background" } };
        var started = await Expect<ImportRunStatus>(await head.PostAsync("/api/v1/import/deals", form), HttpStatusCode.Accepted);
        var failed = await UntilOverAsync(head, started.Id);
        Assert.Equal(("failed", 0, false), (failed.State, failed.Imported, failed.Applied));
        Assert.Contains("CSV", failed.Error);
        Assert.Equal("failed", (await head.GetJson<List<ImportRunView>>("/api/v1/import/runs")).Single(r => r.Id == started.Id).State);

        var next = await Expect<ImportRunStatus>(await PostAsync(head, "people", $"name,email\nИван {dep.Tag},ivan-{dep.Tag}@test.otdel\n",
            ("background", "true")), HttpStatusCode.Accepted);
        var after = await UntilOverAsync(head, next.Id);
        Assert.Equal(("done", 1), (after.State, after.Imported));
    }

    [Fact]
    public async Task A_run_is_read_by_whoever_reads_the_runs_list_and_refused_to_sellers()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var seller = await dep.AddPersonAsync("closer");
        var other = await app.NewDepartmentAsync();
        var started = await Expect<ImportRunStatus>(await PostAsync(head, "people", $"name,email\nОльга {dep.Tag},olga-{dep.Tag}@test.otdel\n",
            ("background", "true")), HttpStatusCode.Accepted);
        await UntilOverAsync(head, started.Id);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client(other.HeadToken).GetAsync($"/api/v1/import/runs/{started.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.Client(seller.Token).GetAsync($"/api/v1/import/runs/{started.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Client(app.RootToken).GetAsync($"/api/v1/import/runs/{started.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await head.GetAsync("/api/v1/import/runs/987654321")).StatusCode);
    }

    [Fact]
    public async Task Runs_left_running_by_a_dead_process_are_closed_as_failed()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var gone = "gone-" + dep.Tag;
        ImportRun Run(string worker, TimeSpan ago) => new()
        {
            Target = "deals", FileName = worker + ".csv", ById = dep.HeadId, StartedAt = DateTime.UtcNow - ago, FinishedAt = DateTime.UtcNow - ago,
            DryRun = true, State = ImportRunState.Running, Worker = worker,
        };
        var mine = Run(gone, TimeSpan.FromMinutes(5));
        var old = Run("elsewhere-" + dep.Tag, TimeSpan.FromHours(3));
        var live = Run("elsewhere-" + dep.Tag, TimeSpan.FromMinutes(5));
        await using (var db = app.OpenDb())
        {
            db.ImportRuns.AddRange(mine, old, live);
            await db.SaveChangesAsync();
        }

        // Read before any sweep: a run nobody here holds, started hours ago, has failed; a recent one may live elsewhere.
        var oldNow = await head.GetJson<ImportRunStatus>($"/api/v1/import/runs/{old.Id}");
        Assert.Equal("failed", oldNow.State);
        Assert.False(string.IsNullOrEmpty(oldNow.Error));
        Assert.Equal("running", (await head.GetJson<ImportRunStatus>($"/api/v1/import/runs/{live.Id}")).State);

        // A server starting on the machine named "gone" closes that machine's runs, and every run older than the limit.
        await using (var db = app.OpenDb())
        {
            await ImportRunState.SweepAsync(db, gone, default);
            var states = await db.ImportRuns.Where(r => r.Id == mine.Id || r.Id == old.Id || r.Id == live.Id)
                .ToDictionaryAsync(r => r.Id, r => (r.State, r.Error is not null));
            Assert.Equal((ImportRunState.Failed, true), states[mine.Id]);
            Assert.Equal((ImportRunState.Failed, true), states[old.Id]);
            Assert.Equal((ImportRunState.Running, false), states[live.Id]);
            await db.ImportRuns.Where(r => r.Id == live.Id).ExecuteUpdateAsync(s => s.SetProperty(r => r.State, ImportRunState.Done));
        }
        var mineNow = await head.GetJson<ImportRunStatus>($"/api/v1/import/runs/{mine.Id}");
        Assert.Equal("failed", mineNow.State);
        Assert.Equal(oldNow.Error, mineNow.Error);
    }

    [Fact]
    public async Task Refused_rows_are_all_told_but_only_the_first_ten_thousand_kept_and_the_hash_needs_no_second_read()
    {
        var csv = new StringBuilder("name,phone\n");
        for (var i = 0; i < Importer.KeptRejects + 50; i++) csv.Append(CultureInfo.InvariantCulture, $",+7 900 {i:0000000}\n");
        csv.Append("Клиент,\n");
        var bytes = Encoding.UTF8.GetBytes(csv.ToString());
        var told = 0;
        var lastLine = 0;
        await using var db = app.OpenDb();
        var result = await new Importer(db, null, TimeZoneInfo.Utc).RunAsync(new OneWay(bytes),
            new ImportOptions(ImportTarget.Clients, "many.csv", DryRun: true, Refused: (headers, row) => { told++; lastLine = row.Line; }));
        Assert.Equal((Importer.KeptRejects + 51, 1, Importer.KeptRejects + 50), (result.Rows, result.Imported, result.RejectedCount));
        Assert.Equal(Importer.KeptRejects, result.Rejected.Count);
        Assert.Equal((Importer.KeptRejects + 50, Importer.KeptRejects + 51), (told, lastLine));
        var run = await db.ImportRuns.AsNoTracking().SingleAsync(r => r.Id == result.RunId);
        Assert.Equal((Importer.KeptRejects + 50, ImportRunState.Done), (run.Rejected, run.State));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), run.FileSha256);
    }

    [Fact]
    public void The_hash_is_the_file_s_whatever_the_reader_seeks()
    {
        var bytes = new byte[300_000];
        new Random(5).NextBytes(bytes);
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
        using var hashing = new HashingStream(new MemoryStream(bytes));
        var buffer = new byte[70_000];
        hashing.ReadExactly(buffer, 0, 65_536);
        hashing.Position = 0; // the kind is sniffed, then the reader starts again
        hashing.ReadExactly(buffer, 0, 70_000);
        hashing.Position = 200_000; // a zip's directory is read from the end first
        hashing.ReadExactly(buffer, 0, 10_000);
        hashing.Position = 50_000;
        hashing.ReadExactly(buffer, 0, 60_000);
        Assert.Equal(expected, hashing.Finish());
    }

    /// <summary>Polls the run until it is no longer running (the state, never a fixed wait), for at most a minute.</summary>
    static async Task<ImportRunStatus> UntilOverAsync(HttpClient c, long id)
    {
        var until = DateTime.UtcNow.AddMinutes(1);
        while (true)
        {
            var run = await c.GetJson<ImportRunStatus>($"/api/v1/import/runs/{id}");
            if (run.State != "running") return run;
            Assert.True(DateTime.UtcNow < until, $"run {id} still running after a minute");
            await Task.Delay(50);
        }
    }

    static Task<HttpResponseMessage> PostAsync(HttpClient c, string target, string csv, params (string Name, string Value)[] extra)
    {
        var form = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "file", target + ".csv" } };
        foreach (var (n, v) in extra) form.Add(new StringContent(v), n);
        return c.PostAsync($"/api/v1/import/{target}", form);
    }

    /// <summary>A stream that only reads forward, as an upload read straight from the request would.</summary>
    sealed class OneWay(byte[] bytes) : Stream
    {
        readonly MemoryStream inner = new(bytes);
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, Math.Min(count, 1000));
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

[Collection("sqlite")]
public sealed class ImportJobsTests_Sqlite(SqliteApp app) : ImportJobsTests(app);

[Collection("postgres")]
public sealed class ImportJobsTests_Postgres(PostgresApp app) : ImportJobsTests(app);
