using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Otdel.Features.Organisation;

namespace Otdel.Features.Deals;

/// <summary>A deal passed from one owner to another (hunter → closer → farmer → KAM), and why.</summary>
public sealed class Handoff
{
    public long Id { get; set; }
    public long DealId { get; set; }
    public long StageId { get; set; }
    public long FromUserId { get; set; }
    public long ToUserId { get; set; }
    /// <summary>The rule that chose the new owner, or "manual".</summary>
    public required HandoffBy Rule { get; set; }
    public DateTime At { get; set; }
    public long? ById { get; set; }
}

sealed class HandoffConfiguration : IEntityTypeConfiguration<Handoff>
{
    public void Configure(EntityTypeBuilder<Handoff> b)
    {
        b.ToTable("handoffs");
        b.HasIndex(x => new { x.DealId, x.Id });
        b.HasIndex(x => new { x.StageId, x.Id }); // the round-robin cursor: the stage's latest handoff
        b.HasOne<Deal>().WithMany().HasForeignKey(x => x.DealId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<User>().WithMany().HasForeignKey(x => x.FromUserId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<User>().WithMany().HasForeignKey(x => x.ToUserId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>How a deal's new owner was chosen; stored as the snake_case word (round_robin, manual…).</summary>
public enum HandoffBy { RoundRobin, LeastLoaded, Segment, NamedPerson, Return, Manual }
