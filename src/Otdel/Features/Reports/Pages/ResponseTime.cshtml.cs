using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Otdel.Data;
using Otdel.Platform;
using Otdel.Resources;

namespace Otdel.Features.Reports.Pages;

/// <summary>
/// /reports/response-time: how soon leads were first contacted (working minutes) by owner or team — the figures of
/// GET /api/v1/reports/response-time, with its CSV — and the department's target, which its head sets here
/// (as PUT /api/v1/reports/response-time/target). Dates typed дд.мм.гггг; the report lives in the URL.
/// </summary>
public sealed class ResponseTimeModel(ResponseTimeReport report, SaveResponseTarget targets, OtdelDb db, Access access, Errors errors,
    IStringLocalizer<Text> t) : PageModel
{
    public string GroupBy { get; private set; } = "user";
    public string? From { get; private set; }
    public string? To { get; private set; }
    public Errors Errors => errors;
    public ResponseTimeResult? Result { get; private set; }
    public string Query { get; private set; } = "";
    public ResponseTargetView? Target { get; private set; }
    public string? TargetText { get; private set; }
    public Failure? TargetFailure { get; private set; }
    public string? Notice { get; private set; }
    public bool MaySetTarget => access.RunsDepartment || access.Scope == Scope.All;

    public async Task OnGetAsync(string? groupBy, string? from, string? to, bool? saved, CancellationToken ct)
    {
        if (saved == true) Notice = t["Reports.Response.TargetSaved"];
        await LoadTargetAsync(ct);
        GroupBy = string.IsNullOrWhiteSpace(groupBy) ? "user" : groupBy.Trim();
        if (!ResponseTimeReport.GroupBys.Contains(GroupBy))
            errors.Add("groupBy", "Reports.Response.GroupBy", string.Join(", ", ResponseTimeReport.GroupBys));
        var period = TypedPeriod.Read(from, to, db.UtcNow, errors);
        (From, To) = (period.FromText, period.ToText);
        if (errors.Any)
        {
            Response.StatusCode = 400;
            return;
        }
        Query = $"groupBy={GroupBy}&{period.Query}";
        Result = await report.Run(GroupBy, period.From, period.To, ct);
    }

    public async Task<IActionResult> OnPostAsync(string? minutes, int? version, CancellationToken ct)
    {
        int? n = int.TryParse(minutes?.Trim(), out var m) ? m : null;
        if (n is null && !string.IsNullOrWhiteSpace(minutes)) n = -1; // said as out of range, by the field
        var outcome = await targets.SaveAsync(new ResponseTargetInput(null, n, version), ct);
        if (outcome.Ok) return Redirect("/reports/response-time?saved=true");
        db.ChangeTracker.Clear();
        await LoadTargetAsync(ct);
        (TargetText, TargetFailure) = (minutes, outcome.Failure);
        Response.StatusCode = outcome.Failure!.Status;
        return Page();
    }

    async Task LoadTargetAsync(CancellationToken ct)
    {
        if (access.User?.DepartmentId is null) return;
        Target = (await targets.ReadAsync(null, ct)).Value;
        TargetText = Target?.Minutes.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
