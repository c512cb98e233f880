using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Features.Deals;
using Otdel.Features.Leads;
using Otdel.Features.Pipelines;

namespace Otdel.Tests.Import;

/// <summary>
/// <c>./otdel import</c> as a customer runs it: the built Otdel.dll as a real process on its own SQLite data folder.
/// Exit codes as docs/import.md promises, the refused rows beside the file with their reasons, people before deals, leads
/// before the deals that name them.
/// </summary>
public sealed class ImportCliTests : IDisposable
{
    readonly string root = Path.Combine(Path.GetTempPath(), "otdel-import-cli", Guid.NewGuid().ToString("N")[..12]);

    public ImportCliTests() => Directory.CreateDirectory(root);

    public void Dispose()
    {
        try { Directory.Delete(root, recursive: true); } catch (IOException) { }
    }

    string Data => Path.Combine(root, "data");
    DbSettings Settings => new(Data, "sqlite", $"Data Source={Path.Combine(Data, "otdel.db")}");

    [Fact]
    public async Task People_leads_and_deals_come_in_from_files_with_exit_codes_and_rejected_rows_as_documented()
    {
        Assert.Equal(0, (await Run("migrate")).Code);
        await using (var db = Database.Open(Settings))
        {
            var t = PipelineTemplates.Build(PipelineTemplates.Simple)!;
            var p = new Pipeline { Name = "Продажи", Template = PipelineTemplates.Simple, Stages = t.Stages, CreatedAt = DateTime.UtcNow };
            db.Pipelines.Add(p);
            await db.SaveChangesAsync();
            foreach (var r in t.LossReasons) { r.PipelineId = p.Id; db.LossReasons.Add(r); }
            await db.SaveChangesAsync();
        }

        var people = Write("people.csv", "ФИО;E-mail;Должность;Руководитель;Отдел;Группа\n"
            + "Анна Соколова;rop@cli.test;head_of_sales;;Продажи;\n"
            + "Дмитрий Волков;volkov@cli.test;closer;rop@cli.test;Продажи;Москва\n"
            + "Без почты;;closer;;Продажи;\n");
        var peopleMap = Write("people.json", """
            {"columns": {"ФИО": "name", "E-mail": "email", "Должность": "position", "Руководитель": "manager", "Отдел": "department",
                         "Группа": "team"}}
            """);
        var run = await Run("import", "people", people, "--mapping", peopleMap);
        Assert.Equal(0, run.Code);
        Assert.Contains("people: 3 rows, 2 imported, 1 rejected", run.Out);
        Assert.Contains("E-mail is empty", File.ReadAllText(Path.Combine(root, "people.rejected.csv")));

        var leads = Write("leads.csv", "externalId,name,phone,createdAt,firstContactAt,source,owner\n"
            + "L-1,Иван Петров,+7 900 111-22-33,2025-02-01 10:00,2025-02-01 10:20,Выставка,volkov@cli.test\n");
        Assert.Equal(0, (await Run("import", "leads", leads)).Code);

        var deals = Write("deals.csv", "ID;Сделка;Сумма;Ответственный;Статус;Воронка;Создана;Закрыта;Клиент;Лид\n"
            + "D-1;Станки;1 250 000,50;volkov@cli.test;won;Продажи;01.02.2025;20.02.2025;ООО «Ромашка»;L-1\n"
            + "D-2;Фрезы;300000;Новый Продавец;lost;Продажи;02.02.2025;01.03.2025;Ромашка;\n"
            + "D-3;Плохая;сто;volkov@cli.test;open;Продажи;02.02.2025;;Ромашка;\n"
            + "D-4;Чужая;100;volkov@cli.test;open;Нет такой;02.02.2025;;Ромашка;\n");
        var map = Write("deals.json", """
            {"columns": {"ID": "externalId", "Сделка": "title", "Сумма": "amount", "Ответственный": "owner", "Статус": "status", "Воронка": "pipeline",
                         "Создана": "createdAt", "Закрыта": "closedAt", "Клиент": "client", "Лид": "leadExternalId"},
             "dateFormats": ["dd.MM.yyyy"], "timeZone": "UTC"}
            """);

        // A dry run and an all-or-nothing run keep nothing; the latter exits 1 because rows were refused.
        var dry = await Run("import", "deals", deals, "--mapping", map, "--dry-run");
        Assert.Equal(0, dry.Code);
        Assert.Contains("dry run", dry.Out);
        Assert.Equal(1, (await Run("import", "deals", deals, "--mapping", map, "--all-or-nothing")).Code);
        await using (var db = Database.Open(Settings)) Assert.Equal(0, await db.Deals.CountAsync());

        run = await Run("import", "deals", deals, "--mapping", map);
        Assert.Equal(0, run.Code);
        Assert.Contains("deals: 4 rows, 2 imported, 2 rejected", run.Out);
        Assert.Contains("created: clients 1, people 1", run.Out);
        var rejected = File.ReadAllLines(Path.Combine(root, "deals.rejected.csv"));
        Assert.Equal(3, rejected.Length);
        Assert.Contains("сто", rejected[1]);
        Assert.Contains("Нет такой", rejected[2]);
        await using (var db = Database.Open(Settings))
        {
            var won = await db.Deals.SingleAsync(d => d.ExternalId == "D-1");
            Assert.Equal((1_250_000.50m, DealStatus.Won, new DateTime(2025, 2, 1), new DateTime(2025, 2, 20)),
                (won.Amount, won.Status, won.CreatedAt, won.ClosedAt!.Value));
            var lost = await db.Deals.SingleAsync(d => d.ExternalId == "D-2");
            Assert.Equal(won.ClientId, lost.ClientId); // «ООО «Ромашка»» and «Ромашка» are one client
            var lead = await db.Leads.SingleAsync(l => l.ExternalId == "L-1");
            Assert.Equal((LeadStatus.Converted, won.Id, won.ClientId, won.CreatedAt), (lead.Status, lead.DealId, lead.ClientId, lead.ConvertedAt));
            Assert.Equal(20, (lead.FirstContactAt!.Value - lead.ArrivedAt).TotalMinutes);
            var volkov = await db.Users.SingleAsync(u => u.EmailKey == "volkov@cli.test");
            var rop = await db.Users.SingleAsync(u => u.EmailKey == "rop@cli.test");
            Assert.Equal(rop.Id, volkov.ManagerId);
            Assert.True(await db.Users.AnyAsync(u => u.FullName == "Новый Продавец" && !u.IsActive));
        }

        // Again: the rows already there update their deals (nothing is duplicated), the bad ones are still refused.
        var again = await Run("import", "deals", deals, "--mapping", map);
        Assert.Equal(0, again.Code);
        Assert.Contains("deals: 4 rows, 2 imported, 2 rejected", again.Out);
        Assert.Contains("updated: 2", again.Out);
        await using (var db = Database.Open(Settings)) Assert.Equal(2, await db.Deals.CountAsync());

        // It could not run: one line on stderr and exit 2.
        var bad = Write("bad.json", """{"columns": {"Сумма": "colour"}}""");
        var broken = await Run("import", "deals", deals, "--mapping", bad);
        Assert.Equal(2, broken.Code);
        Assert.Contains("\"colour\" is not a field of deals", broken.Err);
        Assert.DoesNotContain("   at ", broken.Err);
        Assert.Equal(2, (await Run("import", "deals", Path.Combine(root, "missing.csv"))).Code);
        Assert.Equal(2, (await Run("import", "ships", deals)).Code);
    }

