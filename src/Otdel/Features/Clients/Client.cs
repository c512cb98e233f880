using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Otdel.Features.Organisation;
using Otdel.Platform;

namespace Otdel.Features.Clients;

/// <summary>
/// A client: a company, or a person — a private client, or a contact person of a company (<see cref="CompanyId"/>),
/// one of whom may be the company's decision maker (ЛПР). Contacts are clients too, so a phone or an e-mail finds a
/// person wherever they work, and one visibility rule covers both.
/// </summary>
public sealed class Client : Entity, IAudited
{
    public static string AuditName => "client";

    /// <summary>Setting it keeps <see cref="NameKey"/> and <see cref="MatchKey"/> in step.</summary>
    public required string Name
    {
        get;
        set
        {
            field = value;
            NameKey = KeyOf(value);
            MatchKey = MatchKeyOf(value);
        }
    }

    /// <summary>Lower-cased name for search (SQLite's lower() does not fold Cyrillic).</summary>
    public string NameKey { get; set; } = "";
    /// <summary>The name without case, quotes, punctuation and legal form («ООО "Ромашка"» → "ромашка"): duplicates are found by it.</summary>
    public string MatchKey { get; private set; } = "";
    public bool IsCompany { get; set; } = true;
    /// <summary>For a contact person: the company they work for.</summary>
    public long? CompanyId { get; set; }
    public string? Inn { get; set; }
    public string? Kpp { get; set; }
    public string? Industry { get; set; }
    public ClientSize? Size { get; set; }
    public string? Region { get; set; }
    public string? Website { get; set; }
    /// <summary>A contact's job title.</summary>
    public string? Position { get; set; }
    /// <summary>The company's decision maker (ЛПР); at most one contact of a company.</summary>
    public bool IsDecisionMaker { get; set; }
    public DateOnly? Birthday { get; set; }
    /// <summary>Messenger handles as typed ("Telegram @ivanov").</summary>
    public string? Messengers { get; set; }

    /// <summary>The main phone as typed; setting it keeps <see cref="PhoneKey"/> in step.</summary>
    public string? Phone { get; set { field = value; PhoneKey = PhoneKeyOf(value); } }
    /// <summary>The phone's digits with a Russian 8/+7 prefix dropped ("9161234567"), so any way of typing it finds the client.</summary>
    public string? PhoneKey { get; private set; }
    /// <summary>Further phones, one a line, as typed; setting it keeps <see cref="OtherPhoneKeys"/> in step.</summary>
    public string? OtherPhones { get; set { field = value; OtherPhoneKeys = KeysOf(value, PhoneKeyOf); } }
    /// <summary>" 9161234567 9251112233 ": the further phones' keys between spaces, for search and matching.</summary>
    public string? OtherPhoneKeys { get; private set; }
    public string? Email { get; set; }
    /// <summary>Further e-mails, one a line; setting it keeps <see cref="OtherEmailKeys"/> in step.</summary>
    public string? OtherEmails { get; set { field = value; OtherEmailKeys = KeysOf(value, EmailKeyOf); } }
    /// <summary>" a@b.ru c@d.ru ": the further e-mails lower-cased between spaces.</summary>
    public string? OtherEmailKeys { get; private set; }

