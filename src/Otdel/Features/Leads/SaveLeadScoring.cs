using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Features.Clients;
using Otdel.Platform;

namespace Otdel.Features.Leads;

/// <summary>A department's scoring as the API and the settings page show it; <c>inherited</c>: the company's rules, the department keeping none.</summary>
public sealed record LeadScoringView(long? DepartmentId, bool Inherited, int MqlThreshold, int SqlThreshold, IReadOnlyList<ScoreRule> Rules, int Version,
    int? Rescored = null);

/// <summary>A department's scoring (or the company's: no departmentId, for company-wide roles): thresholds and the whole list of rules.</summary>
public sealed record LeadScoringInput(long? DepartmentId, int? MqlThreshold, int? SqlThreshold, List<ScoreRuleInput>? Rules, int? Version);

/// <summary>One rule as sent: see <see cref="ScoreRule"/> for the kinds, fields and values.</summary>
public sealed record ScoreRuleInput(string? Kind, string? Field, string? Value, int? Points);

/// <summary>A lead's score, its category and the rules that gave it.</summary>
public sealed record LeadScoreView(long LeadId, int Score, string Category, int? MqlThreshold, int? SqlThreshold, IReadOnlyList<ScorePart> Parts);

/// <summary>
/// Reads and replaces a department's scoring rules and thresholds. Heads change their department's, company-wide roles
/// any department's and the company's; everyone reads the rules they are scored by. A change scores the department's
/// open leads again at once, so the list and the statuses follow the new rules.
/// </summary>
public sealed class SaveLeadScoring(OtdelDb db, Access access, Errors errors, Problems problems, References refs, LeadScores scores)
{
    public const int MaxRules = 100;
    public const int MaxThreshold = 100_000;
    public const int MaxPoints = 1000;

    public async Task<Outcome<LeadScoringView>> ReadAsync(long? departmentId, CancellationToken ct = default)
    {
        var dep = departmentId ?? access.User?.DepartmentId;
        if (departmentId is { } d && await refs.DepartmentAsync(d, "departmentId", ct) is null) return errors.ToFailure();
        return View(dep, await scores.RulesOfAsync(dep, ct));
    }

    public async Task<Outcome<LeadScoringView>> SaveAsync(LeadScoringInput input, CancellationToken ct = default)
    {
        var dep = input.DepartmentId ?? (access.Scope == Scope.All ? null : access.User?.DepartmentId);
        if (input.DepartmentId is { } d && await refs.DepartmentAsync(d, "departmentId", ct) is null) return errors.ToFailure();
        var mayChange = access.Scope == Scope.All || (access.RunsDepartment && dep is not null && dep == access.User?.DepartmentId);
        if (!mayChange) return problems.Forbidden();
        var rules = Rules(input);
        if (errors.Any) return errors.ToFailure();

        var row = await db.Set<LeadScoring>().FirstOrDefaultAsync(x => x.DepartmentId == dep, ct);
        if (row is not null && input.Version is { } v && v != row.Version) return problems.Stale(View(dep, row));
        if (row is null) db.Add(row = new LeadScoring { DepartmentId = dep });
        row.MqlThreshold = input.MqlThreshold!.Value;
        row.SqlThreshold = input.SqlThreshold!.Value;
        row.Rules = rules;
        row.UpdatedById = access.UserId;
        row.UpdatedAt = db.UtcNow;
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) { return problems.Stale(); }
        var rescored = await scores.RecomputeAsync(dep, ct);
        return View(dep, row) with { Rescored = rescored };
    }

    LeadScoringView View(long? dep, LeadScoring? row) => row is null
        ? new LeadScoringView(dep, false, 0, 0, [], 0)
        : new LeadScoringView(dep, row.DepartmentId != dep, row.MqlThreshold, row.SqlThreshold, row.Rules, row.Version);

    List<ScoreRule> Rules(LeadScoringInput input)
    {
        if (input.MqlThreshold is not { } mql) errors.Add("mqlThreshold", "Error.Required");
        else if (mql is < 1 or > MaxThreshold) errors.Add("mqlThreshold", "Leads.BadThreshold", 1, MaxThreshold);
        if (input.SqlThreshold is not { } sql) errors.Add("sqlThreshold", "Error.Required");
        else if (sql is < 1 or > MaxThreshold) errors.Add("sqlThreshold", "Leads.BadThreshold", 1, MaxThreshold);
        else if (input.MqlThreshold is { } m && sql <= m) errors.Add("sqlThreshold", "Leads.SqlNotAboveMql");
        var list = new List<ScoreRule>();
        var given = input.Rules ?? [];
        if (given.Count > MaxRules) { errors.Add("rules", "Leads.TooManyRules", MaxRules); return list; }
        for (var i = 0; i < given.Count; i++)
            if (Rule(given[i], $"rules[{i}]") is { } r) list.Add(r);
        return list;
    }

    ScoreRule? Rule(ScoreRuleInput? r, string at)
    {
        if (r is null) { errors.Add(at, "Error.Required"); return null; }
        var kind = r.Kind?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(kind)) { errors.Add(at + ".kind", "Error.Required"); return null; }
        if (!LeadScorer.Kinds.Contains(kind)) { errors.Add(at + ".kind", "Leads.BadRuleKind"); return null; }
        string? field = null;
        var value = LeadRules.Text(at + ".value", r.Value, 200, errors);
        if (kind is "filled" or "equals")
        {
            field = LeadScorer.Fields.FirstOrDefault(f => string.Equals(f, r.Field?.Trim(), StringComparison.OrdinalIgnoreCase));
            if (string.IsNullOrWhiteSpace(r.Field)) errors.Add(at + ".field", "Error.Required");
            else if (field is null) errors.Add(at + ".field", "Leads.BadRuleField");
            if (kind == "filled") value = null;
            else if (value is null) errors.Add(at + ".value", "Error.Required");
        }
        else
        {
            var word = value?.ToLowerInvariant();
            var known = kind switch
            {
                "channel_kind" => LeadRules.KindOf(word) is not null,
                "company_size" => ClientRules.SizeOf(word) is not null,
                _ => LeadScorer.Activities.Contains(word),
            };
            if (value is null) errors.Add(at + ".value", "Error.Required");
            else if (!known) errors.Add(at + ".value", "Leads.BadRuleValue");
            value = word;
        }
        if (r.Points is not { } points) errors.Add(at + ".points", "Error.Required");
        else if (points is < -MaxPoints or > MaxPoints) errors.Add(at + ".points", "Leads.BadPoints", -MaxPoints, MaxPoints);
        return errors.Any ? null : new ScoreRule(kind, field, value, r.Points!.Value);
    }
}
