using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Otdel.Features.Organisation;
using Otdel.Platform;

namespace Otdel.Features.Reports;

/// <summary>
/// How soon a department's new leads must be first contacted, in working minutes of the department's calendar
/// (issue 11 item 4). A department without a row has the company's default (Otdel:ResponseTargetMinutes, 15).
/// </summary>
public sealed class ResponseTarget : Entity
{
    public long DepartmentId { get; set; }
    public int Minutes { get; set; }
    public long UpdatedById { get; set; }
    public DateTime UpdatedAt { get; set; }
}

sealed class ResponseTargetConfiguration : IEntityTypeConfiguration<ResponseTarget>
{
    public void Configure(EntityTypeBuilder<ResponseTarget> b)
    {
        b.ToTable("response_targets");
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => x.DepartmentId).IsUnique();
        b.HasOne<Department>().WithMany().HasForeignKey(x => x.DepartmentId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<User>().WithMany().HasForeignKey(x => x.UpdatedById).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>Reports-only index: the lead reports and the response watcher read leads by arrival.</summary>
sealed class LeadReportIndexes : IEntityTypeConfiguration<Leads.Lead>
{
    public void Configure(EntityTypeBuilder<Leads.Lead> b) => b.HasIndex(x => x.ArrivedAt);
}
