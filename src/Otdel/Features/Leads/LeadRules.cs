using Otdel.Features.Clients;
using Otdel.Platform;

namespace Otdel.Features.Leads;

/// <summary>
/// Applies the fields a caller sent to a lead, refusing each bad value by its field (a phone without enough digits, an
/// e-mail that is not one, a text too long, a first contact before the arrival); nothing is saved when anything is refused.
/// </summary>
public static class LeadRules
{
    public static bool Apply(Lead l, LeadInput input, IReadOnlySet<string> present, DateTime now, Errors errors)
    {
        bool Has(string f) => present.Contains(f);
        if (Has("name")) l.Name = Text("name", input.Name, 300, errors) ?? "";
        if (Has("company")) l.Company = Text("company", input.Company, 300, errors);
        if (Has("position")) l.Position = Text("position", input.Position, 100, errors);
        if (Has("companySize"))
        {
            if (string.IsNullOrWhiteSpace(input.CompanySize)) l.CompanySize = null;
            else if (ClientRules.SizeOf(input.CompanySize) is { } size) l.CompanySize = size;
            else errors.Add("companySize", "Clients.BadSize");
        }
        if (Has("phone")) l.Phone = ClientRules.Phone("phone", input.Phone, errors);
        if (Has("email")) l.Email = ClientRules.Email("email", input.Email, errors);
        if (Has("source")) l.Source = Text("source", input.Source, 200, errors);
        if (Has("campaign")) l.Campaign = Text("campaign", input.Campaign, 200, errors);
        if (Has("utmSource")) l.UtmSource = Text("utmSource", input.UtmSource, 200, errors);
        if (Has("utmMedium")) l.UtmMedium = Text("utmMedium", input.UtmMedium, 200, errors);
        if (Has("utmCampaign")) l.UtmCampaign = Text("utmCampaign", input.UtmCampaign, 200, errors);
        if (Has("landingPage")) l.LandingPage = Text("landingPage", input.LandingPage, 500, errors);
        if (Has("comment")) l.Comment = Text("comment", input.Comment, 2000, errors);
        if (Has("arrivedAt"))
        {
            if (input.ArrivedAt is not { } at) errors.Add("arrivedAt", "Error.Required");
            else if (Moment("arrivedAt", at, now, errors) is { } a) l.ArrivedAt = a;
        }
        if (Has("firstContactAt"))
            l.FirstContactAt = input.FirstContactAt is { } fc ? Moment("firstContactAt", fc, now, errors) : null;
        if (string.IsNullOrEmpty(l.Name) && l.Company is not null) l.Name = l.Company;
        if (string.IsNullOrEmpty(l.Name)) errors.Add("name", "Error.Required");
        if (l.Phone is null && l.Email is null && !errors.Any) errors.Add("phone", "Leads.NoContact");
        if (l.FirstContactAt is { } first && first < l.ArrivedAt) errors.Add("firstContactAt", "Leads.ContactBeforeArrival");
        return !errors.Any;
    }

    /// <summary>A moment as UTC, not in the future (a minute's leeway for clocks) and within the years any date may take.</summary>
    static DateTime? Moment(string field, DateTime value, DateTime now, Errors errors)
    {
        var utc = value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : DateTime.SpecifyKind(value, DateTimeKind.Utc);
        if (utc.Year < 1900) { errors.Add(field, "Error.BadValue"); return null; }
        if (utc > now.AddMinutes(1)) { errors.Add(field, "Leads.InFuture"); return null; }
        return utc;
    }

    public static string? Text(string field, string? value, int max, Errors errors)
    {
        var v = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        errors.MaxLength(field, v, max);
        return v;
    }

    public static LeadStatus? StatusOf(string? word) => word?.Trim().ToLowerInvariant() switch
    {
        "new" => LeadStatus.New,
        "mql" => LeadStatus.Mql,
        "sql" => LeadStatus.Sql,
        "converted" => LeadStatus.Converted,
        "disqualified" => LeadStatus.Disqualified,
        _ => null,
    };

    public static string Word(LeadStatus s) => s.ToString().ToLowerInvariant();

    public static ChannelKind? KindOf(string? word) => Enum.GetValues<ChannelKind>().Cast<ChannelKind?>()
        .FirstOrDefault(k => SnakeCase.Of(k!.Value.ToString()) == word?.Trim().ToLowerInvariant());

    public static string Word(ChannelKind k) => SnakeCase.Of(k.ToString());
}
