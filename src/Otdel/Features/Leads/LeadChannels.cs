using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Platform;

namespace Otdel.Features.Leads;

/// <summary>Puts a lead on its channel and campaign: the channel by id or by the source's name, the campaign by its name or UTM tag.</summary>
public static class LeadChannels
{
    public static async Task<bool> ResolveAsync(OtdelDb db, Access access, References refs, Lead l, LeadInput input, IReadOnlySet<string> present,
        CancellationToken ct)
    {
        if (present.Contains("channelId"))
        {
            if (input.ChannelId is { } cid)
            {
                var ch = await refs.ChannelAsync(cid, "channelId", ct);
                if (ch is null) return false;
                l.ChannelId = ch.Id;
                if (!present.Contains("source")) l.Source = ch.Name;
            }
            else l.ChannelId = null;
        }
        else if (present.Contains("source"))
        {
            var key = l.Source?.ToLowerInvariant();
            var channels = await db.Channels.VisibleTo(access).AsNoTracking().Select(c => new { c.Id, c.Name }).ToListAsync(ct);
            var named = channels.FirstOrDefault(c => c.Name.ToLowerInvariant() == key);
            l.ChannelId = named?.Id;
            if (named is not null) l.Source = named.Name;
        }
        if (present.Contains("channelId") || present.Contains("source") || present.Contains("campaign") || present.Contains("utmCampaign"))
            l.CampaignId = await CampaignOfAsync(db, l.ChannelId, l.Campaign, l.UtmCampaign, ct);
        return true;
    }

    public static async Task<long?> CampaignOfAsync(OtdelDb db, long? channelId, string? name, string? utm, CancellationToken ct)
    {
        if (channelId is null || (name is null && utm is null)) return null;
        var list = await db.Campaigns.AsNoTracking().Where(c => c.ChannelId == channelId).ToListAsync(ct);
        return list.FirstOrDefault(c => name is not null && string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase))?.Id
            ?? list.FirstOrDefault(c => utm is not null && string.Equals(c.UtmCampaign, utm, StringComparison.OrdinalIgnoreCase))?.Id;
    }
}
