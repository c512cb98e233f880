using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Otdel.Features.Organisation;
using Otdel.Platform;

namespace Otdel.Features.Clients;

/// <summary>A minimal client record (a company or a person); the client base capability grows it.</summary>
public sealed class Client : Entity, IAudited
{
    public static string AuditName => "client";
    public required string Name { get; set; }
    /// <summary>Lower-cased name for search (SQLite's lower() does not fold Cyrillic).</summary>
    public string NameKey { get; set; } = "";
    public bool IsCompany { get; set; } = true;
    public string? Inn { get; set; }
    public string? Phone { get; set; }
    public string? Email { get; set; }
    public long? OwnerId { get; set; }
    public DateTime CreatedAt { get; set; }
}

sealed class ClientConfiguration : IEntityTypeConfiguration<Client>
{
    public void Configure(EntityTypeBuilder<Client> b)
    {
        b.ToTable("clients");
        b.Property(x => x.Name).HasMaxLength(300);
        b.Property(x => x.NameKey).HasMaxLength(300);
        b.Property(x => x.Inn).HasMaxLength(12);
        b.Property(x => x.Phone).HasMaxLength(30);
        b.Property(x => x.Email).HasMaxLength(254);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => x.NameKey);
        b.HasOne<User>().WithMany().HasForeignKey(x => x.OwnerId).OnDelete(DeleteBehavior.SetNull);
    }
}
