using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Otdel.Features.Automation;
using Otdel.Features.Deals;
using Otdel.Tests.Infrastructure;
using static Otdel.Tests.Deals.DealsTestKit;

namespace Otdel.Tests.Automation;

/// <summary>
/// Two instances of the app on one PostgreSQL database, each with its engine on Quartz's clustered store: a stage-time
/// rule fires once per deal — not once per instance — even when both instances also run passes at the same moment.
/// </summary>
[Collection("automation-postgres")]
public sealed class TwoInstancesTests(AutomationPostgresApp app)
{
    [Fact]
    public async Task A_stage_time_rule_fires_once_per_deal_with_two_instances_on_one_database()
    {
        var dep = await app.NewDepartmentAsync();
        var head = app.Client(dep.HeadToken);
        var seller = await dep.AddPersonAsync("closer");
        var sellerClient = app.Client(seller.Token);
        var pipeline = await head.NewPipelineAsync("simple");
        var first = pipeline.Stages[0];
        var deals = new List<DealView>();
        for (var i = 0; i < 5; i++) deals.Add(await sellerClient.NewDealAsync(pipeline, $"Сделка {i} {dep.Tag}"));
        var ids = deals.Select(d => d.Id).ToList();
        var now = app.Clock.GetUtcNow().UtcDateTime;
        await using (var db = app.OpenDb())
            await db.Deals.Where(d => ids.Contains(d.Id)).ExecuteUpdateAsync(u => u.SetProperty(d => d.StageEnteredAt, now.AddDays(-7)));

        var (second, _) = await app.SecondInstanceAsync();
        try
        {
            var rule = await Expect<RuleView>(await head.PostAsJsonAsync("/api/v1/automation/rules", new
            {
                name = "Застряла " + dep.Tag, pipelineId = pipeline.Id, trigger = "stage_time", stageId = first.Id, hours = 8, enabled = false,
                actions = new[] { new { kind = "task", to = "owner", hours = 4, text = "Сдвинуть сделку" } },
            }), System.Net.HttpStatusCode.Created);
            await using (var db = app.OpenDb())
                await db.Set<AutomationRule>().Where(r => r.Id == rule.Id)
                    .ExecuteUpdateAsync(u => u.SetProperty(r => r.EnabledAt, now.AddDays(-30)).SetProperty(r => r.IsEnabled, true));

            await Eventually.Until(async () =>
            {
                await using var db = app.OpenDb();
                return await db.Set<AutomationFiring>().CountAsync(f => f.RuleId == rule.Id) == deals.Count ? "" : null;
            }, "the rule to fire for every deal");

            // Both instances now run passes at once, besides Quartz's: the unique key still lets each occasion fire once.
            var engines = new[] { app.App, second }.Select(a => a.Services.GetRequiredService<AutomationEngine>()).ToList();
            for (var round = 0; round < 3; round++)
                await Task.WhenAll(engines.Select(e => e.RunOnceAsync()));
            // Then two of Quartz's own passes, on whichever node the cluster gives them (either may take every one).
            var target = engines.Sum(e => e.Passes) + 2;
            await Eventually.Until(() => Task.FromResult(engines.Sum(e => e.Passes) >= target ? "" : null), "two scheduled passes on either node");

            await using var check = app.OpenDb();
            var firings = await check.Set<AutomationFiring>().AsNoTracking().Where(f => f.RuleId == rule.Id).ToListAsync();
            Assert.Equal(ids.Order(), firings.Select(f => f.DealId!.Value).Order());
            Assert.All(firings, f => Assert.Equal(AutomationFiring.Done, f.Status));
            var tasks = await check.Tasks.AsNoTracking().Where(t => t.DealId != null && ids.Contains(t.DealId.Value)).ToListAsync();
            Assert.Equal(ids.Order(), tasks.Select(t => t.DealId!.Value).Order());
            Assert.All(tasks, t => Assert.Equal(seller.Id, t.AssigneeId));

            // Quartz's cluster: both nodes checked in to the same store.
            var conn = check.Database.GetDbConnection();
            await conn.OpenAsync();
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = "SELECT count(*) FROM qrtz_scheduler_state";
            Assert.Equal(2L, Convert.ToInt64(await cmd.ExecuteScalarAsync()));
        }
        finally
        {
            await second.StopAsync();
            await second.DisposeAsync();
        }
    }
}