    public long? OwnerId { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>The import that created it (Import/ImportUndo): undone as a whole while nothing else has changed it.</summary>
    public long? ImportRunId { get; set; }
    /// <summary>A key account (found by ABC analysis, marked by a head): worked by its <see cref="KamId"/>.</summary>
    public bool IsKeyAccount { get; set; }
    /// <summary>The key account manager (КАМ): sees the client whoever owns it.</summary>
    public long? KamId { get; set; }

    public IEnumerable<string> Phones => Lines(OtherPhones).Prepend(Phone).OfType<string>();
    public IEnumerable<string> Emails => Lines(OtherEmails).Prepend(Email).OfType<string>();

    public static string KeyOf(string name) => name.Trim().ToLowerInvariant();

    /// <summary>Digits only; an 11-digit number starting with 7 or 8 loses that prefix. Null when there are no digits.</summary>
    public static string? PhoneKeyOf(string? phone)
    {
        if (string.IsNullOrWhiteSpace(phone)) return null;
        var digits = new string(phone.Where(char.IsAsciiDigit).ToArray());
        if (digits.Length == 11 && digits[0] is '7' or '8') digits = digits[1..];
        return digits.Length == 0 ? null : digits;
    }

    public static string? EmailKeyOf(string? email) => string.IsNullOrWhiteSpace(email) ? null : email.Trim().ToLowerInvariant();

    static readonly HashSet<string> LegalForms = new(StringComparer.Ordinal)
    {
        "ооо", "оао", "зао", "пао", "ао", "нао", "ип", "нко", "ано", "фгуп", "гуп", "муп", "тоо", "llc", "ltd", "inc", "gmbh", "jsc",
    };

    /// <summary>Letters and digits of the name, lower-cased, ё as е, legal forms dropped, words in order, one space apart.</summary>
    public static string MatchKeyOf(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return "";
        var sb = new StringBuilder(name.Length);
        foreach (var c in name.ToLowerInvariant())
            sb.Append(char.IsLetterOrDigit(c) ? (c == 'ё' ? 'е' : c) : ' ');
        var words = sb.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => !LegalForms.Contains(w)).ToList();
        var key = string.Join(' ', words);
        return key.Length > 300 ? key[..300] : key;
    }

    public static IEnumerable<string> Lines(string? text) =>
        (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    static string? KeysOf(string? lines, Func<string?, string?> key)
    {
        var keys = Lines(lines).Select(key).OfType<string>().Distinct().ToList();
        return keys.Count == 0 ? null : " " + string.Join(' ', keys) + " ";
    }
}

/// <summary>A company's size by headcount, as Russian law sorts businesses: micro (up to 15), small (100), medium (250), large.</summary>
public enum ClientSize { Micro, Small, Medium, Large }

sealed class ClientConfiguration : IEntityTypeConfiguration<Client>
{
    public void Configure(EntityTypeBuilder<Client> b)
    {
        b.ToTable("clients");
        b.Property(x => x.Name).HasMaxLength(300);
        b.Property(x => x.NameKey).HasMaxLength(300);
        b.Property(x => x.MatchKey).HasMaxLength(300);
        b.Property(x => x.Inn).HasMaxLength(12);
        b.Property(x => x.Kpp).HasMaxLength(9);
        b.Property(x => x.Industry).HasMaxLength(100);
        b.Property(x => x.Region).HasMaxLength(100);
        b.Property(x => x.Website).HasMaxLength(200);
        b.Property(x => x.Position).HasMaxLength(100);
        b.Property(x => x.Messengers).HasMaxLength(300);
        b.Property(x => x.Phone).HasMaxLength(30);
        b.Property(x => x.PhoneKey).HasMaxLength(30);
        b.Property(x => x.OtherPhones).HasMaxLength(300);
        b.Property(x => x.OtherPhoneKeys).HasMaxLength(300);
        b.Property(x => x.Email).HasMaxLength(254);
        b.Property(x => x.OtherEmails).HasMaxLength(1000);
        b.Property(x => x.OtherEmailKeys).HasMaxLength(1000);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Ignore(x => x.Phones);
        b.Ignore(x => x.Emails);
        b.HasIndex(x => x.NameKey);
        b.HasIndex(x => x.MatchKey);
        b.HasIndex(x => x.PhoneKey);
        b.HasIndex(x => x.Inn);
        b.HasIndex(x => x.CompanyId);
        b.HasOne<User>().WithMany().HasForeignKey(x => x.OwnerId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<User>().WithMany().HasForeignKey(x => x.KamId).OnDelete(DeleteBehavior.SetNull);
        // A contact outlives a company removed by hand (it becomes a private client); a merge moves contacts first.
        b.HasOne<Client>().WithMany().HasForeignKey(x => x.CompanyId).OnDelete(DeleteBehavior.SetNull);
    }
}
