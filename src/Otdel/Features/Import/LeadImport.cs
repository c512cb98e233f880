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
    readonly ExternalIds externalIds = new();
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
        await foreach (var l in db.Leads.AsNoTracking().Where(l => l.ExternalId != null).Select(l => new { l.Id, l.ExternalId })
                           .AsAsyncEnumerable().WithCancellation(ct))
            externalIds.Set(l.ExternalId!, l.Id);
    }

    public async Task TakeAsync(int line, Dictionary<string, string> row, CancellationToken ct)
    {
        await LoadAsync(ct);
        var externalId = ImportValues.Text(row, "externalId", 100);
        // Seen before: the row updates that lead (if the importer sees it) rather than duplicating it.
        var existing = externalId is not null && externalIds.TryGet(externalId, out var knownId) ? await ExistingAsync(externalId, knownId, ct) : null;
        long ownerId = ImportValues.Get(row, "owner") is { } owner ? await people.ResolveAsync("owner", owner, access?.User?.DepartmentId, ct)
            : access?.User?.Id ?? throw new RowRefused(new("Import.Row.Required", "owner"));
        var arrived = values.Moment(row, "createdAt") ?? db.UtcNow;
        var contacted = values.Moment(row, "firstContactAt");
        if (contacted < arrived) throw new RowRefused(new("Import.Row.ContactBeforeArrival"));
        var email = ImportValues.Text(row, "email", 254);
        if (email is not null && !System.Net.Mail.MailAddress.TryCreate(email, out _)) throw new RowRefused(new("Import.Row.BadEmail", "email", email));
        var lead = existing ?? new Lead { Name = "", ExternalId = externalId, ImportRunId = tally.Run };
        lead.Name = ImportValues.Text(row, "name", 300)!;
        lead.Company = ImportValues.Text(row, "company", 300);
        lead.Position = ImportValues.Text(row, "position", 100);
        lead.Phone = ImportValues.Text(row, "phone", 30);
        lead.Email = email;
        lead.LandingPage = ImportValues.Text(row, "landingPage", 500);
        lead.Comment = ImportValues.Text(row, "comment", 2000);
        // A lead converted since keeps its conversion: the file's status is from before it.
        if (lead.Status != LeadStatus.Converted || existing is null) lead.Status = ImportValues.Choice<LeadStatus>(row, "status") ?? LeadStatus.New;
        lead.DisqualifyReason = ImportValues.Text(row, "disqualifyReason", 500);
        (lead.OwnerId, lead.ArrivedAt, lead.FirstContactAt, lead.CreatedAt) = (ownerId, arrived, contacted, arrived);
        if (lead.Status == LeadStatus.Disqualified && lead.DisqualifyReason is null) lead.DisqualifyReason = "—";
        (lead.Source, lead.ChannelId, lead.Campaign, lead.CampaignId) = (null, null, null, null);
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
        if (existing is not null)
        {
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            tally.Updated();
            return;
        }
        foreach (var key in new[] { lead.PhoneKey is { } p ? "p" + p : null, lead.EmailKey is { } e ? "e" + e : null }.OfType<string>())
        {
            if (lead.DuplicateOfLeadId is null && leadByKey!.TryGetValue(key, out var other)) lead.DuplicateOfLeadId = other;
            if (lead.DuplicateOfClientId is null && clientByKey!.TryGetValue(key, out var client)) lead.DuplicateOfClientId = client;
        }
        if (lead.DuplicateOfLeadId is not null || lead.DuplicateOfClientId is not null) tally.Created("flaggedDuplicates");
        if (externalId is not null) externalIds.Set(externalId, ExternalIds.Queued);
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
            if (l.ExternalId is { } x) externalIds.Set(x, l.Id);
        }
        pending.Clear();
        db.ChangeTracker.Clear();
    }

    /// <summary>
    /// The lead imported before under this external id, tracked for its update; null when the id's hash belongs to another
    /// id. One the importer does not see refuses the row — an import never updates another department's lead.
    /// </summary>
    async Task<Lead?> ExistingAsync(string externalId, long id, CancellationToken ct)
    {
        if (id == ExternalIds.Queued)
        {
            await FlushAsync(ct);
            externalIds.TryGet(externalId, out id);
        }
        var lead = await db.Leads.FirstOrDefaultAsync(l => l.Id == id, ct);
        if (lead is null || lead.ExternalId != externalId) return null;
        if (access is not null && !await db.Leads.VisibleTo(access).AnyAsync(l => l.Id == id, ct))
            throw new RowRefused(new("Import.Row.NotYours", externalId));
        return lead;
    }

    public Task FinishAsync(CancellationToken ct) => FlushAsync(ct);
}
