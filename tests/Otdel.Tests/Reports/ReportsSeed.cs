using Otdel.Features.Deals;
using Otdel.Features.Pipelines;
using Otdel.Tests.Infrastructure;

namespace Otdel.Tests.Reports;

/// <summary>
/// Raw rows for the report tests, written straight to the database (no handlers), and kept in memory so each test
/// recomputes every figure from the same rows with plain LINQ — an independent check of the SQL.
/// </summary>
public sealed class ReportsSeed
{
    public long PipelineId;
    public List<Stage> Stages = [];
    public List<LossReason> Reasons = [];
    public List<Deal> Deals = [];
    public List<StageVisit> Visits = [];
    public static readonly DateTime From = new(2025, 3, 1, 0, 0, 0, DateTimeKind.Utc);
    /// <summary>Exclusive end: the period is 2025-03-01 … 2025-03-31 inclusive as dates.</summary>
    public static readonly DateTime To = new(2025, 4, 1, 0, 0, 0, DateTimeKind.Utc);
    public const string FromText = "2025-03-01", ToText = "2025-03-31";

    /// <summary>
    /// A pipeline of five stages (the last never entered), two loss reasons, and deals of the given owners with
    /// random but seeded histories around the period, plus hand-placed rows on the period's edges.
    /// </summary>
    public static async Task<ReportsSeed> CreateAsync(TestApp app, long departmentId, long[] owners, int seed)
    {
        var s = new ReportsSeed();
        var rnd = new Random(seed);
        await using var db = app.OpenDb();
        var pipeline = new Pipeline { Name = "Отчётная воронка " + seed, DepartmentId = departmentId, CreatedAt = DateTime.UtcNow };
        db.Pipelines.Add(pipeline);
        await db.SaveChangesAsync();
        s.PipelineId = pipeline.Id;
        int?[] norms = [80, 50, null, 60, 50];
        // Limits in working hours. Random stays average about 27 working hours, so stage 1 (16) is over its limit on average
        // and stage 2 (40) within; stage 3 (2) has the even group's short stays; stage 4 is exactly one working day.
        int?[] limits = [16, 40, 2, 9, null];
        string[] names = ["Квалификация", "Выявление потребностей", "Презентация", "Договор", "Оплата"];
        for (var i = 0; i < 5; i++)
            s.Stages.Add(new Stage
            {
                PipelineId = pipeline.Id, Name = names[i], Group = i < 2 ? "Развитие лида" : "Конверсия лида", Order = i + 1,
                NormConversion = norms[i], TimeLimitHours = limits[i],
            });
        db.Stages.AddRange(s.Stages);
        s.Reasons.Add(new LossReason { PipelineId = pipeline.Id, Name = "Дорого", Order = 1 });
        s.Reasons.Add(new LossReason { PipelineId = pipeline.Id, Name = "Выбрали конкурента", Order = 2 });
        db.LossReasons.AddRange(s.Reasons);
        await db.SaveChangesAsync();

        // Random deals: created from mid-February to mid-April, walking through the first four stages.
        for (var n = 0; n < 60; n++)
        {
            var owner = owners[rnd.Next(owners.Length)];
            var created = new DateTime(2025, 2, 15, 0, 0, 0, DateTimeKind.Utc).AddMinutes(rnd.Next(0, 60 * 24 * 60));
            var deal = NewDeal(pipeline.Id, s.Stages[0].Id, owner, created, $"Сделка {seed}-{n}", 1000m * rnd.Next(1, 500) + 0.5m * rnd.Next(0, 2));
            var at = created;
            var depth = rnd.Next(1, 5);
            var path = new List<StageVisit>();
            for (var k = 0; k < depth; k++)
            {
                var v = new StageVisit { PipelineId = pipeline.Id, StageId = s.Stages[k].Id, ExecutorId = owner, EnteredAt = at, IsFirstEntry = true };
                path.Add(v);
                if (k < depth - 1 || rnd.Next(3) > 0)
                {
                    var hours = Math.Round(rnd.NextDouble() * 200, 3);
                    at = at.AddSeconds(Math.Round(hours * 3600));
                    v.ExitedAt = at; v.Hours = hours;
                    v.Outcome = k < depth - 1 ? VisitOutcome.Forward : (rnd.Next(2) == 0 ? VisitOutcome.Lost : VisitOutcome.Won);
                    v.Advanced = v.Outcome is VisitOutcome.Forward or VisitOutcome.Won;
                }
            }
            // Now and then a deal went back and re-entered a stage: a second visit that the funnel must not count.
            if (depth >= 2 && path[^1].ExitedAt is { } back && path[^1].Outcome == VisitOutcome.Forward && rnd.Next(4) == 0)
                path.Add(new StageVisit
                {
                    PipelineId = pipeline.Id, StageId = s.Stages[depth - 2].Id, ExecutorId = owner, EnteredAt = back, IsFirstEntry = false,
                    ExitedAt = back.AddHours(5), Hours = 5, Outcome = VisitOutcome.Forward
                });
            var last = path[^1];
            deal.StageId = last.StageId;
            deal.StageEnteredAt = last.EnteredAt;
            if (last.Outcome == VisitOutcome.Lost)
            {
                deal.Status = DealStatus.Lost; deal.ClosedAt = last.ExitedAt; deal.LostAtStageId = last.StageId;
                deal.LossReasonId = s.Reasons[rnd.Next(2)].Id;
            }
            else if (last.Outcome == VisitOutcome.Won) { deal.Status = DealStatus.Won; deal.ClosedAt = last.ExitedAt; }
            s.Add(deal, path);
        }

        // Hand-placed edges: entries exactly at the period's start (counted) and end (not counted), a visit leaving
        // a second before the end, and an even-sized group of stage-3 visits for one executor (hours 1, 2, 3, 10).
        var o = owners[0];
        var edge1 = NewDeal(pipeline.Id, s.Stages[0].Id, o, From, "Граница начала", 100m);
        s.Add(edge1, [new StageVisit { PipelineId = pipeline.Id, StageId = s.Stages[0].Id, ExecutorId = o, EnteredAt = From, IsFirstEntry = true, Advanced = true, ExitedAt = To.AddSeconds(-1), Hours = 743.9997, Outcome = VisitOutcome.Forward },
                      new StageVisit { PipelineId = pipeline.Id, StageId = s.Stages[1].Id, ExecutorId = o, EnteredAt = To.AddSeconds(-1), IsFirstEntry = true }]);
        var edge2 = NewDeal(pipeline.Id, s.Stages[0].Id, o, To, "Граница конца", 100m);
        s.Add(edge2, [new StageVisit { PipelineId = pipeline.Id, StageId = s.Stages[0].Id, ExecutorId = o, EnteredAt = To, IsFirstEntry = true, ExitedAt = To.AddHours(3), Hours = 3, Outcome = VisitOutcome.Lost }]);
        edge2.Status = DealStatus.Lost; edge2.ClosedAt = To; edge2.LostAtStageId = s.Stages[0].Id; edge2.LossReasonId = s.Reasons[0].Id;
        var even = NewDeal(pipeline.Id, s.Stages[2].Id, o, From.AddDays(2), "Чётная медиана", 5000m);
        var evenVisits = new[] { 1.0, 2.0, 3.0, 10.0 }.Select((h, i) => new StageVisit
        {
            PipelineId = pipeline.Id, StageId = s.Stages[2].Id, ExecutorId = o, EnteredAt = From.AddDays(3 + i), IsFirstEntry = i == 0,
            ExitedAt = From.AddDays(3 + i).AddHours(h), Hours = h, Outcome = VisitOutcome.Back,
        }).ToList();
        s.Add(even, evenVisits);
        // Stage 4's limit is one working day (9 h): a stay of exactly 9:00–18:00 Moscow on Monday 17 March is not over it,
        // one from Tuesday 17:00 to Wednesday 17:00:01 is (9 working hours and a second), and a stay from Friday 17:00
        // to Monday 10:00 counts no weekend hours (2 working hours).
        var exact = NewDeal(pipeline.Id, s.Stages[3].Id, o, From.AddDays(15), "Ровно лимит", 7000m);
        var moscow = TimeSpan.FromHours(3);
        (DateTime In, DateTime Out)[] stays =
        [
            (new DateTime(2025, 3, 17, 9, 0, 0, DateTimeKind.Utc) - moscow, new DateTime(2025, 3, 17, 18, 0, 0, DateTimeKind.Utc) - moscow),
            (new DateTime(2025, 3, 18, 17, 0, 0, DateTimeKind.Utc) - moscow, new DateTime(2025, 3, 19, 17, 0, 1, DateTimeKind.Utc) - moscow),
            (new DateTime(2025, 3, 21, 17, 0, 0, DateTimeKind.Utc) - moscow, new DateTime(2025, 3, 24, 10, 0, 0, DateTimeKind.Utc) - moscow),
        ];
        s.Add(exact, stays.Select((x, i) => new StageVisit
        {
            PipelineId = pipeline.Id, StageId = s.Stages[3].Id, ExecutorId = o, EnteredAt = x.In, IsFirstEntry = i == 0,
            ExitedAt = x.Out, Hours = (x.Out - x.In).TotalHours, Outcome = VisitOutcome.Back,
        }).ToList());

        db.Deals.AddRange(s.Deals);
        await db.SaveChangesAsync();
        foreach (var (deal, visits) in s.pending) foreach (var v in visits) v.DealId = deal.Id;
        db.StageVisits.AddRange(s.Visits);
        await db.SaveChangesAsync();
        return s;
    }

    readonly List<(Deal, List<StageVisit>)> pending = [];

    void Add(Deal deal, List<StageVisit> visits)
    {
        Deals.Add(deal); Visits.AddRange(visits); pending.Add((deal, visits));
    }

    static Deal NewDeal(long pipelineId, long stageId, long owner, DateTime created, string title, decimal amount) => new()
    {
        Title = title, SearchKey = title.ToLowerInvariant(), PipelineId = pipelineId, StageId = stageId, OwnerId = owner,
        Amount = amount, CreatedAt = created, StageEnteredAt = created,
    };

    public long OwnerOf(StageVisit v) => Deals.Single(d => d.Id == v.DealId).OwnerId;
}
