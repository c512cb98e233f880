using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Otdel.Data;
using Otdel.Platform;

namespace Otdel.Features.Deals;

/// <summary>Validation and field mapping shared by creating and changing a deal.</summary>
public static class DealRules
{
    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        { "title", "amount", "currency", "clientName", "expectedCloseDate", "source", "segment", "products", "leadScore", "fields" };

    static readonly string[] Currencies = ["RUB", "USD", "EUR", "CNY", "KZT", "BYN"];

    /// <summary>Copies the present fields onto the deal, collecting errors; false when something is wrong.</summary>
    public static bool Apply(Deal deal, DealInput input, IReadOnlySet<string> present, Errors errors)
    {
        bool Has(string f) => present.Contains(f);
        if (Has("title"))
        {
            deal.Title = input.Title?.Trim() ?? "";
            errors.Required("title", deal.Title).MaxLength("title", deal.Title, 300);
        }
        if (Has("amount"))
        {
            if (input.Amount is { } a && (a < 0 || a > 1_000_000_000_000m)) errors.Add("amount", "Deals.AmountRange");
            else if (errors.Money("amount", input.Amount).For("amount") is null) deal.Amount = input.Amount ?? 0;
        }
        if (Has("currency") && input.Currency is not null)
        {
            var c = input.Currency.Trim().ToUpperInvariant();
            if (!Currencies.Contains(c)) errors.Add("currency", "Deals.Currency", string.Join(", ", Currencies));
            else deal.Currency = c;
        }
        if (Has("clientName"))
        {
            deal.ClientName = Trimmed(input.ClientName);
            errors.MaxLength("clientName", deal.ClientName, 300);
        }
        if (Has("expectedCloseDate")) { errors.Date("expectedCloseDate", input.ExpectedCloseDate); deal.ExpectedCloseDate = input.ExpectedCloseDate; }
        if (Has("source")) { deal.Source = Trimmed(input.Source); errors.MaxLength("source", deal.Source, 100); }
        if (Has("segment")) { deal.Segment = Trimmed(input.Segment); errors.MaxLength("segment", deal.Segment, 100); }
        if (Has("products")) { deal.Products = Trimmed(input.Products); errors.MaxLength("products", deal.Products, 4000); }
        if (Has("leadScore"))
        {
            if (input.LeadScore is < 0 or > 100) errors.Add("leadScore", "Deals.LeadScoreRange");
            else deal.LeadScore = input.LeadScore;
        }
        if (Has("fields") && input.Fields is not null)
        {
            var merged = new Dictionary<string, string>(deal.Fields);
            foreach (var (key, value) in input.Fields)
            {
                errors.MaxLength("fields." + key, value, 1000);
                if (string.IsNullOrWhiteSpace(value)) merged.Remove(key);
                else merged[key] = value.Trim();
            }
            deal.Fields = merged;
        }
        return !errors.Any;
    }

    /// <summary>
    /// The deal's custom values named in <paramref name="keys"/> must name a field of the pipeline and fit its type;
    /// numbers, money and dates typed the Russian way are kept in one form (3500000.50, 2027-03-15). True on errors.
    /// </summary>
    public static async Task<bool> CheckFields(OtdelDb db, Access access, Deal deal, IReadOnlyCollection<string> keys, Errors errors, CancellationToken ct)
    {
        if (keys.Count == 0) return false;
        var defs = await db.PipelineFields.AsNoTracking().Where(f => f.PipelineId == deal.PipelineId).ToDictionaryAsync(f => f.Key, ct);
        foreach (var key in keys)
        {
            if (!deal.Fields.TryGetValue(key, out var value)) continue;
            var name = "fields." + key;
            if (key.Length > 60 || Inputs.HasControlCharacters(key)) { errors.Add("fields", "Deals.UnknownField"); continue; }
            if (!defs.TryGetValue(key, out var def)) { errors.Add(name, "Deals.UnknownField"); continue; }
            if (value.Length > 1000) { errors.Add(name, "Error.TooLong", 1000); continue; }
            var ok = def.Type switch
            {
                "number" or "money" => RuInput.TryParseMoney(value, out var number)
                    && errors.Money(name, def.Type == "money" ? number : null).For(name) is null
                    && Keep(deal, key, number.ToString(CultureInfo.InvariantCulture)),
                "date" => RuInput.TryParseDate(value, out var date) && errors.Date(name, date).For(name) is null
                    && Keep(deal, key, date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                "choice" => def.Options is null || def.Options.Split('|').Any(o => string.Equals(o.Trim(), value, StringComparison.OrdinalIgnoreCase)),
                "user" => long.TryParse(value, out var uid) && await db.Users.VisibleTo(access).AnyAsync(u => u.Id == uid, ct),
                _ => true,
            };
            if (!ok) errors.Add(name, "Deals.FieldType." + def.Type, def.Options?.Replace("|", ", ") ?? "");
        }
        return errors.Any;
    }

    static bool Keep(Deal deal, string key, string normalised)
    {
        deal.Fields = new Dictionary<string, string>(deal.Fields) { [key] = normalised };
        return true;
    }

    /// <summary>422 with <c>missing</c>: each unmet condition with a message in the caller's language.</summary>
    public static Failure Unmet(IStringLocalizer t, List<Missing> missing) =>
        new(422, t["Deals.ConditionsUnmet"], null, new Dictionary<string, object?> { ["missing"] = missing });

    /// <summary>The board's quick search key: lower-cased in .NET because SQLite's lower() leaves Cyrillic as is.</summary>
    public static void Index(Deal deal)
    {
        var key = (deal.Title + " " + deal.ClientName).Trim().ToLowerInvariant();
        deal.SearchKey = key.Length > 700 ? key[..700] : key;
    }

    static string? Trimmed(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
