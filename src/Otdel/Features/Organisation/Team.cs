using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Otdel.Platform;

namespace Otdel.Features.Organisation;

public sealed class Team : Entity, IAudited
{
    public static string AuditName => "team";
    public required string Name { get; set; }
    public long DepartmentId { get; set; }
    /// <summary>The team lead: sees the team's data.</summary>
    public long? LeadId { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>The people import that created it (Import/ImportUndo): removed by its undo while nothing else refers to it.</summary>
    public long? ImportRunId { get; set; }
}

sealed class TeamConfiguration : IEntityTypeConfiguration<Team>
{
    public void Configure(EntityTypeBuilder<Team> b)
    {
        b.ToTable("teams");
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.DepartmentId, x.Name }).IsUnique();
        b.HasOne<Department>().WithMany().HasForeignKey(x => x.DepartmentId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<User>().WithMany().HasForeignKey(x => x.LeadId).OnDelete(DeleteBehavior.SetNull);
    }
}
