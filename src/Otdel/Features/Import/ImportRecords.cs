using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Otdel.Features.Organisation;
using Otdel.Platform;

namespace Otdel.Features.Import;

/// <summary>
/// One import, kept for the history: what was brought, by whom, how many rows came in and were refused, what was
/// created on the way (owners, clients, teams), and the mapping used — the record a head reads when asked
/// "where did these deals come from".
/// </summary>
public sealed class ImportRun
{
    public long Id { get; set; }
    public required string Target { get; set; }
    public required string FileName { get; set; }
    /// <summary>The file's SHA-256 in hex: the same file brought twice is recognisable in the history.</summary>
    public string? FileSha256 { get; set; }
    public long? ById { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime FinishedAt { get; set; }
    public bool DryRun { get; set; }
    public int Rows { get; set; }
    public int Imported { get; set; }
    public int Rejected { get; set; }
    /// <summary>What was created besides the rows, as JSON ({"owners": 2, "clients": 140}).</summary>
    public string Created { get; set; } = "{}";
    public string Mapping { get; set; } = "{}";
    /// <summary>The refused rows with their reasons (the first 10,000), as the CSV a person downloads, fixes and brings again.</summary>
    public string? RejectedCsv { get; set; }
    /// <summary>When and by whom the run was undone (ImportUndo); null while its records stand.</summary>
    public DateTime? UndoneAt { get; set; }
    public long? UndoneById { get; set; }
    /// <summary>running, done or failed (<see cref="ImportRunState"/>); why it failed in <see cref="Error"/>.</summary>
    public string State { get; set; } = ImportRunState.Done;
    /// <summary>Why the run failed, as a JSON array: the text's key and its arguments, put in words for each reader.</summary>
    public string? Error { get; set; }
    /// <summary>The machine whose process runs the import: a restart there closes the runs it left behind.</summary>
    public string? Worker { get; set; }
}

/// <summary>A mapping saved under a name ("amoCRM, сделки") for the next file from the same system.</summary>
public sealed class ImportProfile : Entity
{
    public required string Name { get; set; }
    public required string Target { get; set; }
    public required string Mapping { get; set; }
    /// <summary>The department whose heads use it; null: the whole company's (saved by an administrator).</summary>
    public long? DepartmentId { get; set; }
    public DateTime CreatedAt { get; set; }
}

sealed class ImportRunConfiguration : IEntityTypeConfiguration<ImportRun>
{
    /// <summary>About 10,000 refused rows of an ordinary export; a longer list is cut at a row's end.</summary>
    public const int RejectedCsvMax = 4_000_000;

    public void Configure(EntityTypeBuilder<ImportRun> b)
    {
        b.ToTable("import_runs");
        b.Property(x => x.Target).HasMaxLength(20);
        b.Property(x => x.FileName).HasMaxLength(300);
        b.Property(x => x.FileSha256).HasMaxLength(64);
        b.Property(x => x.Created).HasMaxLength(2000);
        b.Property(x => x.Mapping).HasMaxLength(20000);
        b.Property(x => x.RejectedCsv).HasMaxLength(RejectedCsvMax);
        b.Property(x => x.State).HasMaxLength(10);
        b.Property(x => x.Error).HasMaxLength(2000);
        b.Property(x => x.Worker).HasMaxLength(100);
        b.HasIndex(x => x.StartedAt);
        b.HasOne<User>().WithMany().HasForeignKey(x => x.ById).OnDelete(DeleteBehavior.SetNull);
    }
}

sealed class ImportProfileConfiguration : IEntityTypeConfiguration<ImportProfile>
{
    public void Configure(EntityTypeBuilder<ImportProfile> b)
    {
        b.ToTable("import_profiles");
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.Target).HasMaxLength(20);
        b.Property(x => x.Mapping).HasMaxLength(20000);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.DepartmentId, x.Target, x.Name }).IsUnique();
        b.HasOne<Department>().WithMany().HasForeignKey(x => x.DepartmentId).OnDelete(DeleteBehavior.Cascade);
    }
}
