using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Otdel.Features.Deals;
using Otdel.Features.Import;
using Otdel.Features.Leads;
using Otdel.Features.Pipelines;
using Otdel.Tests.Infrastructure;
using static Otdel.Tests.Deals.DealsTestKit;

namespace Otdel.Tests.Import;

/// <summary>
/// An import undone as a whole (its deals, visits, clients, people gone, the lead it converted back as it was, the board
/// and the reports as before), refused once anything changed what it created; and a second run of a file with external
/// ids updating what the first brought instead of duplicating it — on both engines, the board checked against the deals.
/// </summary>
public abstract class ImportUndoTests(TestApp app)
{
    [Fact]
    public async Task An_undone_import_leaves_the_department_as_it_was()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var seller = await dep.AddPersonAsync("closer");
        var pipeline = await head.NewPipelineAsync("simple", "Откат " + dep.Tag);
        var sales = pipeline.Stages.Where(s => s.Kind == StageKind.Sales).OrderBy(s => s.Order).ToList();
        var leads = await ImportAsync(head, "leads", $"externalId,name,phone,owner\nL-{dep.Tag},Иван {dep.Tag},+7 900 111-22-33,{seller.Email}\n");
        Assert.True(leads.Applied);
        // A deal typed in by hand before the import: the board and the reports keep it.
        await head.NewDealAsync(pipeline, "Своя " + dep.Tag, sales[0].Id, 5_000, ownerId: seller.Id);
        var from = new DateOnly(2025, 1, 1);
        var to = new DateOnly(2026, 12, 31);
        var funnelUrl = $"/api/v1/reports/funnel?pipelineId={pipeline.Id}&from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}";
        var salesUrl = $"/api/v1/reports/sales?groupBy=owner&from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}";
        var (funnelBefore, salesBefore) = (await head.GetStringAsync(funnelUrl), await head.GetStringAsync(salesUrl));
        Lead leadBefore;
        await using (var db = app.OpenDb()) leadBefore = await db.Leads.AsNoTracking().SingleAsync(l => l.ExternalId == "L-" + dep.Tag);

        var csv = new StringBuilder("externalId,pipeline,status,stage,owner,client,amount,createdAt,closedAt,leadExternalId\n")
            .Append($"D1-{dep.Tag},{pipeline.Name},won,,{seller.Email},Новый клиент {dep.Tag},1200.50,2025-03-01,2025-03-20,L-{dep.Tag}\n")
            .Append($"D2-{dep.Tag},{pipeline.Name},lost,,Пётр Импортов {dep.Tag},Новый клиент {dep.Tag},700,2025-04-01,2025-04-02,\n")
            .Append($"D3-{dep.Tag},{pipeline.Name},open,{sales[^1].Name},Пётр Импортов {dep.Tag},Другой клиент {dep.Tag},300,2025-05-01,,\n");
        var result = await ImportAsync(head, "deals", csv.ToString());
        Assert.Equal((3, 0, true), (result.Imported, result.Rejected, result.Applied));
        Assert.Equal((1, 2), (result.Created["people"], result.Created["clients"]));
        Assert.NotEqual(salesBefore, await head.GetStringAsync(salesUrl));

        var undone = await Expect<ImportUndoResult>(await head.PostAsync($"/api/v1/import/runs/{result.RunId}/undo", null), HttpStatusCode.OK);
        Assert.Equal((3, 2, 0, 1, 1), (undone.Deals, undone.Clients, undone.Leads, undone.People, undone.LeadsRestored));

        await using (var db = app.OpenDb())
        {
            Assert.False(await db.Deals.AnyAsync(d => d.ImportRunId == result.RunId));
            Assert.False(await db.Deals.AnyAsync(d => d.ExternalId != null && d.ExternalId.EndsWith(dep.Tag)));
            Assert.False(await db.Clients.AnyAsync(c => c.Name.EndsWith(dep.Tag)));
            Assert.False(await db.Users.AnyAsync(u => u.FullName == "Пётр Импортов " + dep.Tag));
            // The hand-typed deal's one visit is all that is left in the pipeline.
            Assert.Equal(1, await db.StageVisits.CountAsync(v => v.PipelineId == pipeline.Id));
            var lead = await db.Leads.AsNoTracking().SingleAsync(l => l.Id == leadBefore.Id);
            Assert.Equal((leadBefore.Status, leadBefore.DealId, leadBefore.ClientId, leadBefore.ConvertedAt),
                (lead.Status, lead.DealId, lead.ClientId, lead.ConvertedAt));
            await AssertBoardMatchesDealsAsync(db, pipeline.Id);
        }
        Assert.Equal(funnelBefore, await head.GetStringAsync(funnelUrl));
        Assert.Equal(salesBefore, await head.GetStringAsync(salesUrl));

