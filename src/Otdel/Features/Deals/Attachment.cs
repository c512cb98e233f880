using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Otdel.Features.Organisation;

namespace Otdel.Features.Deals;

/// <summary>A file on a deal card (proposal, contract, invoice…). The bytes live under the data folder by SHA-256.</summary>
public sealed class Attachment
{
    public long Id { get; set; }
    public long DealId { get; set; }
    /// <summary>"proposal", "contract", "invoice", "payment" or "other"; document conditions check it.</summary>
    public required string Kind { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public long Size { get; set; }
    public required string Sha256 { get; set; }
    public long UploadedById { get; set; }
    public DateTime At { get; set; }

    public static readonly string[] Kinds = Pipelines.Condition.DocumentKinds;
}

sealed class AttachmentConfiguration : IEntityTypeConfiguration<Attachment>
{
    public void Configure(EntityTypeBuilder<Attachment> b)
    {
        b.ToTable("attachments");
        b.Property(x => x.Kind).HasMaxLength(20);
        b.Property(x => x.FileName).HasMaxLength(255);
        b.Property(x => x.ContentType).HasMaxLength(100);
        b.Property(x => x.Sha256).HasMaxLength(64);
        b.HasIndex(x => new { x.DealId, x.Kind });
        b.HasOne<Deal>().WithMany().HasForeignKey(x => x.DealId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<User>().WithMany().HasForeignKey(x => x.UploadedById).OnDelete(DeleteBehavior.Restrict);
    }
}
