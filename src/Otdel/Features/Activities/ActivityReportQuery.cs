using System.Globalization;
using Otdel.Platform;

namespace Otdel.Features.Activities;

/// <summary>The activity report's query string as typed: grouping, period (dates on the reader's clock), a team or a person.</summary>
public sealed record ActivityReportQuery(ActivityGrouping By, DateOnly From, DateOnly To, long? TeamId, long? UserId)
{
    /// <summary>
    /// Checks the raw values: groupBy one of user|team|day|week|month (default user); from/to ISO dates (default: this
    /// month so far… to today), from ≤ to, at most <see cref="ActivityReport.MaxDays"/> days; a team or person one sees.
    /// </summary>
    public static async Task<ActivityReportQuery?> ParseAsync(string? groupBy, string? from, string? to, long? teamId, long? userId,
        DateOnly today, References refs, Errors errors, CancellationToken ct)
    {
        var by = ActivityGrouping.User;
        if (!string.IsNullOrWhiteSpace(groupBy))
        {
            if (ActivityRules.Word<ActivityGrouping>(groupBy) is { } g) by = g;
            else errors.Add("groupBy", "Activities.Report.BadGroupBy");
        }
        var f = Date(from, "from", new DateOnly(today.Year, today.Month, 1), errors);
        var t = Date(to, "to", today, errors);
        if (f is { } a && t is { } b)
        {
            if (a > b) errors.Add("to", "Activities.Report.ToBeforeFrom");
            else if (b.DayNumber - a.DayNumber + 1 > ActivityReport.MaxDays) errors.Add("to", "Activities.Report.TooLong", ActivityReport.MaxDays);
        }
        if (teamId is { } tid) await refs.TeamAsync(tid, "teamId", ct);
        if (userId is { } uid) refs.Owner(uid, "userId");
        return errors.Any ? null : new ActivityReportQuery(by, f!.Value, t!.Value, teamId, userId);
    }

    public static DateOnly? Date(string? value, string field, DateOnly fallback, Errors errors)
    {
        if (string.IsNullOrWhiteSpace(value)) return fallback;
        var v = value.Trim();
        if (DateOnly.TryParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) || RuInput.TryParseDate(v, out d))
        {
            if (Inputs.IsSaneDate(d)) return d;
            errors.Date(field, d);
            return null;
        }
        errors.Add(field, "Activities.Report.BadDate");
        return null;
    }

    public string Query => $"groupBy={SnakeCase.Of(By.ToString())}&from={From:yyyy-MM-dd}&to={To:yyyy-MM-dd}"
        + (TeamId is { } t ? $"&teamId={t}" : "") + (UserId is { } u ? $"&userId={u}" : "");
}
