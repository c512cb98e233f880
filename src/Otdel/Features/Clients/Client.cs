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
    /// <summary>As typed; setting it keeps <see cref="PhoneKey"/> in step.</summary>
    public string? Phone { get; set { field = value; PhoneKey = PhoneKeyOf(value); } }
    /// <summary>The phone's digits with a Russian 8/+7 prefix dropped ("9161234567"), so any way of typing it finds the client.</summary>
    public string? PhoneKey { get; private set; }
    public string? Email { get; set; }
    public long? OwnerId { get; set; }
    public DateTime CreatedAt { get; set; }

    /// <summary>Digits only; an 11-digit number starting with 7 or 8 loses that prefix. Null when there are no digits.</summary>
    public static string? PhoneKeyOf(string? phone)
    {
        if (string.IsNullOrWhiteSpace(phone)) return null;
        var digits = new string(phone.Where(char.IsAsciiDigit).ToArray());
        if (digits.Length == 11 && digits[0] is '7' or '8') digits = digits[1..];
        return digits.Length == 0 ? null : digits;
    }
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
        b.Property(x => x.PhoneKey).HasMaxLength(30);
        b.Property(x => x.Email).HasMaxLength(254);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => x.NameKey);
        b.HasIndex(x => x.PhoneKey);
        b.HasIndex(x => x.Inn);
        b.HasOne<User>().WithMany().HasForeignKey(x => x.OwnerId).OnDelete(DeleteBehavior.SetNull);
    }
}
