using System.Net;
using System.Text;
using Otdel.Features.Deals;
using Otdel.Features.Pipelines;
using Otdel.Tests.Infrastructure;

namespace Otdel.Tests.Reports;

/// <summary>
/// A seller who names themselves like a spreadsheet formula must not get that formula run on the head's computer:
/// the stage-time export carries their name as text, with a leading quote.
/// </summary>
public abstract class CsvInjectionTests(TestApp app)
{
    const string Evil = "=1+2+cmd|' /c calc'!A1";

    [Fact]
    public async Task A_formula_in_a_person_name_is_exported_as_text()
    {
        var dep = await app.NewDepartmentAsync();
        var seller = await dep.AddPersonAsync("closer", name: Evil);

        // One deal of the seller that spent five hours in a stage in March 2025, written as the reports read it.
        long pipelineId;
        await using (var db = app.OpenDb())
        {
            var pipeline = new Pipeline { Name = "Воронка " + dep.Tag, DepartmentId = dep.Id, CreatedAt = DateTime.UtcNow };
            db.Pipelines.Add(pipeline);
            await db.SaveChangesAsync();
            pipelineId = pipeline.Id;
            Stage[] stages = [new() { PipelineId = pipelineId, Name = "Квалификация", Order = 1 }, new() { PipelineId = pipelineId, Name = "Договор", Order = 2 }];
            db.Stages.AddRange(stages);
            await db.SaveChangesAsync();
            var entered = new DateTime(2025, 3, 10, 9, 0, 0, DateTimeKind.Utc);
            var deal = new Deal
            {
                Title = "Сделка " + dep.Tag, SearchKey = "сделка " + dep.Tag, PipelineId = pipelineId, StageId = stages[1].Id, OwnerId = seller.Id,
                Amount = 1000m, CreatedAt = entered, StageEnteredAt = entered.AddHours(5),
            };
            db.Deals.Add(deal);
            await db.SaveChangesAsync();
            db.StageVisits.AddRange(
                new StageVisit
                {
                    DealId = deal.Id, PipelineId = pipelineId, StageId = stages[0].Id, ExecutorId = seller.Id, EnteredAt = entered, IsFirstEntry = true,
                    ExitedAt = entered.AddHours(5), Hours = 5, Outcome = VisitOutcome.Forward, Advanced = true
                },
                new StageVisit { DealId = deal.Id, PipelineId = pipelineId, StageId = stages[1].Id, ExecutorId = seller.Id, EnteredAt = entered.AddHours(5), IsFirstEntry = true });
            await db.SaveChangesAsync();
        }

        var res = await app.Client(dep.HeadToken).GetAsync($"/api/v1/reports/stage-time/export.csv?pipelineId={pipelineId}&from=2025-03-01&to=2025-03-31");
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        var lines = Encoding.UTF8.GetString(await res.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        var cells = lines[1].Split(';');
        Assert.Equal("Квалификация", cells[0]);
        Assert.StartsWith("'=", cells[1]);
        Assert.Equal("'" + Evil, cells[1]);
        Assert.Equal(["1", "5", "5"], cells[2..5]);
    }
}

[Collection("sqlite")]
public sealed class CsvInjectionTests_Sqlite(SqliteApp app) : CsvInjectionTests(app);

[Collection("postgres")]
public sealed class CsvInjectionTests_Postgres(PostgresApp app) : CsvInjectionTests(app);
