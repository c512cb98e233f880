using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Features.Deals;
using Otdel.Platform;

namespace Otdel.Features.Plans;

/// <summary>
/// A deal behind a plan's figures: a won one (<c>date</c> = the day it was won, in the department's zone) or an open one
/// that could still close in the period (<c>date</c> = its expected close date; <c>late</c> when that date has passed).
/// <c>weighted</c> = amount × the stage's probability.
/// </summary>
public sealed record PlanDeal(long Id, string Title, string? Client, long OwnerId, string OwnerName, string Stage, decimal Amount, string Currency,
    DateOnly? Date, int Probability, decimal Weighted, bool Late);

/// <summary>The deals making a plan's fact (won in the period through today) and those that could add to it (open, expected by its end).</summary>
public sealed record PlanDealsView(long PlanId, DateOnly From, DateOnly To, DateOnly Today, List<PlanDeal> Won, List<PlanDeal> Open);

/// <summary>
/// The drill from plan/fact to deals: for the sellers of a plan the caller sees (all, a team's or one), the won deals whose
/// close date (in the department's zone) falls in the period up to today — the same deals PlanFacts counts — and, while
/// the period runs, the open deals whose expected close date is at the latest its last day (slipped ones included: they
/// can still close). Through the visibility rule.
/// </summary>
public sealed class PlanDeals(OtdelDb db, Access access, Calendars calendars, Problems problems)
{
    public const int MaxRows = 300;

    public async Task<Outcome<PlanDealsView>> RunAsync(Plan plan, long? teamId, long? userId, CancellationToken ct = default)
    {
        var (_, zone) = await calendars.ForDepartmentAsync(plan.DepartmentId, ct);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(db.UtcNow, zone));
        var planned = plan.SellerWeights.Keys.Where(access.CanSee).ToList();
        var teams = await db.Users.AsNoTracking().Where(u => planned.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.TeamId, ct);
        if (teamId is { } tm && !teams.Values.Contains(tm)) return problems.Field(404, "teamId", "Plans.Fact.NotInPlan");
        if (userId is { } u && !planned.Contains(u)) return problems.Field(404, "userId", "Plans.Fact.NotInPlan");
        var sellers = planned.Where(s => (teamId is null || teams.GetValueOrDefault(s) == teamId) && (userId is null || s == userId)).ToList();

        var won = new List<PlanDeal>();
        var through = today < plan.EndsOn ? today : plan.EndsOn;
        if (through >= plan.StartsOn)
        {
            var fromUtc = TimeZoneInfo.ConvertTimeToUtc(plan.StartsOn.ToDateTime(TimeOnly.MinValue), zone);
            var toUtc = TimeZoneInfo.ConvertTimeToUtc(through.AddDays(1).ToDateTime(TimeOnly.MinValue), zone);
            won = await Query(db.Deals.VisibleTo(access).AsNoTracking()
                .Where(d => d.Status == DealStatus.Won && sellers.Contains(d.OwnerId) && d.ClosedAt >= fromUtc && d.ClosedAt < toUtc)
                .OrderByDescending(d => d.ClosedAt).ThenBy(d => d.Id), today, zone, ct);
        }
        var open = today > plan.EndsOn ? [] : await OpenAsync(sellers, plan.EndsOn, today, MaxRows, ct);
        return new PlanDealsView(plan.Id, plan.StartsOn, plan.EndsOn, today, won, open);
    }

    /// <summary>
    /// Open deals of the sellers that could close by <paramref name="until"/>: expected by then (slipped ones first, then the
    /// soonest, then the largest weighted amount); with <paramref name="orAny"/>, the sellers' other open deals after them by
    /// weighted amount (the daily view fills its list so).
    /// </summary>
    public async Task<List<PlanDeal>> OpenAsync(IReadOnlyCollection<long> sellers, DateOnly until, DateOnly today, int take, CancellationToken ct,
        bool orAny = false)
    {
        var ids = sellers.ToList();
        var open = db.Deals.VisibleTo(access).AsNoTracking().Where(d => d.Status == DealStatus.Open && ids.Contains(d.OwnerId));
        var soon = await Query(open.Where(d => d.ExpectedCloseDate != null && d.ExpectedCloseDate <= until)
            .OrderBy(d => d.ExpectedCloseDate).ThenByDescending(d => d.Amount), today, null, ct);
        soon = soon.OrderBy(d => d.Date).ThenByDescending(d => d.Weighted).ThenBy(d => d.Id).Take(take).ToList();
        if (!orAny || soon.Count >= take) return soon;
        var rest = await Query(open.Where(d => d.ExpectedCloseDate == null || d.ExpectedCloseDate > until)
            .OrderByDescending(d => d.Amount), today, null, ct);
        return [.. soon, .. rest.OrderByDescending(d => d.Weighted).ThenBy(d => d.Id).Take(take - soon.Count)];
    }

    async Task<List<PlanDeal>> Query(IQueryable<Deal> deals, DateOnly today, TimeZoneInfo? zone, CancellationToken ct)
    {
        var rows = await deals.Take(MaxRows)
            .Join(db.Stages, d => d.StageId, s => s.Id, (d, s) => new { d, Stage = s.Name, s.Probability })
            .Join(db.Users, x => x.d.OwnerId, u => u.Id, (x, u) => new
            {
                x.d.Id, x.d.Title, x.d.ClientName, x.d.OwnerId, Owner = u.FullName, x.Stage, x.Probability, x.d.Amount, x.d.Currency,
                x.d.ExpectedCloseDate, x.d.ClosedAt, x.d.Status,
            })
            .ToListAsync(ct);
        return rows.Select(r =>
        {
            // A won deal's day is its close date where the department is; an open one's, its expected close date.
            var date = r.Status == DealStatus.Won && r.ClosedAt is { } at && zone is not null
                ? DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(at, DateTimeKind.Utc), zone))
                : r.ExpectedCloseDate;
            var probability = r.Status == DealStatus.Won ? 100 : r.Probability;
            return new PlanDeal(r.Id, r.Title, r.ClientName, r.OwnerId, r.Owner, r.Stage, r.Amount, r.Currency, date, probability,
                decimal.Round(r.Amount * probability / 100m, 2, MidpointRounding.AwayFromZero), r.Status == DealStatus.Open && date < today);
        }).OrderByDescending(r => r.Date).ThenBy(r => r.Id).ToList();
    }
}
