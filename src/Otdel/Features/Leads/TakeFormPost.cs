using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Platform;

namespace Otdel.Features.Leads;

/// <summary>
/// A post of a public web form (<c>POST /api/v1/forms/{formKey}</c>, anonymous): a lead of the form's channel, owned by
/// the channel's person, arrived now, with the campaign its UTM tag names. Fields a lead has no place for are kept as extra
/// data; a post with neither phone nor e-mail is refused. A lead that looks like one the channel's person already sees
/// (a lead or a client, same phone or e-mail) is flagged for them to decide — the poster is told nothing about it.
/// </summary>
public sealed class TakeFormPost(OtdelDb db, Errors errors, Problems problems, TimeProvider clock, LeadScores scores, Duty.DutyRoster duty)
{
    public const int MaxExtra = 4000;

    static readonly JsonSerializerOptions ExtraJson = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    static readonly Dictionary<string, string> Known = new(StringComparer.OrdinalIgnoreCase)
    {
        ["name"] = "name", ["company"] = "company", ["position"] = "position", ["companysize"] = "companySize", ["phone"] = "phone",
        ["email"] = "email", ["comment"] = "comment",
        ["utmsource"] = "utmSource", ["utmmedium"] = "utmMedium", ["utmcampaign"] = "utmCampaign", ["landingpage"] = "landingPage",
    };

    /// <summary>The known field a posted name stands for ("utm_source", "utmSource" → utmSource), or null.</summary>
    public static string? KnownField(string name) => Known.GetValueOrDefault(name.Replace("_", "").Replace("-", ""));

    public async Task<Outcome<bool>> Run(string formKey, FormPost post, CancellationToken ct = default)
    {
        var channel = formKey.Length <= 40 ? await db.Channels.AsNoTracking().FirstOrDefaultAsync(c => c.FormKey == formKey && !c.IsArchived, ct) : null;
        if (channel is null) return problems.NotFound();
        foreach (var (field, key) in post.Refused) errors.Add(field, key);
        if (errors.Any) return errors.ToFailure();

        var values = post.Fields;
        // A size the form's author spelled their own way is kept as extra data, not a reason to lose the lead.
        if (values.GetValueOrDefault("companySize") is { } size && !string.IsNullOrWhiteSpace(size) && Clients.ClientRules.SizeOf(size) is null)
        {
            post.Extra.Add(new("companySize", size));
            values.Remove("companySize");
        }
        string? V(string f) => values.GetValueOrDefault(f);
        var input = new LeadInput
        {
            Name = V("name"), Company = V("company"), Position = V("position"), CompanySize = V("companySize"), Phone = V("phone"),
            Email = V("email"), Comment = V("comment"),
            UtmSource = V("utmSource"), UtmMedium = V("utmMedium"), UtmCampaign = V("utmCampaign"), LandingPage = V("landingPage"),
        };
        var now = db.UtcNow;
        // Whoever is on inbound duty in the channel's department takes the lead; the channel's owner when nobody is.
        var department = channel.DepartmentId ?? await db.Users.Where(u => u.Id == channel.OwnerId).Select(u => u.DepartmentId).FirstOrDefaultAsync(ct);
        var ownerId = department is { } dep ? await duty.InboundOwnerAsync(dep, now, ct) ?? channel.OwnerId : channel.OwnerId;
        var l = new Lead
        {
            Name = "", ArrivedAt = now, CreatedAt = now, OwnerId = ownerId, Status = LeadStatus.New, ChannelId = channel.Id, Source = channel.Name,
        };
        if (!LeadRules.Apply(l, input, input.Sent, now, errors)) return errors.ToFailure();
        l.Campaign = l.UtmCampaign;
        l.CampaignId = await LeadChannels.CampaignOfAsync(db, channel.Id, null, l.UtmCampaign, ct);
        if (l.CampaignId is { } cid) l.Campaign = await db.Campaigns.Where(c => c.Id == cid).Select(c => c.Name).FirstAsync(ct);
        l.Extra = Extra(post.Extra);

        var ownerView = new Access(db, clock);
        await ownerView.LoadAsync(ownerId, ct: ct);
        if (ownerView.User is not null) LeadMatches.Flag(l, await LeadMatches.FindAsync(db, ownerView, l, ct));
        await scores.ApplyAsync(l, ct);
        await scores.RescoreAsync(l.DuplicateOfLeadId, ct);
        db.Leads.Add(l);
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>The unknown fields as a JSON object, as many as fit in <see cref="MaxExtra"/> characters.</summary>
    static string? Extra(IReadOnlyList<KeyValuePair<string, string>> extra)
    {
        var kept = new Dictionary<string, string>();
        foreach (var (k, v) in extra)
        {
            var key = k.Length > 100 ? k[..100] : k;
            kept[key] = v.Length > 1000 ? v[..1000] : v;
            if (JsonSerializer.Serialize(kept, ExtraJson).Length > MaxExtra) { kept.Remove(key); break; }
        }
        return kept.Count == 0 ? null : JsonSerializer.Serialize(kept, ExtraJson);
    }
}

/// <summary>A web form's post as read from the request: the known fields, the others, and values refused by field.</summary>
public sealed record FormPost(Dictionary<string, string?> Fields, List<KeyValuePair<string, string>> Extra, List<(string Field, string Key)> Refused)
{
    /// <summary>Reads a form-encoded or JSON body; a JSON value of the wrong kind is refused by its field, a body that is not JSON by "body".</summary>
    public static async Task<FormPost> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        var post = new FormPost(new(StringComparer.OrdinalIgnoreCase), [], []);
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(ct);
            foreach (var (k, v) in form) post.Take(k, v.ToString());
            return post;
        }
        JsonDocument doc;
        try { doc = await JsonDocument.ParseAsync(request.Body, cancellationToken: ct); }
        catch (JsonException) { post.Refused.Add(("body", "Leads.BadBody")); return post; }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object) { post.Refused.Add(("body", "Leads.BadBody")); return post; }
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                var known = TakeFormPost.KnownField(p.Name);
                switch (p.Value.ValueKind)
                {
                    case JsonValueKind.String: post.Take(p.Name, p.Value.GetString()!); break;
                    case JsonValueKind.Null: break;
                    default:
                        if (known is not null) post.Refused.Add((known, "Leads.NotText"));
                        else post.Extra.Add(new(p.Name, p.Value.GetRawText()));
                        break;
                }
            }
        }
        return post;
    }

    void Take(string name, string value)
    {
        if (TakeFormPost.KnownField(name) is { } f) Fields[f] = value;
        else if (!name.StartsWith("__", StringComparison.Ordinal)) Extra.Add(new(name, value));
    }
}
