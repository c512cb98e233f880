using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Otdel.Data;
using Otdel.Platform;
using Otdel.Resources;

namespace Otdel.Features.Leads.Pages;

/// <summary>A rule as the settings form shows it (texts as typed, so a refused one comes back as it was).</summary>
public sealed record RuleRow(string? Kind, string? Field, string? Value, string? Points);

/// <summary>
/// The department's lead scoring (Settings): the MQL and SQL thresholds and the rules, edited by heads (through
/// <see cref="SaveLeadScoring"/>, as PUT /api/v1/lead-scoring), read by everyone scored by them. Saving scores the open
/// leads again and says how many changed.
/// </summary>
public sealed class ScoringModel(OtdelDb db, Access access, IStringLocalizer<Text> t) : PageModel
{
    public const int BlankRows = 3;
    public LeadScoringView View { get; private set; } = new(null, false, 0, 0, [], 0);
    public List<RuleRow> Rows { get; private set; } = [];
    public string? Mql { get; private set; }
    public string? Sql { get; private set; }
    public Failure? Failure { get; private set; }
    public string? Notice { get; private set; }
    public bool MayEdit => access.RunsDepartment || access.Scope == Scope.All;

    public async Task OnGetAsync(int? rescored, [FromServices] SaveLeadScoring scoring, CancellationToken ct)
    {
        await Load(scoring, ct);
        if (rescored is { } n) Notice = t["Scoring.Saved", n];
    }

    public async Task<IActionResult> OnPostAsync(string? mqlThreshold, string? sqlThreshold, string[]? kind, string[]? field, string[]? value, string[]? points,
        int? version, [FromServices] SaveLeadScoring scoring, CancellationToken ct)
    {
        var rows = new List<RuleRow>();
        for (var i = 0; i < (kind?.Length ?? 0); i++)
            rows.Add(new RuleRow(kind![i], At(field, i), At(value, i), At(points, i)));
        rows = rows.Where(r => !string.IsNullOrWhiteSpace(r.Kind)).ToList();
        var unread = new Dictionary<string, string[]>();
        int? Number(string key, string? text)
        {
            if (string.IsNullOrWhiteSpace(text)) return null;
            if (int.TryParse(text.Trim().Replace(" ", "").Replace("\u00a0", ""), out var n)) return n;
            unread[key] = [t["Error.BadValue"]];
            return null;
        }
        var rules = rows.Select((r, i) => new ScoreRuleInput(r.Kind, r.Field, r.Value, Number($"rules[{i}].points", r.Points))).ToList();
        var input = new LeadScoringInput(null, Number("mqlThreshold", mqlThreshold), Number("sqlThreshold", sqlThreshold), rules, version);
        var outcome = unread.Count > 0 ? new Failure(400, t["Error.Validation"], unread) : await scoring.SaveAsync(input, ct);
        if (outcome.Ok) return Redirect($"/settings/lead-scoring?rescored={outcome.Value!.Rescored ?? 0}");
        db.ChangeTracker.Clear();
        await Load(scoring, ct);
        (Rows, Mql, Sql, Failure) = ([.. rows, .. Blank()], mqlThreshold, sqlThreshold, outcome.Failure);
        Response.StatusCode = Failure!.Status;
        return Page();
    }

    static IEnumerable<RuleRow> Blank() => Enumerable.Repeat(new RuleRow(null, null, null, null), BlankRows);

    static string? At(string[]? a, int i) => a is not null && i < a.Length ? a[i] : null;

    public string? ErrorFor(string field) => Failure?.For(field);

    async Task Load(SaveLeadScoring scoring, CancellationToken ct)
    {
        var read = await scoring.ReadAsync(null, ct);
        View = read.Value ?? View;
        Rows = [.. View.Rules.Select(r => new RuleRow(r.Kind, r.Field, r.Value, r.Points.ToString())), .. Blank()];
        Mql = View.MqlThreshold == 0 ? null : View.MqlThreshold.ToString();
        Sql = View.SqlThreshold == 0 ? null : View.SqlThreshold.ToString();
    }
}
