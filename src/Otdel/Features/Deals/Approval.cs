using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Otdel.Features.Organisation;

namespace Otdel.Features.Deals;

/// <summary>An approval given on a deal by someone in a position (finance, legal, head of sales…).</summary>
public sealed class Approval
{
    public long Id { get; set; }
    public long DealId { get; set; }
    public Position Position { get; set; }
    public long ById { get; set; }
    public string? Comment { get; set; }
    public DateTime At { get; set; }
}

sealed class ApprovalConfiguration : IEntityTypeConfiguration<Approval>
{
    public void Configure(EntityTypeBuilder<Approval> b)
    {
        b.ToTable("approvals");
        b.Property(x => x.Comment).HasMaxLength(1000);
        b.HasIndex(x => new { x.DealId, x.Position });
        b.HasOne<Deal>().WithMany().HasForeignKey(x => x.DealId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<User>().WithMany().HasForeignKey(x => x.ById).OnDelete(DeleteBehavior.Restrict);
    }
}