        // Twice: refused; the history says it was undone.
        var twice = await Problem(await head.PostAsync($"/api/v1/import/runs/{result.RunId}/undo", null), HttpStatusCode.Conflict);
        Assert.Contains("отменён", twice.GetRawText());
        await using (var db = app.OpenDb())
            Assert.NotNull((await db.ImportRuns.SingleAsync(r => r.Id == result.RunId)).UndoneAt);
    }

    [Fact]
    public async Task Undo_is_refused_once_anything_changed_what_the_import_created_and_only_the_runs_viewers_may_ask()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var seller = await dep.AddPersonAsync("closer");
        var pipeline = await head.NewPipelineAsync("simple", "Отказ " + dep.Tag);
        var sales = pipeline.Stages.Where(s => s.Kind == StageKind.Sales).OrderBy(s => s.Order).ToList();
        string File(string run) => $"externalId,title,pipeline,status,owner,amount\n{run}-1-{dep.Tag},Первая {run},{pipeline.Name},open,{seller.Email},100\n"
            + $"{run}-2-{dep.Tag},Вторая {run},{pipeline.Name},open,{seller.Email},200\n";

        // Moved on the board after the import.
        var moved = await ImportAsync(head, "deals", File("m"));
        var deal = await head.GetJson<DealView>($"/api/v1/deals/{await DealIdAsync("m-1-" + dep.Tag)}");
        Assert.Equal(HttpStatusCode.OK, (await head.MoveAsync(deal, sales[1].Id)).StatusCode);
        var refusal = await Problem(await head.PostAsync($"/api/v1/import/runs/{moved.RunId}/undo", null), HttpStatusCode.Conflict);
        Assert.Contains("Первая m", refusal.GetRawText());
        Assert.True(await DealExistsAsync("m-2-" + dep.Tag), "a refused undo removes nothing");

        // Commented: a note on one of its deals.
        var noted = await ImportAsync(head, "deals", File("n"));
        var note = await head.PostAsJsonAsync("/api/v1/activities", new { kind = "note", text = "Позвонить", dealId = await DealIdAsync("n-2-" + dep.Tag) });
        Assert.Equal(HttpStatusCode.Created, note.StatusCode);
        var english = app.Client(dep.HeadToken, "en");
        var commented = await Problem(await english.PostAsync($"/api/v1/import/runs/{noted.RunId}/undo", null), HttpStatusCode.Conflict);
        Assert.Contains("Deals changed since the import: 1", commented.GetRawText());

        // A dry run has nothing to undo; a seller may not undo; another department does not see the run.
        var dry = await ImportAsync(head, "deals", File("d"), ("dryRun", "true"));
        Assert.Equal(HttpStatusCode.Conflict, (await head.PostAsync($"/api/v1/import/runs/{dry.RunId}/undo", null)).StatusCode);
        var fresh = await ImportAsync(head, "deals", File("f"));
        Assert.Equal(HttpStatusCode.Forbidden, (await app.Client(seller.Token).PostAsync($"/api/v1/import/runs/{fresh.RunId}/undo", null)).StatusCode);
        var other = await app.NewDepartmentAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client(other.HeadToken).PostAsync($"/api/v1/import/runs/{fresh.RunId}/undo", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await head.PostAsync($"/api/v1/import/runs/{fresh.RunId}/undo", null)).StatusCode);
        Assert.False(await DealExistsAsync("f-1-" + dep.Tag));
    }

    [Fact]
    public async Task A_second_run_of_a_file_updates_what_the_first_brought_and_the_board_follows()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var seller = await dep.AddPersonAsync("closer");
        var pipeline = await head.NewPipelineAsync("simple", "Повтор " + dep.Tag);
        var sales = pipeline.Stages.Where(s => s.Kind == StageKind.Sales).OrderBy(s => s.Order).ToList();
        string Row(int i, string status, string stage, decimal amount) =>
            $"R{i}-{dep.Tag},Сделка {i},{pipeline.Name},{status},{stage},{seller.Email},{amount.ToString(System.Globalization.CultureInfo.InvariantCulture)},"
            + $"2025-02-0{i},{(status == "open" ? "" : $"2025-03-0{i}")}\n";
        const string Header = "externalId,title,pipeline,status,stage,owner,amount,createdAt,closedAt\n";
        var first = Header + Row(1, "open", sales[0].Name, 100) + Row(2, "open", sales[0].Name, 200) + Row(3, "lost", "", 300);
        var one = await ImportAsync(head, "deals", first);
        Assert.Equal((3, true), (one.Imported, one.Applied));

        var again = await ImportAsync(head, "deals", first);
        Assert.Equal((3, 0, 3), (again.Imported, again.Rejected, again.Updated));
        Assert.False(again.Created.ContainsKey("updated")); // what was updated is its own figure, not among what was created
        var runPage = await head.GetStringAsync($"/import/runs/{again.RunId}");
        Assert.Contains("Из них обновлено ранее загруженных записей (по внешним ID): 3", runPage);
        Assert.DoesNotContain("Import.Created", runPage); // the page named it by its resource key before
        var listed = (await head.GetJson<List<ImportRunView>>("/api/v1/import/runs")).Single(r => r.Id == again.RunId);
        Assert.Equal((3, false), (listed.Updated, listed.Created.Contains("updated")));
        await using (var db = app.OpenDb())
        {
            Assert.Equal(3, await db.Deals.CountAsync(d => d.PipelineId == pipeline.Id));
            await AssertBoardMatchesDealsAsync(db, pipeline.Id);
        }

        // A changed amount, a deal won since, and a new row: updated, updated, created.
        var changed = Header + Row(1, "open", sales[0].Name, 150.25m) + Row(2, "won", "", 200) + Row(3, "lost", "", 300) + Row(4, "open", sales[1].Name, 40);
        var third = await ImportAsync(head, "deals", changed);
        Assert.Equal((4, 3), (third.Imported, third.Updated));
        await using (var db = app.OpenDb())
        {
            var deals = await db.Deals.AsNoTracking().Where(d => d.PipelineId == pipeline.Id).OrderBy(d => d.ExternalId).ToListAsync();
            Assert.Equal(4, deals.Count);
            Assert.Equal(150.25m, deals[0].Amount);
            Assert.Equal(DealStatus.Won, deals[1].Status);
            Assert.Equal(new DateTime(2025, 3, 1, 21, 0, 0), deals[1].ClosedAt); // midnight in Moscow, the head's zone
            // The won deal's path is rebuilt: it went through every sales stage and won from the last.
            var visits = await db.StageVisits.AsNoTracking().Where(v => v.DealId == deals[1].Id).ToListAsync();
            Assert.Equal(sales.Select(x => x.Id), visits.Where(v => sales.Any(x => x.Id == v.StageId)).OrderBy(v => v.EnteredAt).ThenBy(v => v.Id)
                .Select(v => v.StageId));
            await AssertBoardMatchesDealsAsync(db, pipeline.Id);
        }
        // One deal twice in a file: the second row moves it on from where the first put it (updates wait for their chunk).
        var twice = Header + Row(1, "open", sales[1].Name, 10) + Row(1, "won", "", 20);
        Assert.Equal((2, 2), ((await ImportAsync(head, "deals", twice)).Imported, (await ImportAsync(head, "deals", twice)).Updated));
        await using (var db = app.OpenDb())
        {
            var deal = await db.Deals.AsNoTracking().SingleAsync(d => d.ExternalId == "R1-" + dep.Tag);
            Assert.Equal((DealStatus.Won, 20m), (deal.Status, deal.Amount));
            Assert.Equal(sales.Count, await db.StageVisits.CountAsync(v => v.DealId == deal.Id && sales.Select(x => x.Id).Contains(v.StageId)));
            await AssertBoardMatchesDealsAsync(db, pipeline.Id);
        }
        await ImportAsync(head, "deals", changed); // back as the third run left them, for the checks below
        // A run that updated records cannot be undone: their previous values are gone.
        var refused = await Problem(await head.PostAsync($"/api/v1/import/runs/{third.RunId}/undo", null), HttpStatusCode.Conflict);
        Assert.Contains("обновил", refused.GetRawText());

        // Another department's file naming these external ids changes nothing of ours: its rows are refused.
        var other = await app.NewDepartmentAsync();
        var theirs = await app.Client(other.HeadToken).NewPipelineAsync("simple", "Чужая " + other.Tag);
        var foreign = await ImportAsync(app.Client(other.HeadToken), "deals",
            $"externalId,pipeline,status,owner,amount\nR1-{dep.Tag},{theirs.Name},open,{other.HeadEmail},1\n");
        Assert.Equal((0, 1), (foreign.Imported, foreign.Rejected));
        await using (var db = app.OpenDb())
            Assert.Equal(150.25m, (await db.Deals.SingleAsync(d => d.ExternalId == "R1-" + dep.Tag)).Amount);

        // Leads too: brought twice, updated once each, never duplicated.
        var leadFile = $"externalId,name,phone,owner\nLL1-{dep.Tag},Анна,+7 900 000-00-01,{seller.Email}\nLL2-{dep.Tag},Борис,,{seller.Email}\n";
        await ImportAsync(head, "leads", leadFile);
        var leadsAgain = await ImportAsync(head, "leads", leadFile.Replace("Борис", "Борис Петрович"));
        Assert.Equal(2, leadsAgain.Updated);
        await using (var db = app.OpenDb())
        {
            var names = await db.Leads.Where(l => l.ExternalId != null && l.ExternalId.EndsWith(dep.Tag)).Select(l => l.Name).OrderBy(n => n).ToListAsync();
            Assert.Equal(["Анна", "Борис Петрович"], names);
        }
    }

    [Fact]
    public async Task Undoing_a_clients_contacts_or_people_import_removes_what_it_created_and_only_that()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var clients = await ImportAsync(head, "clients", $"name,owner\nКлиент А {dep.Tag},Новый Владелец {dep.Tag}\nКлиент Б {dep.Tag},{dep.HeadEmail}\n");
        var contacts = await ImportAsync(head, "contacts", $"name,company,owner\nКонтакт {dep.Tag},Фирма {dep.Tag},{dep.HeadEmail}\n");
        var people = await ImportAsync(head, "people", $"name,email,manager\nСотрудник {dep.Tag},p-{dep.Tag}@test.otdel,{dep.HeadEmail}\n");
        Assert.True(clients.Applied && contacts.Applied && people.Applied);
        foreach (var r in new[] { contacts, people, clients })
            Assert.Equal(System.Net.HttpStatusCode.OK, (await head.PostAsync($"/api/v1/import/runs/{r.RunId}/undo", null)).StatusCode);
        await using var db = app.OpenDb();
        Assert.False(await db.Clients.AnyAsync(c => c.Name.EndsWith(dep.Tag)));
        Assert.False(await db.Users.AnyAsync(u => u.FullName.EndsWith(dep.Tag) && u.Id != dep.HeadId));
        Assert.True(await db.Users.AnyAsync(u => u.Id == dep.HeadId), "the head named as an owner and a manager stays");
    }

    [Fact]
    public async Task Undoing_a_people_import_removes_the_teams_and_departments_it_created_unless_someone_else_joined_them()
    {
        // Before, an undone people import left its teams and departments behind, empty.
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var people = await ImportAsync(head, "people",
            $"name,email,team\nСотрудник {dep.Tag},t1-{dep.Tag}@test.otdel,Группа {dep.Tag}\nЕщё один {dep.Tag},t2-{dep.Tag}@test.otdel,Группа {dep.Tag}\n");
        Assert.Equal((2, 1), (people.Imported, people.Created["teams"]));
        var undone = await Expect<ImportUndoResult>(await head.PostAsync($"/api/v1/import/runs/{people.RunId}/undo", null), HttpStatusCode.OK);
        Assert.Equal((2, 1, 0), (undone.People, undone.Teams, undone.Departments));
        await using (var db = app.OpenDb())
            Assert.False(await db.Teams.AnyAsync(t => t.Name == "Группа " + dep.Tag));

        // An administrator's import makes a department too; both go with the undo.
        var root = app.Client(app.RootToken);
        var other = await ImportAsync(root, "people",
            $"name,email,department,team\nНовичок {dep.Tag},n-{dep.Tag}@test.otdel,Филиал {dep.Tag},Восток {dep.Tag}\n");
        Assert.Equal((1, 1), (other.Created["departments"], other.Created["teams"]));
        var both = await Expect<ImportUndoResult>(await root.PostAsync($"/api/v1/import/runs/{other.RunId}/undo", null), HttpStatusCode.OK);
        Assert.Equal((1, 1, 1), (both.People, both.Teams, both.Departments));
        await using (var db = app.OpenDb())
            Assert.False(await db.Departments.AnyAsync(d => d.Name == "Филиал " + dep.Tag));

        // A person added by hand to an imported team keeps the team — and the undo is refused, naming the team.
        var again = await ImportAsync(head, "people", $"name,email,team\nТретий {dep.Tag},t3-{dep.Tag}@test.otdel,Запад {dep.Tag}\n");
        long teamId;
        await using (var db = app.OpenDb())
            teamId = await db.Teams.Where(t => t.Name == "Запад " + dep.Tag).Select(t => t.Id).SingleAsync();
        await dep.AddPersonAsync("closer", teamId);
        var refused = await Problem(await head.PostAsync($"/api/v1/import/runs/{again.RunId}/undo", null), HttpStatusCode.Conflict);
        Assert.Contains("Запад " + dep.Tag, refused.GetRawText());
        await using (var db = app.OpenDb())
            Assert.True(await db.Teams.AnyAsync(t => t.Id == teamId));
    }

    /// <summary>The board's totals (rows summed per stage, owner and status) equal a count of the pipeline's deals.</summary>
    static async Task AssertBoardMatchesDealsAsync(Otdel.Data.OtdelDb db, long pipelineId)
    {
        var totals = (await db.StageTotals.AsNoTracking().Where(t => t.PipelineId == pipelineId).ToListAsync())
            .GroupBy(t => (t.StageId, t.OwnerId, t.Status)).Select(g => (g.Key, Deals: g.Sum(t => t.Deals), Amount: g.Sum(t => t.Amount)))
            .Where(x => x.Deals != 0 || x.Amount != 0).OrderBy(x => x.Key).ToList();
        var deals = (await db.Deals.AsNoTracking().Where(d => d.PipelineId == pipelineId).ToListAsync())
            .GroupBy(d => (d.StageId, d.OwnerId, d.Status)).Select(g => (g.Key, Deals: (long)g.Count(), Amount: g.Sum(d => d.Amount)))
            .OrderBy(x => x.Key).ToList();
        Assert.Equal(deals, totals);
    }

    async Task<long> DealIdAsync(string externalId)
    {
        await using var db = app.OpenDb();
        return await db.Deals.Where(d => d.ExternalId == externalId).Select(d => d.Id).SingleAsync();
    }

    async Task<bool> DealExistsAsync(string externalId)
    {
        await using var db = app.OpenDb();
        return await db.Deals.AnyAsync(d => d.ExternalId == externalId);
    }

    static async Task<ImportResultView> ImportAsync(HttpClient c, string target, string csv, params (string Name, string Value)[] extra)
    {
        var form = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "file", target + ".csv" } };
        foreach (var (n, v) in extra) form.Add(new StringContent(v), n);
        return await Expect<ImportResultView>(await c.PostAsync($"/api/v1/import/{target}", form), HttpStatusCode.OK);
    }
}

[Collection("sqlite")]
public sealed class ImportUndoTests_Sqlite(SqliteApp app) : ImportUndoTests(app);

[Collection("postgres")]
public sealed class ImportUndoTests_Postgres(PostgresApp app) : ImportUndoTests(app);
