using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Features.Organisation;
using Otdel.Features.Organisation.Pages;
using Otdel.Platform;

namespace Otdel.Features.Plans.Pages;

public sealed record TargetOption(string Level, long? Id, string Name);
public sealed record SellerOption(long Id, string Name, long? TeamId, long? DepartmentId);

/// <summary>
/// What the plan form shows and sends: the values as typed (money the Russian way), the targets the caller may plan for,
/// the sellers weights can be given to, and the refusal's messages by their fields. The rules stay in <see cref="SavePlan"/>.
/// </summary>
public sealed class PlanForm
{
    public PlanView? Existing { get; init; }
    public string? Period { get; set; }
    public string? Level { get; set; }
    public long? TargetId { get; set; }
    public string? Metric { get; set; }
    public string? Amount { get; set; }
    public string? Distribution { get; set; }
    public Dictionary<long, string?> Weights { get; set; } = [];
    public string? Reason { get; set; }
    /// <summary>Hand an absent seller's share of their days away to the colleagues at work.</summary>
    public bool RedistributeAbsences { get; set; }
    public int? Version { get; set; }
    public List<TargetOption> Targets { get; private set; } = [];
    public List<SellerOption> Sellers { get; private set; } = [];
    public List<(string Value, string Label)> Periods { get; private set; } = [];
    public FormState State { get; } = new();
    public Dictionary<long, string> WeightErrors { get; } = [];

    public string Action => Existing is null ? "/plans/new" : $"/plans/{Existing.Id}/edit";

    /// <summary>The targets the caller may plan for and the sellers of them (active, in selling positions), through the visibility rule.</summary>
    public async Task LoadAsync(OtdelDb db, Access access, SavePlan save, DateOnly today, CancellationToken ct)
    {
        var targets = new List<TargetOption>();
        if (access.Scope == Scope.All) targets.Add(new("company", null, ""));
        foreach (var d in await db.Departments.VisibleTo(access).AsNoTracking().OrderBy(d => d.Name).Select(d => new { d.Id, d.Name }).ToListAsync(ct))
            if (await save.MayPlanAsync(PlanLevel.Department, d.Id, ct)) targets.Add(new("department", d.Id, d.Name));
        foreach (var t in await db.Teams.VisibleTo(access).AsNoTracking().OrderBy(t => t.Name).Select(t => new { t.Id, t.Name }).ToListAsync(ct))
            if (await save.MayPlanAsync(PlanLevel.Team, t.Id, ct)) targets.Add(new("team", t.Id, t.Name));
        Sellers = (await db.Users.VisibleTo(access).AsNoTracking().Where(u => u.IsActive && SavePlan.SellerPositions.Contains(u.Position))
                .Select(u => new SellerOption(u.Id, u.FullName, u.TeamId, u.DepartmentId)).ToListAsync(ct))
            .OrderBy(s => s.Name, Structure.Names).ToList();
        foreach (var s in Sellers)
            if (await save.MayPlanAsync(PlanLevel.User, s.Id, ct)) targets.Add(new("user", s.Id, s.Name));
        Targets = targets;

        var month = new DateOnly(today.Year, today.Month, 1);
        var quarter = new DateOnly(today.Year, (today.Month - 1) / 3 * 3 + 1, 1);
        foreach (var m in new[] { month, month.AddMonths(1), month.AddMonths(2) })
            Periods.Add((PlanPeriod.MonthText(m), PlanShow.MonthName(m)));
        foreach (var q in new[] { quarter, quarter.AddMonths(3) })
        {
            var text = $"{q.Year}-Q{(q.Month - 1) / 3 + 1}";
            Periods.Add((text, PlanShow.PeriodName(text)));
        }
        Periods.Add((today.Year.ToString(CultureInfo.InvariantCulture), today.Year.ToString(CultureInfo.InvariantCulture)));
        Periods.Add(((today.Year + 1).ToString(CultureInfo.InvariantCulture), (today.Year + 1).ToString(CultureInfo.InvariantCulture)));
    }

    /// <summary>Whether a seller belongs to the chosen target (their weight field is shown and sent only then).</summary>
    public bool InTarget(SellerOption s, string? level, long? target) => level switch
    {
        "company" => true,
        "department" => s.DepartmentId == target,
        "team" => s.TeamId == target,
        "user" => s.Id == target,
        _ => false,
    };

    /// <summary>
    /// The input for <see cref="SavePlan"/>: the amount and weights read the Russian way, refusals of what cannot be read added
    /// to <paramref name="errors"/> (the use case reports them with its own, in one answer). Returns the sellers whose
    /// weights were sent, in order, so "weights[i]" messages find their field.
    /// </summary>
    public (PlanInput Input, List<long> Sent) ToInput(Errors errors, bool creating)
    {
        decimal? amount = null;
        if (string.IsNullOrWhiteSpace(Amount)) errors.Add("amount", "Error.Required");
        else
        {
            if (RuInput.TryParseMoney(Amount, out var a)) amount = a;
            else errors.Add("amount", "Plans.AmountInvalid");
        }
        errors.Required("reason", Reason);
        var sent = new List<long>();
        List<PlanWeightInput>? weights = null;
        if (Distribution == "weights")
        {
            var level = creating ? Level : Existing!.Level;
            var target = creating ? TargetId : Existing!.TargetId;
            weights = [];
            foreach (var s in Sellers.Where(s => InTarget(s, level, target)))
            {
                if (Weights.GetValueOrDefault(s.Id) is not { } text || string.IsNullOrWhiteSpace(text)) continue;
                if (!RuInput.TryParseMoney(text, out var w)) { errors.Add($"weights.{s.Id}", "Plans.Weight", 1_000_000); continue; }
                weights.Add(new PlanWeightInput(s.Id, w));
                sent.Add(s.Id);
            }
        }
        var input = creating
            ? new PlanInput(Period?.Trim(), Level, Level == "company" ? null : TargetId, Metric, amount, Distribution, weights, null, Reason,
                RedistributeAbsences: RedistributeAbsences)
            : new PlanInput(null, null, null, null, amount, Distribution, weights, null, Reason, Version, RedistributeAbsences);
        return (input, sent);
    }

    /// <summary>Puts a refusal on the form: "weights[i]…" messages go to the seller whose weight was i-th.</summary>
    public void Fail(Failure failure, List<long> sent)
    {
        State.Fail(failure);
        foreach (var (field, messages) in failure.Errors ?? new Dictionary<string, string[]>())
        {
            if (field.StartsWith("weights.", StringComparison.Ordinal) && long.TryParse(field[8..], CultureInfo.InvariantCulture, out var direct))
                WeightErrors[direct] = string.Join(" ", messages);
            else if (field.StartsWith("weights[", StringComparison.Ordinal) && field.IndexOf(']') is var end and > 8
                && int.TryParse(field[8..end], CultureInfo.InvariantCulture, out var i) && i < sent.Count)
                WeightErrors[sent[i]] = string.Join(" ", messages);
        }
    }
}
