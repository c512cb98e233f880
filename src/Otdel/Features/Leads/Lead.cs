using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Otdel.Features.Clients;
using Otdel.Features.Deals;
using Otdel.Features.Organisation;
using Otdel.Platform;

namespace Otdel.Features.Leads;

/// <summary>Where a lead stands: new, marketing-qualified, sales-qualified, converted to a deal, or disqualified (with a reason).</summary>
public enum LeadStatus { New, Mql, Sql, Converted, Disqualified }

/// <summary>
/// A lead: someone who came by a channel and has not yet become a deal. It keeps when it arrived and when it was first
/// contacted (the response time), the channel, campaign and UTM tags it came with, and — once converted — the client
/// and deal it became, so the channel and the hunter are credited with the deal.
/// </summary>
public sealed class Lead : Entity, IAudited
{
    public static string AuditName => "lead";

    public required string Name { get; set; }
    public string? Company { get; set; }
    /// <summary>The person's job title, as they gave it.</summary>
    public string? Position { get; set; }
    /// <summary>The company's size, as they gave it or someone judged it.</summary>
    public ClientSize? CompanySize { get; set; }
    public string? Phone { get; set { field = value; PhoneKey = Client.PhoneKeyOf(value); } }
    /// <summary>The phone's digits without the 8/+7 prefix, as clients keep it: duplicates are found by it.</summary>
    public string? PhoneKey { get; private set; }
    public string? Email { get; set { field = value; EmailKey = Client.EmailKeyOf(value); } }
    public string? EmailKey { get; private set; }
    public long? ChannelId { get; set; }
    /// <summary>The source as it was given (the channel's name when it names one).</summary>
    public string? Source { get; set; }
    public long? CampaignId { get; set; }
    public string? Campaign { get; set; }
    public string? UtmSource { get; set; }
    public string? UtmMedium { get; set; }
    public string? UtmCampaign { get; set; }
    public string? LandingPage { get; set; }
    public string? Comment { get; set; }
    /// <summary>Fields a web form sent that a lead has no place for, as JSON.</summary>
    public string? Extra { get; set; }
    public LeadStatus Status { get; set; }
    public string? DisqualifyReason { get; set; }
    public int Score { get; set; }
    public long OwnerId { get; set; }
    public DateTime ArrivedAt { get; set; }
    public DateTime? FirstContactAt { get; set; }
    /// <summary>An earlier lead it looks like (same phone or e-mail), for a person to decide.</summary>
    public long? DuplicateOfLeadId { get; set; }
    /// <summary>A client it looks like; on conversion the lead is linked to that client rather than making another.</summary>
    public long? DuplicateOfClientId { get; set; }
    public long? ClientId { get; set; }
    public long? DealId { get; set; }
    public DateTime? ConvertedAt { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>The lead's id in the system it was imported from; an imported deal names its lead by it.</summary>
    public string? ExternalId { get; set; }
    /// <summary>The import that created it (Import/ImportUndo): undone as a whole while nothing else has changed it.</summary>
    public long? ImportRunId { get; set; }
    /// <summary>How far the response watcher has told about a lead still waiting for a first contact: 0 nobody, 1 its owner,
    /// 2 the owner's boss too (Reports/ResponseWatcher); set by the watcher alone, never by a person's save.</summary>
    public int ResponseAlertLevel { get; set; }
    public DateTime? ResponseAlertedAt { get; set; }
}

sealed class LeadConfiguration : IEntityTypeConfiguration<Lead>
{
    public void Configure(EntityTypeBuilder<Lead> b)
    {
        b.ToTable("leads");
        b.Property(x => x.Name).HasMaxLength(300);
        b.Property(x => x.Company).HasMaxLength(300);
        b.Property(x => x.Position).HasMaxLength(100);
        b.Property(x => x.CompanySize).HasConversion<SnakeCaseEnum<ClientSize>>().HasMaxLength(20);
        b.Property(x => x.Phone).HasMaxLength(30);
        b.Property(x => x.PhoneKey).HasMaxLength(30);
        b.Property(x => x.Email).HasMaxLength(254);
        b.Property(x => x.EmailKey).HasMaxLength(254);
        b.Property(x => x.Source).HasMaxLength(200);
        b.Property(x => x.Campaign).HasMaxLength(200);
        b.Property(x => x.UtmSource).HasMaxLength(200);
        b.Property(x => x.UtmMedium).HasMaxLength(200);
        b.Property(x => x.UtmCampaign).HasMaxLength(200);
        b.Property(x => x.LandingPage).HasMaxLength(500);
        b.Property(x => x.Comment).HasMaxLength(2000);
        b.Property(x => x.Extra).HasMaxLength(4000);
        b.Property(x => x.ExternalId).HasMaxLength(100);
        b.Property(x => x.Status).HasConversion<SnakeCaseEnum<LeadStatus>>().HasMaxLength(20);
        b.Property(x => x.DisqualifyReason).HasMaxLength(500);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.OwnerId, x.Status });
        b.HasIndex(x => x.PhoneKey);
        b.HasIndex(x => x.EmailKey);
        b.HasIndex(x => new { x.ChannelId, x.ArrivedAt });
        b.HasIndex(x => x.CampaignId);
        b.HasIndex(x => x.DealId);
        b.HasIndex(x => x.ExternalId);
        b.HasIndex(x => x.ClientId);
        b.HasIndex(x => x.DuplicateOfLeadId);
        b.HasIndex(x => x.DuplicateOfClientId);
        b.HasOne<User>().WithMany().HasForeignKey(x => x.OwnerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Channel>().WithMany().HasForeignKey(x => x.ChannelId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<Campaign>().WithMany().HasForeignKey(x => x.CampaignId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<Lead>().WithMany().HasForeignKey(x => x.DuplicateOfLeadId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<Client>().WithMany().HasForeignKey(x => x.DuplicateOfClientId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<Client>().WithMany().HasForeignKey(x => x.ClientId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<Deal>().WithMany().HasForeignKey(x => x.DealId).OnDelete(DeleteBehavior.SetNull);
    }
}
