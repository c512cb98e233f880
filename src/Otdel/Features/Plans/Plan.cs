using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Otdel.Features.Organisation;
using Otdel.Platform;

namespace Otdel.Features.Plans;

public enum PlanLevel { Company, Department, Team, User }

public enum PlanMetric { RevenueWon, MoneyReceived, DealsWon, NewClients, Calls, Meetings, Proposals }

public enum PlanDistribution { Even, Weights, LastPeriod }

/// <summary>
/// A target for a period (a month, a quarter or a year) at a level (the company, a department, a team, one seller) for a
/// metric. The sellers it is distributed to, and their weights, are kept on the plan as it was set (people change teams;
/// the plan does not), and so are the months' seasonality weights. Every change keeps who made it and why
/// (<see cref="Reason"/>, audited with the rest).
/// </summary>
public sealed class Plan : Entity, IAudited
{
    public static string AuditName => "plan";
    /// <summary>As entered: "2026-12", "2026-Q4" or "2026".</summary>
    public required string Period { get; set; }
    public DateOnly StartsOn { get; set; }
    /// <summary>Inclusive.</summary>
    public DateOnly EndsOn { get; set; }
    public PlanLevel Level { get; set; }
    /// <summary>The department, team or seller; null for the company.</summary>
    public long? TargetId { get; set; }
    /// <summary>The department the plan belongs to (for who sees it); null for a company plan.</summary>
    public long? DepartmentId { get; set; }
    public PlanMetric Metric { get; set; }
    /// <summary>Money in roubles; counts as numbers (hundredths allowed, so daily parts add up).</summary>
    public decimal Amount { get; set; }
    public PlanDistribution Distribution { get; set; }
    /// <summary>Seller id → weight (1 each when even; last period's facts when by last period).</summary>
    public Dictionary<long, decimal> SellerWeights { get; set; } = [];
    /// <summary>Seasonality: one weight per month of the period; empty = evenly.</summary>
    public List<decimal> MonthWeights { get; set; } = [];
    /// <summary>
    /// Whether a seller's share of a day they are away (a deputy acts for them) goes to the colleagues at work that day
    /// instead of staying on them; by the planner's choice.
    /// </summary>
    public bool RedistributeAbsences { get; set; }
    /// <summary>Why the plan was set or last changed.</summary>
    public string? Reason { get; set; }
    public long? CreatedById { get; set; }
    public DateTime CreatedAt { get; set; }
}

sealed class PlanConfiguration : IEntityTypeConfiguration<Plan>
{
    static readonly ValueConverter<Dictionary<long, decimal>, string> Sellers = new(
        v => JsonSerializer.Serialize(v, (JsonSerializerOptions?)null),
        s => string.IsNullOrEmpty(s) ? new Dictionary<long, decimal>() : JsonSerializer.Deserialize<Dictionary<long, decimal>>(s,
            (JsonSerializerOptions?)null) ?? new Dictionary<long, decimal>());

    static readonly ValueComparer<Dictionary<long, decimal>> SellersComparer = new(
        (a, b) => a!.Count == b!.Count && !a.Except(b).Any(),
        v => v.Aggregate(0, (h, kv) => HashCode.Combine(h, kv.Key, kv.Value)),
        v => new Dictionary<long, decimal>(v));

    static readonly ValueConverter<List<decimal>, string> Months = new(
        v => JsonSerializer.Serialize(v, (JsonSerializerOptions?)null),
        s => string.IsNullOrEmpty(s) ? new List<decimal>() : JsonSerializer.Deserialize<List<decimal>>(s, (JsonSerializerOptions?)null) ?? new List<decimal>());

    static readonly ValueComparer<List<decimal>> MonthsComparer = new(
        (a, b) => a!.SequenceEqual(b!), v => v.Aggregate(0, (h, x) => HashCode.Combine(h, x)), v => v.ToList());

    public void Configure(EntityTypeBuilder<Plan> b)
    {
        b.ToTable("plans");
        b.Property(x => x.Period).HasMaxLength(10);
        b.Property(x => x.Level).HasConversion<SnakeCaseEnum<PlanLevel>>().HasMaxLength(20);
        b.Property(x => x.Metric).HasConversion<SnakeCaseEnum<PlanMetric>>().HasMaxLength(20);
        b.Property(x => x.Distribution).HasConversion<SnakeCaseEnum<PlanDistribution>>().HasMaxLength(20);
        b.Property(x => x.Amount).HasPrecision(18, 2);
        b.Property(x => x.SellerWeights).HasConversion(Sellers, SellersComparer).HasMaxLength(8000);
        b.Property(x => x.MonthWeights).HasConversion(Months, MonthsComparer).HasMaxLength(400);
        b.Property(x => x.Reason).HasMaxLength(500);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.Level, x.TargetId, x.Metric, x.StartsOn });
        b.HasIndex(x => new { x.DepartmentId, x.StartsOn });
        b.HasOne<Department>().WithMany().HasForeignKey(x => x.DepartmentId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<User>().WithMany().HasForeignKey(x => x.CreatedById).OnDelete(DeleteBehavior.SetNull);
    }
}
