using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Otdel.Features.Import;

/// <summary>
/// A lead as it was before an import converted it into one of its deals (DealImport), for the run's undo to put back;
/// <see cref="Times"/> counts the run's changes of it, so the undo can tell whether anyone else changed it since. Written
/// and read by SQL only. Plain columns without foreign keys: the rows go with their run's undo.
/// </summary>
public sealed class ImportLeadState
{
    public long RunId { get; set; }
    public long LeadId { get; set; }
    public long? DealId { get; set; }
    public long? ClientId { get; set; }
    public required string Status { get; set; }
    public DateTime? ConvertedAt { get; set; }
    public int Version { get; set; }
    public int Times { get; set; }
}

sealed class ImportLeadStateConfiguration : IEntityTypeConfiguration<ImportLeadState>
{
    public void Configure(EntityTypeBuilder<ImportLeadState> b)
    {
        b.ToTable("import_lead_states");
        b.HasKey(x => new { x.RunId, x.LeadId });
        b.Property(x => x.Status).HasMaxLength(20);
    }
}
