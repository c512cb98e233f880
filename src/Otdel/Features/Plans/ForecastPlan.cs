using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Features.Deals;
using Otdel.Platform;

namespace Otdel.Features.Plans;

/// <summary>
/// One line of the bottom-up forecast against the top-down plan: the whole target, a team or a seller. Money in roubles
/// (counts as numbers for a deals-won plan). <c>Forecast</c> = won so far + the open deals weighted by the weighting asked
/// for; <c>Gap</c> = plan − forecast (above zero: short of the plan); <c>Commit</c> = won + the deals marked commit, in full;
/// <c>BestCase</c> = the commit + the deals marked best case, in full.
/// </summary>
public sealed record ForecastRow(string Level, long? Id, string Name, decimal Plan, decimal Won, int OpenDeals, decimal Pipeline, decimal Weighted,
    decimal Historical, decimal Commit, decimal BestCase, decimal Forecast, decimal Gap);

/// <summary>An open deal expected to close in the plan's period, with what it brings to the forecast.</summary>
public sealed record ForecastDeal(long Id, string Title, long OwnerId, string OwnerName, long StageId, string StageName, decimal Amount,
    DateOnly ExpectedCloseDate, string Category, int Probability, int HistoryEntered, int HistoryWon, bool OwnHistory, decimal Weighted,
    decimal Historical);

public sealed record PlanForecastView(long PlanId, string Period, string Metric, string Weighting, DateOnly From, DateOnly To, DateOnly Today,
    int HistoryDays, int MinHistory, List<ForecastRow> Rows, List<ForecastDeal> Deals);

/// <summary>
/// The bottom-up forecast of a plan's period from the open deals of the plan's sellers whose expected close date falls in
/// the period: weighted by the stage's probability, or by the seller's own conversion from that stage to won over the last
/// <see cref="PlanHistory.Days"/> days (the stage's probability until <see cref="ForecastMath.MinHistory"/> of their closed
/// deals passed it); the commit (deals marked commit) and the best case (commit + best case), all against the plan's
/// share of each seller, team and the whole target. Deals marked omitted count nowhere. Only revenue-won and deals-won
/// plans have a forecast from deals. Rows follow the visibility rule: a seller gets their own line; a team's or the
/// target's line only for whoever sees every seller in it.
/// </summary>
public sealed class ForecastPlan(OtdelDb db, Access access, Errors errors, Problems problems, Calendars calendars)
{
    public static readonly string[] Weightings = ["stage", "history"];

    public async Task<Outcome<PlanForecastView>> RunAsync(long planId, string? weighting, CancellationToken ct = default)
    {
        var plan = await db.Plans.VisibleTo(access).AsNoTracking().FirstOrDefaultAsync(p => p.Id == planId, ct);
        if (plan is null) return problems.NotFound();
        return await RunAsync(plan, weighting, ct);
    }

    public async Task<Outcome<PlanForecastView>> RunAsync(Plan plan, string? weighting, CancellationToken ct = default)
    {
        weighting = string.IsNullOrEmpty(weighting) ? "stage" : weighting;
        if (!Weightings.Contains(weighting)) errors.Add("weighting", "Plans.OneOf", string.Join(", ", Weightings));
        if (plan.Metric is not (PlanMetric.RevenueWon or PlanMetric.DealsWon)) errors.Add("metric", "Plans.Forecast.Metric");
        if (errors.Any) return errors.ToFailure();
        var money = plan.Metric == PlanMetric.RevenueWon;
        var (calendar, zone) = await calendars.ForDepartmentAsync(plan.DepartmentId, ct);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(db.UtcNow, zone));
        var schedules = PlanReader.Schedule(plan, calendar, await PlanReader.AwayAsync(db, plan, ct));
        var sellers = plan.SellerWeights.Keys.Order().ToList();
        var planOf = sellers.Select((s, j) => (s, j)).ToDictionary(x => x.s, x => schedules.Sum(m => m.SellerDays.Length > x.j ? m.SellerDays[x.j].Sum() : 0));

        var facts = await PlanFacts.DailyAsync(db, access, plan.Metric, sellers, plan.StartsOn, plan.EndsOn, zone, ct) ?? [];
        var wonOf = sellers.ToDictionary(s => s, s => facts.Where(f => f.Key.User == s).Sum(f => f.Value));

