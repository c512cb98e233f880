using Otdel.Features.Clients;
using Otdel.Platform;

namespace Otdel.Features.Leads;

/// <summary>
/// A lead as the API and the pages show it. <c>responseMinutes</c>: from arrival to the first contact, whole minutes
/// (null until contacted). <c>duplicateOfLeadId</c> / <c>duplicateOfClientId</c>: an earlier lead or a client it looks like.
/// </summary>
public sealed record LeadView(
    long Id, string Name, string? Company, string? Position, ClientSize? CompanySize, string? Phone, string? Email, long? ChannelId, string? Source,
        long? CampaignId, string? Campaign,
    string? UtmSource, string? UtmMedium, string? UtmCampaign, string? LandingPage, string? Comment, string? Extra,
    LeadStatus Status, string? DisqualifyReason, int Score, long OwnerId, DateTime ArrivedAt, DateTime? FirstContactAt, int? ResponseMinutes,
    long? DuplicateOfLeadId, long? DuplicateOfClientId, long? ClientId, long? DealId, DateTime? ConvertedAt, int Version)
{
    public static LeadView Of(Lead l) => new(
        l.Id, l.Name, l.Company, l.Position, l.CompanySize, l.Phone, l.Email, l.ChannelId, l.Source, l.CampaignId, l.Campaign,
        l.UtmSource, l.UtmMedium, l.UtmCampaign, l.LandingPage, l.Comment, l.Extra,
        l.Status, l.DisqualifyReason, l.Score, l.OwnerId, l.ArrivedAt, l.FirstContactAt, ResponseOf(l),
        l.DuplicateOfLeadId, l.DuplicateOfClientId, l.ClientId, l.DealId, l.ConvertedAt, l.Version);

    public static int? ResponseOf(Lead l) => l.FirstContactAt is { } f ? (int)Math.Floor((f - l.ArrivedAt).TotalMinutes) : null;
}

public sealed record LeadPage(IReadOnlyList<LeadView> Items, long? NextCursor);

/// <summary>
/// What a caller sends to add a lead or change one (PATCH: only the fields sent). <c>source</c> names a channel by its
/// name (kept as typed when it names none); <c>channelId</c> names one by id; <c>campaign</c> a campaign of it by name.
/// </summary>
public sealed record LeadInput : SentFields
{
    public string? Name { get; init { field = value; Mark(); } }
    public string? Company { get; init { field = value; Mark(); } }
    public string? Position { get; init { field = value; Mark(); } }
    /// <summary>micro|small|medium|large; empty clears it.</summary>
    public string? CompanySize { get; init { field = value; Mark(); } }
    public string? Phone { get; init { field = value; Mark(); } }
    public string? Email { get; init { field = value; Mark(); } }
    public string? Source { get; init { field = value; Mark(); } }
    public long? ChannelId { get; init { field = value; Mark(); } }
    public string? Campaign { get; init { field = value; Mark(); } }
    public string? UtmSource { get; init { field = value; Mark(); } }
    public string? UtmMedium { get; init { field = value; Mark(); } }
    public string? UtmCampaign { get; init { field = value; Mark(); } }
    public string? LandingPage { get; init { field = value; Mark(); } }
    public string? Comment { get; init { field = value; Mark(); } }
    public long? OwnerId { get; init { field = value; Mark(); } }
    /// <summary>When the lead arrived (default: now); not in the future.</summary>
    public DateTime? ArrivedAt { get; init { field = value; Mark(); } }
    /// <summary>When someone first got through to the lead; not before it arrived.</summary>
    public DateTime? FirstContactAt { get; init { field = value; Mark(); } }
    /// <summary>On create: add the lead even though it looks like an existing lead or client (otherwise: 409 with <c>duplicateOf</c>).</summary>
    public bool? AllowDuplicate { get; init; }
    public int? Version { get; init; }
}

/// <summary>A status change: <c>new|mql|sql|disqualified</c> (converting is <c>/convert</c>); disqualifying needs a reason.</summary>
public sealed record LeadStatusInput(string? Status, string? Reason, int? Version);

/// <summary>Converting a lead: the pipeline the deal opens in; the client linked (default: the one the lead matched, or a new one).</summary>
public sealed record ConvertInput(long? PipelineId, long? ClientId, decimal? Amount, int? Version);

/// <summary>An existing lead or client a new lead looks like, and by what: phone, email.</summary>
public sealed record LeadMatch(string Kind, long Id, string Name, string? Phone, string? Email, IReadOnlyList<string> MatchedBy);

/// <summary>The fields a public web form may send (form-encoded or JSON; utm_source and utmSource alike); others are kept as extra data.</summary>
public sealed record LeadFormInput(string? Name, string? Company, string? Position, string? CompanySize, string? Phone, string? Email, string? Comment,
    string? UtmSource, string? UtmMedium, string? UtmCampaign, string? LandingPage);

public sealed record ChannelView(long Id, string Name, ChannelKind Kind, long? DepartmentId, long OwnerId, string FormKey, bool IsArchived,
    IReadOnlyList<CampaignView> Campaigns, IReadOnlyList<SpendView> Spend, int Version);

public sealed record CampaignView(long Id, string Name, string? UtmSource, string? UtmMedium, string? UtmCampaign);

/// <summary>A month's spend: <c>month</c> as yyyy-MM.</summary>
public sealed record SpendView(string Month, decimal Amount);

public sealed record ChannelInput(string? Name, string? Kind, long? OwnerId, long? DepartmentId, bool? IsArchived, int? Version);

public sealed record CampaignInput(string? Name, string? UtmSource, string? UtmMedium, string? UtmCampaign);

/// <summary>A month's spend on a channel: <c>month</c> yyyy-MM, <c>amount</c> in roubles (0 clears it).</summary>
public sealed record SpendInput(string? Month, decimal? Amount);
