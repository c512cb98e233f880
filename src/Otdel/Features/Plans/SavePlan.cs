using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Features.Organisation;
using Otdel.Platform;

namespace Otdel.Features.Plans;

public sealed record PlanWeightInput(long? UserId, decimal? Weight);

public sealed record PlanInput(string? Period, string? Level, long? TargetId, string? Metric, decimal? Amount, string? Distribution,
    List<PlanWeightInput>? Weights = null, List<decimal>? MonthWeights = null, string? Reason = null, int? Version = null,
    bool? RedistributeAbsences = null);

/// <summary>
/// Sets a plan top-down and distributes it: to the sellers of its target evenly, by the weights given, or by each one's
/// share of last period's result; over the months of a quarter or year evenly or by seasonality weights. Who may plan:
/// company plans — company-wide roles; department plans — those who run the department; team and seller plans — also
/// the team's lead. A target the caller cannot see is "no such …" on targetId; one they see but do not manage is 403.
/// A plan overlapping one of the same level, target and metric is 409 naming it. A change needs a reason.
/// </summary>
public sealed class SavePlan(OtdelDb db, Access access, Errors errors, Problems problems, References refs, Calendars calendars, PlanReader reader)
{
    public static readonly string[] Levels = ["company", "department", "team", "user"];
    public static readonly string[] Metrics = ["revenueWon", "moneyReceived", "dealsWon", "newClients", "calls", "meetings", "proposals"];
    public static readonly string[] Distributions = ["even", "weights", "lastPeriod"];
    const decimal MaxWeight = 1_000_000m;

    /// <summary>The positions plans are distributed to (the sellers of a target).</summary>
    public static readonly Position[] SellerPositions = [Position.Hunter, Position.Inbound, Position.Closer, Position.Farmer, Position.KeyAccountManager];

    public async Task<Outcome<PlanView>> Create(PlanInput input, CancellationToken ct = default)
    {
        if (access.Scope == Scope.Own) return problems.Forbidden();
        if (!PlanPeriod.TryParse(input.Period, out var period)) errors.Add("period", "Plans.Period");
        var level = Parse<PlanLevel>(input.Level, Levels, "level");
        var metric = Parse<PlanMetric>(input.Metric, Metrics, "metric");
        var reason = input.Reason?.Trim();
        errors.MaxLength("reason", reason, 500);
        if (errors.Any) return errors.ToFailure();

        var target = await TargetAsync(level!.Value, input.TargetId, ct);
        if (target.Failure is { } refused) return refused;
        var to = target.Value!;
        var plan = new Plan
        {
            Period = period.Text, StartsOn = period.Start, EndsOn = period.End, Level = level.Value, TargetId = to.Id,
            DepartmentId = to.DepartmentId, Metric = metric!.Value, CreatedById = access.UserId, CreatedAt = db.UtcNow,
            Reason = string.IsNullOrEmpty(reason) ? null : reason,
        };
        var applied = await ApplyAsync(plan, input, to.Sellers, ct);
        if (applied is { } failure) return failure;

        var clash = await db.Plans.AsNoTracking().Where(p => p.Level == plan.Level && p.TargetId == plan.TargetId && p.Metric == plan.Metric
            && p.StartsOn <= plan.EndsOn && p.EndsOn >= plan.StartsOn).Select(p => new { p.Id, p.Period }).FirstOrDefaultAsync(ct);
        if (clash is not null) return problems.Conflict("period", "Plans.Overlaps", clash.Period, clash.Id);
        db.Plans.Add(plan);
        await db.SaveChangesAsync(ct);
        return await reader.ViewAsync(plan, ct);
    }

