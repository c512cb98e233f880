using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Otdel.Platform;

namespace Otdel.Features.Organisation;

public sealed class Department : Entity, IAudited
{
    public static string AuditName => "department";
    public required string Name { get; set; }
    /// <summary>The head of the department (usually a head of sales).</summary>
    public long? HeadId { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>The people import that created it (Import/ImportUndo): removed by its undo while nothing else refers to it.</summary>
    public long? ImportRunId { get; set; }
}

sealed class DepartmentConfiguration : IEntityTypeConfiguration<Department>
{
    public void Configure(EntityTypeBuilder<Department> b)
    {
        b.ToTable("departments");
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => x.Name).IsUnique();
        b.HasOne<User>().WithMany().HasForeignKey(x => x.HeadId).OnDelete(DeleteBehavior.SetNull);
    }
}
