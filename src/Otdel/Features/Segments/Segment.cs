using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Otdel.Features.Organisation;
using Otdel.Platform;

namespace Otdel.Features.Segments;

/// <summary>
/// A saved filter over the client base («Купили станки, но не покупали полгода»): conditions that all hold for a member.
/// It belongs to a department (its people share it); who its members are depends on who looks — each sees the clients,
/// deals and leads the visibility rule lets them see.
/// </summary>
public sealed class Segment : Entity
{
    public required string Name { get; set; }
    public long? DepartmentId { get; set; }
    public long AuthorId { get; set; }
    public List<SegmentCondition> Conditions { get; set; } = [];
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>
/// One condition of a segment. <c>kind</c> and what it reads:
/// <c>product</c> (<c>text</c>: a won deal's products or title contains it), <c>total</c> / <c>average</c> (<c>min</c>,
/// <c>max</c>: the sum / mean of won deals in roubles), <c>active_deals</c> (<c>has</c>: an open deal or none),
/// <c>idle_days</c> (<c>days</c>: bought before, nothing in the last N days), <c>stage</c> (<c>stageId</c>: an open deal
/// there), <c>position</c> (<c>text</c>: the contact's job title, or a contact's of the company), <c>owner</c>
/// (<c>ownerId</c>), <c>region</c> (<c>text</c>), <c>channel</c> (<c>channelId</c>: a lead of the client came by it),
/// <c>score</c> (<c>min</c>, <c>max</c>: the best score of the client's leads).
/// </summary>
public sealed record SegmentCondition(string Kind, string? Text = null, decimal? Min = null, decimal? Max = null, int? Days = null, bool? Has = null,
    long? StageId = null, long? OwnerId = null, long? ChannelId = null);

sealed class SegmentConfiguration : IEntityTypeConfiguration<Segment>
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    static readonly ValueConverter<List<SegmentCondition>, string> Converter = new(
        v => JsonSerializer.Serialize(v, Json),
        s => string.IsNullOrEmpty(s)
            ? new List<SegmentCondition>()
            : JsonSerializer.Deserialize<List<SegmentCondition>>(s, Json) ?? new List<SegmentCondition>());

    static readonly ValueComparer<List<SegmentCondition>> Comparer = new(
        (a, b) => a!.SequenceEqual(b!), v => v.Aggregate(0, (h, c) => HashCode.Combine(h, c)), v => v.ToList());

    public void Configure(EntityTypeBuilder<Segment> b)
    {
        b.ToTable("segments");
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.Conditions).HasConversion(Converter, Comparer).HasMaxLength(8000);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => x.DepartmentId);
        b.HasOne<Department>().WithMany().HasForeignKey(x => x.DepartmentId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<User>().WithMany().HasForeignKey(x => x.AuthorId).OnDelete(DeleteBehavior.Restrict);
    }
}
