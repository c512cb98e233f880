using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Features.Leads;
using Otdel.Platform;

namespace Otdel.Features.Import;

/// <summary>
/// Leads with their arrival and first contact (so response times and channel figures cover the imported past), the
/// channel by name (the text is kept as the source when no channel has it) and the campaign within it. A lead that looks
/// like an earlier one or a client (phone or e-mail) is imported flagged as its duplicate for a person to decide, as the
/// web form does. Saved in chunks through EF, so each lead's history is recorded.
/// </summary>
public sealed class LeadImport(OtdelDb db, Access? access, ImportValues values, ImportPeople people, ImportTally tally) : IImportSink
{
    const int Chunk = 1000;
    readonly List<Lead> pending = [];
    readonly HashSet<string> externalIds = new(StringComparer.Ordinal);
    Dictionary<string, long>? leadByKey;
    Dictionary<string, long>? clientByKey;
    Dictionary<string, Channel>? channels;
    List<Campaign>? campaigns;

    async Task LoadAsync(CancellationToken ct)
    {
        if (channels is not null) return;
        var visibleChannels = access is null ? db.Channels.AsNoTracking() : db.Channels.AsNoTracking().VisibleTo(access);
        channels = (await visibleChannels.Where(c => !c.IsArchived).ToListAsync(ct))
            .GroupBy(c => c.Name.Trim().ToLowerInvariant()).ToDictionary(g => g.Key, g => g.First());
        var ids = channels.Values.Select(c => c.Id).ToList();
        campaigns = await db.Campaigns.AsNoTracking().Where(c => ids.Contains(c.ChannelId)).ToListAsync(ct);
        var leads = access is null ? db.Leads.AsNoTracking() : db.Leads.AsNoTracking().VisibleTo(access);
        leadByKey = new(StringComparer.Ordinal);
        foreach (var l in await leads.Select(l => new { l.Id, l.PhoneKey, l.EmailKey }).ToListAsync(ct))
        {
            if (l.PhoneKey is { } ph) leadByKey.TryAdd("p" + ph, l.Id);
            if (l.EmailKey is { } em) leadByKey.TryAdd("e" + em, l.Id);
        }
        var clients = access is null ? db.Clients.AsNoTracking() : db.Clients.AsNoTracking().VisibleTo(access);
        clientByKey = new(StringComparer.Ordinal);
        foreach (var c in await clients.Select(c => new { c.Id, c.PhoneKey, c.Email }).ToListAsync(ct))
        {
            if (c.PhoneKey is { } ph) clientByKey.TryAdd("p" + ph, c.Id);
            if (Clients.Client.EmailKeyOf(c.Email) is { } em) clientByKey.TryAdd("e" + em, c.Id);
        }
        externalIds.UnionWith(await db.Leads.AsNoTracking().Where(l => l.ExternalId != null).Select(l => l.ExternalId!).ToListAsync(ct));
    }

    public async Task TakeAsync(int line, Dictionary<string, string> row, CancellationToken ct)
    {
        await LoadAsync(ct);
        var externalId = ImportValues.Text(row, "externalId", 100);
        if (externalId is not null && externalIds.Contains(externalId)) throw new RowRefused(new("Import.Row.AlreadyImported", externalId));
        long ownerId = ImportValues.Get(row, "owner") is { } owner ? await people.ResolveAsync("owner", owner, access?.User?.DepartmentId, ct)
            : access?.User?.Id ?? throw new RowRefused(new("Import.Row.Required", "owner"));
        var arrived = values.Moment(row, "createdAt") ?? db.UtcNow;
        var contacted = values.Moment(row, "firstContactAt");
        if (contacted < arrived) throw new RowRefused(new("Import.Row.ContactBeforeArrival"));
        var email = ImportValues.Text(row, "email", 254);
        if (email is not null && !System.Net.Mail.MailAddress.TryCreate(email, out _)) throw new RowRefused(new("Import.Row.BadEmail", "email", email));
        var lead = new Lead
        {
            Name = ImportValues.Text(row, "name", 300)!, Company = ImportValues.Text(row, "company", 300), Position = ImportValues.Text(row, "position", 100),
            Phone = ImportValues.Text(row, "phone", 30), Email = email, LandingPage = ImportValues.Text(row, "landingPage", 500),
            Comment = ImportValues.Text(row, "comment", 2000), Status = ImportValues.Choice<LeadStatus>(row, "status") ?? LeadStatus.New,
            DisqualifyReason = ImportValues.Text(row, "disqualifyReason", 500), OwnerId = ownerId, ArrivedAt = arrived, FirstContactAt = contacted,
            CreatedAt = arrived, ExternalId = externalId,
        };
        if (lead.Status == LeadStatus.Disqualified && lead.DisqualifyReason is null) lead.DisqualifyReason = "—";
        if (ImportValues.Text(row, "source", 200) is { } source)
        {
            lead.Source = source;
            if (channels!.TryGetValue(source.Trim().ToLowerInvariant(), out var channel))
            {
                lead.ChannelId = channel.Id;
                lead.Source = channel.Name;
            }
        }
        if (ImportValues.Text(row, "campaign", 200) is { } campaign)
        {
            lead.Campaign = campaign;
            lead.CampaignId = campaigns!
                .FirstOrDefault(c => c.ChannelId == lead.ChannelId && c.Name.Equals(campaign.Trim(), StringComparison.OrdinalIgnoreCase))?.Id;
        }
        foreach (var key in new[] { lead.PhoneKey is { } p ? "p" + p : null, lead.EmailKey is { } e ? "e" + e : null }.OfType<string>())
        {
            if (lead.DuplicateOfLeadId is null && leadByKey!.TryGetValue(key, out var other)) lead.DuplicateOfLeadId = other;
            if (lead.DuplicateOfClientId is null && clientByKey!.TryGetValue(key, out var client)) lead.DuplicateOfClientId = client;
        }
        if (lead.DuplicateOfLeadId is not null || lead.DuplicateOfClientId is not null) tally.Created("flaggedDuplicates");
        if (externalId is not null) externalIds.Add(externalId);
        pending.Add(lead);
        if (pending.Count >= Chunk) await FlushAsync(ct);
    }

    async Task FlushAsync(CancellationToken ct)
    {
        if (pending.Count == 0) return;
        db.Leads.AddRange(pending);
        await db.SaveChangesAsync(ct);
        // Later rows of the same file are matched against these too.
        foreach (var l in pending)
        {
            if (l.PhoneKey is { } ph) leadByKey!.TryAdd("p" + ph, l.Id);
            if (l.EmailKey is { } em) leadByKey!.TryAdd("e" + em, l.Id);
        }
        pending.Clear();
        db.ChangeTracker.Clear();
    }

    public Task FinishAsync(CancellationToken ct) => FlushAsync(ct);
}