    /// <summary>Changes the amount and the distribution (the period, level, target and metric stay); the reason is required.</summary>
    public async Task<Outcome<PlanView>> Update(long id, PlanInput input, CancellationToken ct = default)
    {
        var plan = await db.Plans.VisibleTo(access).FirstOrDefaultAsync(p => p.Id == id, ct);
        if (plan is null) return problems.NotFound();
        if (!await MayPlanAsync(plan.Level, plan.TargetId, ct)) return problems.Forbidden();
        if (input.Version is { } v)
        {
            if (v != plan.Version) return problems.Stale(await reader.ViewAsync(plan, ct));
            db.Entry(plan).Property(p => p.Version).OriginalValue = v;
        }
        var reason = input.Reason?.Trim();
        errors.Required("reason", reason).MaxLength("reason", reason, 500);
        // What the plan is for stays: a different target, period, level or metric is a new plan.
        if (input.TargetId is { } t && t != plan.TargetId) errors.Add("targetId", "Plans.Fixed");
        if (input.Period is { } p && p != plan.Period) errors.Add("period", "Plans.Fixed");
        if (input.Level is { } l && l != Levels[(int)plan.Level]) errors.Add("level", "Plans.Fixed");
        if (input.Metric is { } m && m != Metrics[(int)plan.Metric]) errors.Add("metric", "Plans.Fixed");
        if (errors.Any) return errors.ToFailure();
        var target = await TargetAsync(plan.Level, plan.TargetId, ct, checkAccess: false);
        if (target.Failure is { } refused) return refused;
        plan.Reason = reason;
        var applied = await ApplyAsync(plan, input, target.Value!.Sellers, ct);
        if (applied is { } failure) return failure;
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) { return problems.Stale(); }
        return await reader.ViewAsync(plan, ct);
    }

    T? Parse<T>(string? text, string[] words, string field) where T : struct, Enum
    {
        var at = Array.IndexOf(words, text);
        if (at < 0) { errors.Add(field, "Plans.OneOf", string.Join(", ", words)); return null; }
        return (T)(object)at;
    }

    sealed record Target(long? Id, long? DepartmentId, List<long> Sellers);

    /// <summary>The plan's target through the visibility rule, whether the caller may plan for it, and its sellers.</summary>
    async Task<Outcome<Target>> TargetAsync(PlanLevel level, long? targetId, CancellationToken ct, bool checkAccess = true)
    {
        var active = db.Users.AsNoTracking().Where(u => u.IsActive && SellerPositions.Contains(u.Position));
        Target? target = null;
        switch (level)
        {
            case PlanLevel.Company:
                if (targetId is not null) { errors.Add("targetId", "Plans.NoTargetForCompany"); break; }
                target = new Target(null, null, await active.OrderBy(u => u.Id).Select(u => u.Id).ToListAsync(ct));
                break;
            case PlanLevel.Department:
                if (targetId is not { } depId) { errors.Add("targetId", "Error.Required"); break; }
                if (await refs.DepartmentAsync(depId, "targetId", ct) is null) break;
                target = new Target(depId, depId, await active.Where(u => u.DepartmentId == depId).OrderBy(u => u.Id).Select(u => u.Id).ToListAsync(ct));
                break;
            case PlanLevel.Team:
                if (targetId is not { } teamId) { errors.Add("targetId", "Error.Required"); break; }
                if (await refs.TeamAsync(teamId, "targetId", ct) is not { } team) break;
                target = new Target(teamId, team.DepartmentId,
                    await active.Where(u => u.TeamId == teamId).OrderBy(u => u.Id).Select(u => u.Id).ToListAsync(ct));
                break;
            case PlanLevel.User:
                if (targetId is not { } userId) { errors.Add("targetId", "Error.Required"); break; }
                if (await refs.PersonAsync(userId, "targetId", ct) is not { } person) break;
                target = new Target(userId, person.DepartmentId, [userId]);
                break;
        }
        if (errors.Any) return errors.ToFailure();
        if (checkAccess && !await MayPlanAsync(level, targetId, ct)) return problems.Forbidden();
        return target!;
    }

    /// <summary>Whether the caller may set or change a plan for this level and target (the pages hide their forms otherwise).</summary>
    public async Task<bool> MayPlanAsync(PlanLevel level, long? targetId, CancellationToken ct) => level switch
    {
        PlanLevel.Company => access.Scope == Scope.All,
        PlanLevel.Department => access.RunsDepartment && (access.Scope == Scope.All || targetId == access.User?.DepartmentId),
        PlanLevel.Team => access.RunsDepartment || await db.Teams.AnyAsync(t => t.Id == targetId && t.LeadId == access.UserId, ct),
        _ => access.Scope != Scope.Own && targetId is { } u && access.CanSee(u) && u != access.UserId || access.Scope == Scope.All,
    };

    /// <summary>Amount, distribution over sellers and months; null when applied, else why not.</summary>
    async Task<Failure?> ApplyAsync(Plan plan, PlanInput input, List<long> sellers, CancellationToken ct)
    {
        var distribution = Parse<PlanDistribution>(input.Distribution ?? "even", Distributions, "distribution");
        if (input.Amount is not { } amount) errors.Add("amount", "Error.Required");
        else if (amount <= 0) errors.Add("amount", "Plans.Positive");
        else errors.Money("amount", amount);
        if (input.Weights is { } listed && listed.Any(w => w is null)) errors.Add("weights", "Error.Required");
        var months = new PlanPeriod(plan.Period, plan.StartsOn, plan.EndsOn).Months();
        var monthWeights = input.MonthWeights ?? [];
        if (monthWeights.Count > 0)
        {
            if (months.Count == 1) errors.Add("monthWeights", "Plans.MonthWeightsForMonth");
            else if (monthWeights.Count != months.Count) errors.Add("monthWeights", "Plans.MonthWeightsCount", months.Count);
            else if (monthWeights.Any(w => w < 0 || w > MaxWeight || w != decimal.Round(w, 2))) errors.Add("monthWeights", "Plans.Weight", MaxWeight);
            else if (monthWeights.Sum() <= 0) errors.Add("monthWeights", "Plans.WeightsZero");
        }
        if (errors.Any) return errors.ToFailure();

        Dictionary<long, decimal> weights;
        switch (distribution!.Value)
        {
            case PlanDistribution.Weights:
                if (input.Weights is not { Count: > 0 } given) { errors.Add("weights", "Error.Required"); return errors.ToFailure(); }
                weights = [];
                for (var i = 0; i < given.Count; i++)
                {
                    var field = $"weights[{i}]";
                    if (given[i] is null) { errors.Add(field, "Error.Required"); continue; }
                    if (given[i].UserId is not { } uid || !sellers.Contains(uid)) { errors.Add(field + ".userId", "Plans.NotASeller"); continue; }
                    if (given[i].Weight is not { } w || w < 0 || w > MaxWeight || w != decimal.Round(w, 2))
                    {
                        errors.Add(field + ".weight",
                        "Plans.Weight", MaxWeight); continue;
                    }
                    if (!weights.TryAdd(uid, w)) errors.Add(field + ".userId", "Plans.Twice");
                }
                if (!errors.Any && weights.Values.Sum() <= 0) errors.Add("weights", "Plans.WeightsZero");
                break;
            case PlanDistribution.LastPeriod:
                weights = await LastPeriodAsync(plan, sellers, ct);
                break;
            default:
                weights = sellers.ToDictionary(s => s, _ => 1m);
                break;
        }
        if (!errors.Any && weights.Count == 0) errors.Add("targetId", "Plans.NoSellers");
        if (errors.Any) return errors.ToFailure();

        var (calendar, _) = await calendars.ForDepartmentAsync(plan.DepartmentId, ct);
        var empty = months.FirstOrDefault(m => calendar.WorkingDaysIn(m.Year, m.Month).Count == 0);
        if (empty != default) return problems.Bad("period", "Plans.NoWorkingDays", PlanPeriod.MonthText(empty));

        plan.Amount = input.Amount!.Value;
        plan.Distribution = distribution.Value;
        plan.SellerWeights = weights;
        plan.MonthWeights = monthWeights;
        if (input.RedistributeAbsences is { } redistribute) plan.RedistributeAbsences = redistribute;
        return null;
    }

    /// <summary>Each seller's result of the same metric in the previous period: their share of it becomes their weight.</summary>
    async Task<Dictionary<long, decimal>> LastPeriodAsync(Plan plan, List<long> sellers, CancellationToken ct)
    {
        var previous = new PlanPeriod(plan.Period, plan.StartsOn, plan.EndsOn).Previous();
        var (_, zone) = await calendars.ForDepartmentAsync(plan.DepartmentId, ct);
        var facts = await PlanFacts.DailyAsync(db, access, plan.Metric, sellers, previous.Start, previous.End, zone, ct);
        if (facts is null) { errors.Add("distribution", "Plans.NotRecorded"); return []; }
        var weights = sellers.ToDictionary(s => s, s => facts.Where(f => f.Key.User == s).Sum(f => f.Value) / 100m);
        if (weights.Values.Sum() <= 0) errors.Add("distribution", "Plans.NothingLastPeriod", previous.Text);
        return weights;
    }
}
