using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Otdel.Features.Organisation;
using Otdel.Platform;

namespace Otdel.Features.Leads;

/// <summary>The kinds of channel leads come by; each channel is one of them, under a name of the department's choosing.</summary>
public enum ChannelKind { ColdCall, WebForm, Social, InboundCall, Referral, Exhibition, Mailing, PurchasedBase, Other }

/// <summary>
/// A channel leads come by («Сайт, форма заявки», «Выставка ПродЭкспо»): a kind, the person its web-form leads go to,
/// and a form key for <c>POST /api/v1/forms/{formKey}</c> — a random word, so one form's address tells nothing of another.
/// A channel belongs to a department (null: the company's).
/// </summary>
public sealed class Channel : Entity, IAudited
{
    public static string AuditName => "channel";

    public required string Name { get; set; }
    public ChannelKind Kind { get; set; }
    public long? DepartmentId { get; set; }
    /// <summary>Whom the leads of its web form belong to until someone hands them on.</summary>
    public long OwnerId { get; set; }
    public required string FormKey { get; set; }
    public bool IsArchived { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>A campaign of a channel, with the UTM tags that name it in a web form's address.</summary>
public sealed class Campaign : Entity
{
    public long ChannelId { get; set; }
    public required string Name { get; set; }
    public string? UtmSource { get; set; }
    public string? UtmMedium { get; set; }
    public string? UtmCampaign { get; set; }
}

/// <summary>What a channel cost in a month (the first day of the month stands for it), in roubles.</summary>
public sealed class ChannelSpend : Entity
{
    public long ChannelId { get; set; }
    public DateOnly Month { get; set; }
    public decimal Amount { get; set; }
}

sealed class ChannelConfiguration : IEntityTypeConfiguration<Channel>
{
    public void Configure(EntityTypeBuilder<Channel> b)
    {
        b.ToTable("channels");
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.Kind).HasConversion<SnakeCaseEnum<ChannelKind>>().HasMaxLength(20);
        b.Property(x => x.FormKey).HasMaxLength(40);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => x.FormKey).IsUnique();
        b.HasIndex(x => x.DepartmentId);
        b.HasOne<Department>().WithMany().HasForeignKey(x => x.DepartmentId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<User>().WithMany().HasForeignKey(x => x.OwnerId).OnDelete(DeleteBehavior.Restrict);
    }
}

sealed class CampaignConfiguration : IEntityTypeConfiguration<Campaign>
{
    public void Configure(EntityTypeBuilder<Campaign> b)
    {
        b.ToTable("campaigns");
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.UtmSource).HasMaxLength(200);
        b.Property(x => x.UtmMedium).HasMaxLength(200);
        b.Property(x => x.UtmCampaign).HasMaxLength(200);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => x.ChannelId);
        b.HasOne<Channel>().WithMany().HasForeignKey(x => x.ChannelId).OnDelete(DeleteBehavior.Cascade);
    }
}

sealed class ChannelSpendConfiguration : IEntityTypeConfiguration<ChannelSpend>
{
    public void Configure(EntityTypeBuilder<ChannelSpend> b)
    {
        b.ToTable("channel_spend");
        b.Property(x => x.Amount).HasPrecision(18, 2);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.ChannelId, x.Month }).IsUnique();
        b.HasOne<Channel>().WithMany().HasForeignKey(x => x.ChannelId).OnDelete(DeleteBehavior.Cascade);
    }
}
