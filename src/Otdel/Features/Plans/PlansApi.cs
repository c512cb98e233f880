using Otdel.Platform;

namespace Otdel.Features.Plans;

/// <summary>/api/v1 plans (set, change, read, each working day after carry-over) and the production calendars.</summary>
public static class PlansApi
{
    public static void MapPlansApi(this RouteGroupBuilder api)
    {
        var plans = api.MapGroup("/plans").WithTags("Plans");
        plans.MapGet("/", async (string? period, PlanReader reader, CancellationToken ct) => Results.Ok(await reader.ListAsync(period, ct)))
            .Produces<List<PlanView>>();
        plans.MapPost("/", async (PlanInput input, SavePlan save, CancellationToken ct) =>
            (await save.Create(input, ct)).ToResult(p => Results.Created($"/api/v1/plans/{p.Id}", p)))
            .Produces<PlanView>(201).ProducesValidationProblem().ProducesProblem(403).ProducesProblem(409);
        // The seller's daily view: today's plan after carry-over in each of their plans, done so far, what remains, the deals to close it.
        plans.MapGet("/today", async (long? userId, string? policy, SellerDay day, CancellationToken ct) =>
                (await day.RunAsync(userId, policy, ct)).ToResult(Results.Ok))
            .Produces<SellerDayView>().ProducesValidationProblem().ProducesProblem(404);
        plans.MapGet("/{id:long}", async (long id, PlanReader reader, CancellationToken ct) => (await reader.GetAsync(id, ct)).ToResult(Results.Ok))
            .Produces<PlanView>().ProducesProblem(404);
        plans.MapPut("/{id:long}", async (long id, PlanInput input, SavePlan save, CancellationToken ct) => (await save.Update(id, input,
            ct)).ToResult(Results.Ok))
            .Produces<PlanView>().ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        plans.MapGet("/{id:long}/days", async (long id, string? policy, string? month, PlanReader reader, CancellationToken ct) =>
                (await reader.DaysAsync(id, policy, month, ct)).ToResult(Results.Ok))
            .Produces<List<PlanDayRow>>().ProducesValidationProblem().ProducesProblem(404);
        plans.MapGet("/{id:long}/forecast", async (long id, string? weighting, ForecastPlan forecast, CancellationToken ct) =>
                (await forecast.RunAsync(id, weighting, ct)).ToResult(Results.Ok))
            .Produces<PlanForecastView>().ProducesValidationProblem().ProducesProblem(404);
        plans.MapGet("/{id:long}/reverse-funnel", async (long id, decimal? target, long? pipelineId, ReverseFunnel funnel, CancellationToken ct) =>
                (await funnel.RunAsync(id, target, pipelineId, ct)).ToResult(Results.Ok))
            .Produces<ReverseFunnelView>().ProducesValidationProblem().ProducesProblem(404);

        // The same, for the plan a report names by period, level, target and metric (404 naming the period when there is none).
        api.MapGet("/reports/forecast", async (string? period, string? level, long? targetId, string? metric, string? weighting, ForecastPlan forecast,
                CancellationToken ct) =>
            {
                var found = await forecast.FindAsync(period, level, targetId, metric, ct);
                return found.Failure is { } refused ? refused.ToResult() : (await forecast.RunAsync(found.Value!, weighting, ct)).ToResult(Results.Ok);
            })
            .Produces<PlanForecastView>().ProducesValidationProblem().ProducesProblem(404).WithTags("Plans");
        // Plan/fact of the plan so named: lines for the target, its teams and sellers (each per month too), and the grouped
        // figures per month of a scope (teamId, userId); its CSV; the deals behind it (won, and open that could close).
        api.MapGet("/reports/plan-fact", async (string? period, string? level, long? targetId, string? metric, long? teamId, long? userId,
                ForecastPlan forecast, PlanFactReport report, CancellationToken ct) =>
            {
                var found = await forecast.FindAsync(period, level, targetId, metric, ct);
                return found.Failure is { } refused ? refused.ToResult() : (await report.RunAsync(found.Value!, teamId, userId, ct)).ToResult(Results.Ok);
            })
            .Produces<PlanFactView>().ProducesValidationProblem().ProducesProblem(404).WithTags("Plans");
        api.MapGet("/reports/plan-fact/export.csv", async (string? period, string? level, long? targetId, string? metric, long? teamId, long? userId,
                ForecastPlan forecast, PlanFactReport report, CancellationToken ct) =>
            {
                var found = await forecast.FindAsync(period, level, targetId, metric, ct);
                if (found.Failure is { } refused) return refused.ToResult();
                var run = await report.RunAsync(found.Value!, teamId, userId, ct);
                return run.Failure is { } no ? no.ToResult()
                    : Reports.ReportCsv.File(report.Csv(run.Value!), $"plan-fact-{run.Value!.Period}-{run.Value.Level}-{run.Value.TargetId}.csv");
            })
            .Produces(200, contentType: "text/csv").ProducesValidationProblem().ProducesProblem(404).WithTags("Plans");
        api.MapGet("/reports/plan-fact/deals", async (string? period, string? level, long? targetId, string? metric, long? teamId, long? userId,
                ForecastPlan forecast, PlanDeals deals, CancellationToken ct) =>
            {
                var found = await forecast.FindAsync(period, level, targetId, metric, ct);
                return found.Failure is { } refused ? refused.ToResult() : (await deals.RunAsync(found.Value!, teamId, userId, ct)).ToResult(Results.Ok);
            })
            .Produces<PlanDealsView>().ProducesValidationProblem().ProducesProblem(404).WithTags("Plans");
        api.MapGet("/reports/reverse-funnel", async (string? period, string? level, long? targetId, string? metric, decimal? target, long? pipelineId,
                ForecastPlan forecast, ReverseFunnel funnel, CancellationToken ct) =>
            {
                var found = await forecast.FindAsync(period, level, targetId, metric, ct);
                return found.Failure is { } refused ? refused.ToResult() : (await funnel.RunAsync(found.Value!, target, pipelineId, ct)).ToResult(Results.Ok);
            })
            .Produces<ReverseFunnelView>().ProducesValidationProblem().ProducesProblem(404).WithTags("Plans");

        var marks = api.MapGroup("/forecast/deals").WithTags("Plans");
        marks.MapGet("/{dealId:long}", async (long dealId, MarkDealForecast mark, CancellationToken ct) =>
                (await mark.GetAsync(dealId, ct)).ToResult(Results.Ok))
            .Produces<DealForecastView>().ProducesProblem(404);
        marks.MapPut("/{dealId:long}", async (long dealId, DealForecastInput input, MarkDealForecast mark, CancellationToken ct) =>
                (await mark.SetAsync(dealId, input, ct)).ToResult(Results.Ok))
            .Produces<DealForecastView>().ProducesValidationProblem().ProducesProblem(404);

        var calendar = api.MapGroup("/calendar").WithTags("Plans");
        calendar.MapGet("/", async (string? calendar, int? year, Calendars calendars, CancellationToken ct) =>
                (await calendars.YearAsync(calendar, year, ct)).ToResult(Results.Ok))
            .Produces<CalendarYearView>().ProducesValidationProblem();
        calendar.MapPut("/days", async (CalendarDayInput input, Calendars calendars, CancellationToken ct) =>
                (await calendars.MarkAsync(input, ct)).ToResult(Results.Ok))
            .Produces<CalendarDayView>().ProducesValidationProblem().ProducesProblem(403);
        api.MapGet("/departments/{id:long}/calendar", async (long id, Calendars calendars, CancellationToken ct) =>
                (await calendars.OfDepartmentAsync(id, ct)).ToResult(Results.Ok))
            .Produces<DepartmentCalendarView>().ProducesProblem(404).WithTags("Plans");
        api.MapPut("/departments/{id:long}/calendar", async (long id, DepartmentCalendarInput input, Calendars calendars, CancellationToken ct) =>
                (await calendars.SetDepartmentAsync(id, input, ct)).ToResult(Results.Ok))
            .Produces<DepartmentCalendarView>().ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404).WithTags("Plans");
    }
}
