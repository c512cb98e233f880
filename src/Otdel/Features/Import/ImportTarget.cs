namespace Otdel.Features.Import;

/// <summary>What a file brings: deals, leads, people (the department's staff), companies, or contact people.</summary>
public enum ImportTarget { Deals, Leads, People, Clients, Contacts }

/// <summary>The fields each target takes (the public contract's names, then Otdel's extras), and the ones a row needs.</summary>
public static class ImportFields
{
    static readonly string[] ClientFields =
        ["name", "inn", "kpp", "industry", "size", "region", "website", "phone", "email", "owner", "company", "position", "birthday", "decisionMaker",
            "messengers", "createdAt"];

    public static IReadOnlyList<string> Of(ImportTarget target) => target switch
    {
        ImportTarget.Deals =>
        [
            "externalId", "pipeline", "title", "client", "owner", "product", "amount", "currency", "status", "stage", "source", "createdAt",
            "closedAt", "lossReason", "leadExternalId", "expectedCloseDate",
        ],
        ImportTarget.Leads =>
        [
            "externalId", "createdAt", "firstContactAt", "source", "campaign", "landingPage", "name", "company", "email", "phone", "owner", "status",
            "position", "comment", "disqualifyReason",
        ],
        ImportTarget.People => ["name", "email", "position", "manager", "team", "department"],
        _ => ClientFields,
    };

    /// <summary>Fields without which a row cannot be imported (each may come from a column or from the mapping's defaults).</summary>
    public static IReadOnlyList<string> Required(ImportTarget target) => target switch
    {
        ImportTarget.Deals => ["pipeline", "status", "owner"],
        ImportTarget.Leads => ["name"],
        ImportTarget.People => ["name", "email"],
        _ => ["name"],
    };

    public static bool TryParse(string? text, out ImportTarget target) =>
        Enum.TryParse(text, ignoreCase: true, out target) && Enum.IsDefined(target) && !int.TryParse(text, out _);

    public static string Code(this ImportTarget t) => t.ToString().ToLowerInvariant();
}