        var open = await db.Deals.VisibleTo(access).AsNoTracking()
            .Where(d => d.Status == DealStatus.Open && sellers.Contains(d.OwnerId)
                && d.ExpectedCloseDate >= plan.StartsOn && d.ExpectedCloseDate <= plan.EndsOn)
            .Join(db.Stages, d => d.StageId, s => s.Id, (d, s) => new
            {
                d.Id, d.Title, d.OwnerId, d.StageId, StageName = s.Name, s.Probability, d.Amount, d.ExpectedCloseDate,
                Category = db.DealForecasts.Where(f => f.DealId == d.Id).Select(f => (ForecastCategory?)f.Category).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var history = await PlanHistory.LoadAsync(db, access, sellers, null, ct);
        var rates = history.GroupBy(h => h.Deal.OwnerId).ToDictionary(g => g.Key, g => ForecastMath.Stages(g.Select(x => x.Deal)));
        var names = await db.Users.AsNoTracking().Where(u => sellers.Contains(u.Id)).Select(u => new { u.Id, u.FullName, u.TeamId }).ToListAsync(ct);
        string NameOf(long id) => names.FirstOrDefault(n => n.Id == id)?.FullName ?? "?";

        var deals = new List<(ForecastDeal View, long Units, long Weighted, long Historical, ForecastCategory Category)>();
        foreach (var d in open)
        {
            var units = money ? (long)(d.Amount * 100m) : 100L;
            var category = d.Category ?? ForecastCategory.Pipeline;
            var own = rates.GetValueOrDefault(d.OwnerId)?.GetValueOrDefault(d.StageId) ?? default;
            var weighted = ForecastMath.ByPercent(units, d.Probability);
            var ownHistory = own.Entered >= ForecastMath.MinHistory;
            var historical = ownHistory ? ForecastMath.ByHistory(units, own) : weighted;
            deals.Add((new ForecastDeal(d.Id, d.Title, d.OwnerId, NameOf(d.OwnerId), d.StageId, d.StageName, d.Amount, d.ExpectedCloseDate!.Value,
                MarkDealForecast.Word(category), d.Probability, own.Entered, own.Won, ownHistory, weighted / 100m, historical / 100m),
                units, weighted, historical, category));
        }
        var counted = deals.Where(d => d.Category != ForecastCategory.Omitted).ToList();

        ForecastRow Row(string level, long? id, string name, IReadOnlyCollection<long> who)
        {
            var mine = counted.Where(d => who.Contains(d.View.OwnerId)).ToList();
            long planUnits = who.Sum(s => planOf[s]), won = who.Sum(s => wonOf[s]);
            long weightedSum = mine.Sum(d => d.Weighted), historicalSum = mine.Sum(d => d.Historical);
            var commit = won + mine.Where(d => d.Category == ForecastCategory.Commit).Sum(d => d.Units);
            var best = commit + mine.Where(d => d.Category == ForecastCategory.BestCase).Sum(d => d.Units);
            var forecast = won + (weighting == "history" ? historicalSum : weightedSum);
            return new ForecastRow(level, id, name, planUnits / 100m, won / 100m, mine.Count, mine.Sum(d => d.Units) / 100m, weightedSum / 100m,
                historicalSum / 100m, commit / 100m, best / 100m, forecast / 100m, (planUnits - forecast) / 100m);
        }

        var rows = new List<ForecastRow>();
        if (sellers.All(access.CanSee)) rows.Add(Row("target", plan.TargetId, await TargetNameAsync(plan, ct), sellers));
        if (plan.Level is PlanLevel.Company or PlanLevel.Department)
        {
            var teams = names.Where(n => n.TeamId is not null).GroupBy(n => n.TeamId!.Value).ToList();
            var teamIds = teams.Select(t => t.Key).ToList();
            var teamNames = await db.Teams.AsNoTracking().Where(t => teamIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.Name, ct);
            foreach (var team in teams.OrderBy(t => teamNames.GetValueOrDefault(t.Key)))
            {
                var who = team.Select(n => n.Id).ToList();
                if (who.All(access.CanSee)) rows.Add(Row("team", team.Key, teamNames.GetValueOrDefault(team.Key, "?"), who));
            }
        }
        foreach (var s in sellers.Where(access.CanSee)) rows.Add(Row("user", s, NameOf(s), [s]));
        var list = deals.Select(d => d.View).OrderByDescending(d => weighting == "history" ? d.Historical : d.Weighted).ThenBy(d => d.Id).ToList();
        return new PlanForecastView(plan.Id, plan.Period, SavePlan.Metrics[(int)plan.Metric], weighting, plan.StartsOn, plan.EndsOn, today,
            PlanHistory.Days, ForecastMath.MinHistory, rows, list);
    }

    async Task<string> TargetNameAsync(Plan plan, CancellationToken ct) => plan.Level switch
    {
        PlanLevel.Department => await db.Departments.AsNoTracking().Where(d => d.Id == plan.TargetId).Select(d => d.Name).FirstOrDefaultAsync(ct) ?? "?",
        PlanLevel.Team => await db.Teams.AsNoTracking().Where(t => t.Id == plan.TargetId).Select(t => t.Name).FirstOrDefaultAsync(ct) ?? "?",
        PlanLevel.User => await db.Users.AsNoTracking().Where(u => u.Id == plan.TargetId).Select(u => u.FullName).FirstOrDefaultAsync(ct) ?? "?",
        _ => "",
    };

    /// <summary>
    /// The plan a report names by period, level, target and metric: the caller's visible plan of that level, target and
    /// metric whose period is the one asked (or, failing that, covers it); "no plan for the period" when there is none.
    /// </summary>
    public async Task<Outcome<Plan>> FindAsync(string? period, string? level, long? targetId, string? metric, CancellationToken ct = default)
    {
        if (!PlanPeriod.TryParse(period, out var p)) errors.Add("period", "Plans.Period");
        var lv = Array.IndexOf(SavePlan.Levels, level ?? "");
        if (lv < 0) errors.Add("level", "Plans.OneOf", string.Join(", ", SavePlan.Levels));
        var mt = Array.IndexOf(SavePlan.Metrics, metric ?? "revenueWon");
        if (mt < 0) errors.Add("metric", "Plans.OneOf", string.Join(", ", SavePlan.Metrics));
        if ((PlanLevel)Math.Max(lv, 0) != PlanLevel.Company && lv >= 0 && targetId is null) errors.Add("targetId", "Error.Required");
        if (errors.Any) return errors.ToFailure();
        var lvl = (PlanLevel)lv; var mtr = (PlanMetric)mt;
        var target = lvl == PlanLevel.Company ? null : targetId;
        var found = await db.Plans.VisibleTo(access).AsNoTracking()
            .Where(x => x.Level == lvl && x.TargetId == target && x.Metric == mtr && x.StartsOn <= p.End && x.EndsOn >= p.Start)
            .OrderBy(x => x.Period == p.Text ? 0 : 1).ThenBy(x => x.StartsOn).FirstOrDefaultAsync(ct);
        return found is null ? problems.Field(404, "period", "Plans.NoPlanFor", p.Text) : found;
    }
}
