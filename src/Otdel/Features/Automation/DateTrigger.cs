using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Otdel.Data;

namespace Otdel.Features.Automation;

/// <summary>
/// The occasions of a "date reached" rule: deals of its pipeline whose date — the expected close date or a custom field
/// of kind date — moved by the rule's offset is today or earlier on the company calendar's wall clock, and no earlier
/// than the day the rule was switched on. The key names the date itself (<c>d{deal}f{yyyy-MM-dd}</c>), so a deal fires
/// once per date value: a date moved later makes a new occasion. Open deals only, unless the rule includes closed ones.
/// </summary>
static class DateTrigger
{
    public static string Key(long dealId, string date) => $"d{dealId}f{date}";

    public static async Task<List<(string Key, Subject Subject)>> DueAsync(OtdelDb db, AutomationRule rule, DateTime now, TimeZoneInfo zone, int batch,
        CancellationToken ct)
    {
        var offset = rule.DateDirection == "before" ? -(rule.Days ?? 0) : rule.Days ?? 0;
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(now, zone));
        var enabledDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(rule.EnabledAt, zone));
        // The deal's date d fires on d + offset: due when that day has come and is not before the rule was switched on.
        var from = Iso(enabledDay.AddDays(-offset));
        var to = Iso(today.AddDays(-offset));

        // Custom values live in a JSON column and dates differ per engine (ISO text on SQLite), so this one is SQL by
        // hand; every value is a parameter ({n}; a literal brace is doubled). Dates are kept ISO (yyyy-MM-dd), which orders as text.
        var value = (db.IsSqlite, rule.DateField == DateFields.ExpectedClose) switch
        {
            (true, true) => "expected_close_date",
            (false, true) => "to_char(expected_close_date, 'YYYY-MM-DD')",
            (true, false) => "CASE WHEN json_valid(fields) THEN json_extract(fields, {4}) END",
            (false, false) => "CASE WHEN fields LIKE '{{%' THEN (fields::jsonb ->> {4}) END",
        };
        var status = rule.IncludeClosed ? "" : " AND status = 'open'";
        var sql = $$"""
            WITH c AS (SELECT id, {{value}} AS v FROM deals WHERE pipeline_id = {0}{{status}})
            SELECT c.id AS "Id", c.v AS "Date" FROM c
            WHERE c.v LIKE '____-__-__' AND c.v >= {1} AND c.v <= {2}
              AND NOT EXISTS (SELECT 1 FROM automation_firings f WHERE f.rule_id = {3} AND f.key = 'd' || c.id || 'f' || c.v)
            ORDER BY c.v, c.id LIMIT {{batch}}
            """;
        List<object> args = [rule.PipelineId!.Value, from, to, rule.Id];
        if (rule.DateField != DateFields.ExpectedClose) args.Add(db.IsSqlite ? "$.\"" + rule.DateField + "\"" : rule.DateField!);
        var found = await db.Database.SqlQueryRaw<Occasion>(sql, [.. args]).ToListAsync(ct);
        if (found.Count == 0) return [];

        var ids = found.Select(f => f.Id).ToList();
        var deals = await db.Deals.AsNoTracking().Where(d => ids.Contains(d.Id))
            .Select(d => new { d.Id, d.OwnerId, d.Title, d.ClientId }).ToDictionaryAsync(d => d.Id, ct);
        return found.Where(f => deals.ContainsKey(f.Id)).Select(f =>
        {
            var d = deals[f.Id];
            return (Key(d.Id, f.Date), new Subject(d.OwnerId, d.Title, "/deals/" + d.Id, d.Id, null, null, d.ClientId));
        }).ToList();
    }

    static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    sealed record Occasion(long Id, string Date);
}
