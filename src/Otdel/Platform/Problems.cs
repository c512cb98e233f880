using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Otdel.Resources;

namespace Otdel.Platform;

/// <summary>
/// Collects bad fields with localised messages and turns them into RFC 9457 problem details
/// (<c>errors: {field: [messages]}</c>); the UI shows the same messages next to its fields.
/// </summary>
public sealed class Errors(IStringLocalizer<Text> t)
{
    readonly Dictionary<string, List<string>> errors = [];

    public bool Any => errors.Count > 0;
    public IReadOnlyDictionary<string, List<string>> All => errors;

    public Errors Add(string field, string key, params object[] args)
    {
        if (!errors.TryGetValue(field, out var list)) errors[field] = list = [];
        list.Add(t[key, args]);
        return this;
    }

    public Errors Required(string field, string? value) =>
        string.IsNullOrWhiteSpace(value) ? Add(field, "Error.Required") : this;

    /// <summary>A text that fits its column and holds no control characters (tab and line breaks are text).</summary>
    public Errors MaxLength(string field, string? value, int max) =>
        value is { Length: var n } && n > max ? Add(field, "Error.TooLong", max)
        : Inputs.HasControlCharacters(value) ? Add(field, "Error.ControlChars") : this;

    /// <summary>A date within <see cref="Inputs.MinDate"/>…<see cref="Inputs.MaxDate"/>.</summary>
    public Errors Date(string field, DateOnly? value) =>
        value is { } d && !Inputs.IsSaneDate(d) ? Add(field, "Error.DateRange", Inputs.MinDate.ToString("d"), Inputs.MaxDate.ToString("d")) : this;

    /// <summary>Money that its column keeps exactly: at most two decimals and within numeric(18,2).</summary>
    public Errors Money(string field, decimal? value) =>
        value is not { } m ? this
        : m.Scale > 2 && m != decimal.Round(m, 2) ? Add(field, "Error.MoneyScale", 2)
        : Math.Abs(m) >= Inputs.MaxMoney ? Add(field, "Error.NumberRange") : this;

    public string? For(string field) => errors.TryGetValue(field, out var l) ? string.Join(" ", l) : null;

    /// <summary>Forgets the messages once a refusal holds them, so a page that shows the refusal can read with use cases again.</summary>
    public void Clear() => errors.Clear();

    public Failure ToFailure(int status = StatusCodes.Status400BadRequest) =>
        new(status, t["Error.Validation"], errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
}

/// <summary>Problem details for the statuses handlers return themselves, titled in the caller's language.</summary>
public sealed class Problems(IStringLocalizer<Text> t)
{
    public Failure NotFound() => new(404, t["Error.NotFound"]);
    public Failure Forbidden() => new(403, t["Error.Forbidden"]);
    public Failure Stale(object? current = null) => new(409, t["Error.Stale"], null,
        current is null ? null : new Dictionary<string, object?> { ["current"] = current });
    public Failure Field(int status, string field, string key, params object[] args) =>
        new(status, t["Error.Validation"], new Dictionary<string, string[]> { [field] = [t[key, args]] });
    public Failure Bad(string field, string key, params object[] args) => Field(400, field, key, args);
    public Failure Conflict(string field, string key, params object[] args) => Field(409, field, key, args);
}