    [Fact]
    public async Task Every_refused_row_of_a_big_file_goes_to_the_rejected_csv_not_only_those_kept_in_memory()
    {
        Assert.Equal(0, (await Run("migrate")).Code);
        const int bad = 10_005;
        var text = new System.Text.StringBuilder("name;phone\n");
        for (var i = 0; i < bad; i++) text.Append(System.Globalization.CultureInfo.InvariantCulture, $";+7 900 {i:0000000}\n");
        text.Append("ООО «Последняя»;\n");
        var file = Write("clients.csv", text.ToString());

        var run = await Run("import", "clients", file);
        Assert.Equal(0, run.Code);
        Assert.Contains($"clients: {bad + 1} rows, 1 imported, {bad} rejected", run.Out);
        var lines = File.ReadAllLines(Path.Combine(root, "clients.rejected.csv"));
        Assert.Equal(bad + 1, lines.Length);
        Assert.StartsWith("line;reason;name;phone", lines[0]);
        Assert.Equal(Enumerable.Range(2, bad).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            lines[1..].Select(l => l.Split(';')[0]));
        Assert.All(lines[1..], l => Assert.False(string.IsNullOrWhiteSpace(l.Split(';')[1])));
        Assert.EndsWith($";'+7 900 {bad - 1:0000000}", lines[^1]); // a cell that could be a formula is neutralised
    }

    string Write(string name, string text)
    {
        var path = Path.Combine(root, name);
        File.WriteAllText(path, text);
        return path;
    }

    async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var psi = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = root,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Otdel.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["OTDEL_DATA"] = Data;
        psi.Environment["OTDEL_DB_PROVIDER"] = "sqlite";
        psi.Environment["OTDEL_LOG_FORMAT"] = "text";
        psi.Environment.Remove("OTDEL_DB");
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await p.WaitForExitAsync(timeout.Token);
        return (p.ExitCode, await stdout, await stderr);
    }
}
