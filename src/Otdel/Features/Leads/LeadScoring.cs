using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Otdel.Features.Organisation;
using Otdel.Platform;

namespace Otdel.Features.Leads;

/// <summary>
/// A department's lead scoring, kept as data: rules that give points (a field filled or equal to a value, the channel's
/// kind, the company's size, what the lead did) and the thresholds at which a lead becomes marketing-qualified (MQL)
/// and sales-qualified (SQL). The row without a department is the company's, used by departments that keep none.
/// </summary>
public sealed class LeadScoring : Entity
{
    public long? DepartmentId { get; set; }
    public int MqlThreshold { get; set; }
    public int SqlThreshold { get; set; }
    public List<ScoreRule> Rules { get; set; } = [];
    public long UpdatedById { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>
/// One scoring rule. <c>kind</c>: <c>filled</c> (the <c>field</c> is not empty), <c>equals</c> (the <c>field</c> equals
/// <c>value</c>, case aside), <c>channel_kind</c> (the lead's channel is of kind <c>value</c>), <c>company_size</c>
/// (micro|small|medium|large), <c>activity</c> (<c>contacted</c>: first contact recorded; <c>repeat_request</c>: points
/// for each later request from the same contact). Points may be negative (a purchased base scores less).
/// </summary>
public sealed record ScoreRule(string Kind, string? Field, string? Value, int Points);

sealed class LeadScoringConfiguration : IEntityTypeConfiguration<LeadScoring>
{
    static readonly ValueConverter<List<ScoreRule>, string> Converter = new(
        v => JsonSerializer.Serialize(v, (JsonSerializerOptions?)null),
        s => string.IsNullOrEmpty(s)
            ? new List<ScoreRule>()
            : JsonSerializer.Deserialize<List<ScoreRule>>(s, (JsonSerializerOptions?)null) ?? new List<ScoreRule>());

    static readonly ValueComparer<List<ScoreRule>> Comparer = new(
        (a, b) => a!.SequenceEqual(b!), v => v.Aggregate(0, (h, r) => HashCode.Combine(h, r)), v => v.ToList());

    public void Configure(EntityTypeBuilder<LeadScoring> b)
    {
        b.ToTable("lead_scoring");
        b.Property(x => x.Rules).HasConversion(Converter, Comparer).HasMaxLength(20000);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => x.DepartmentId).IsUnique();
        b.HasOne<Department>().WithMany().HasForeignKey(x => x.DepartmentId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<User>().WithMany().HasForeignKey(x => x.UpdatedById).OnDelete(DeleteBehavior.Restrict);
    }
}
