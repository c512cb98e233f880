using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Otdel.Platform;

namespace Otdel.Features.Organisation;

/// <summary>Someone who acts for an absent person (vacation, sick leave, trip) over a date range, inclusive.</summary>
public sealed class Deputy : Entity, IAudited
{
    public static string AuditName => "deputy";
    public long PrincipalId { get; set; }
    public long DeputyId { get; set; }
    public DateOnly From { get; set; }
    public DateOnly To { get; set; }
    public string? Reason { get; set; }
}

sealed class DeputyConfiguration : IEntityTypeConfiguration<Deputy>
{
    public void Configure(EntityTypeBuilder<Deputy> b)
    {
        b.ToTable("deputies");
        b.Property(x => x.Reason).HasMaxLength(200);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.DeputyId, x.From });
        b.HasIndex(x => new { x.PrincipalId, x.From });
        b.HasOne<User>().WithMany().HasForeignKey(x => x.PrincipalId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<User>().WithMany().HasForeignKey(x => x.DeputyId).OnDelete(DeleteBehavior.Cascade);
    }
}
