using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Otdel.Data;
using Otdel.Features.Deals;
using Otdel.Features.Organisation;
using Otdel.Platform;

namespace Otdel.Features.Plans;

/// <summary>
/// How a seller reads one of their open deals for the forecast: committed (they answer for it), best case (could close
/// if things go well), pipeline (the default: weighted only) or omitted (kept out of the forecast). Kept apart from the
/// deal so marking a deal does not go through the deal's write path (no version bump, no board broadcast).
/// </summary>
public sealed class DealForecast : Entity
{
    public long DealId { get; set; }
    public ForecastCategory Category { get; set; }
    public long? ChangedById { get; set; }
    public DateTime ChangedAt { get; set; }
}

public enum ForecastCategory { Pipeline, BestCase, Commit, Omitted }

sealed class DealForecastConfiguration : IEntityTypeConfiguration<DealForecast>
{
    public void Configure(EntityTypeBuilder<DealForecast> b)
    {
        b.ToTable("deal_forecasts");
        b.Property(x => x.Category).HasConversion<SnakeCaseEnum<ForecastCategory>>().HasMaxLength(20);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => x.DealId).IsUnique();
        b.HasOne<Deal>().WithMany().HasForeignKey(x => x.DealId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<User>().WithMany().HasForeignKey(x => x.ChangedById).OnDelete(DeleteBehavior.SetNull);
    }
}

public sealed record DealForecastInput(string? Category);
public sealed record DealForecastView(long DealId, string Category, long? ChangedById, DateTime? ChangedAt);

/// <summary>Marks an open deal commit / best case / pipeline / omitted: whoever may change the deal (the visibility rule).</summary>
public sealed class MarkDealForecast(OtdelDb db, Access access, Errors errors, Problems problems)
{
    public static readonly string[] Categories = ["pipeline", "bestCase", "commit", "omitted"];

    public static string Word(ForecastCategory c) => Categories[(int)c];

    public async Task<Outcome<DealForecastView>> GetAsync(long dealId, CancellationToken ct = default)
    {
        if (!await db.Deals.VisibleTo(access).AnyAsync(d => d.Id == dealId, ct)) return problems.NotFound();
        var row = await db.DealForecasts.AsNoTracking().FirstOrDefaultAsync(f => f.DealId == dealId, ct);
        return row is null
            ? new DealForecastView(dealId, "pipeline", null, null)
            : new DealForecastView(dealId, Word(row.Category), row.ChangedById, row.ChangedAt);
    }

    public async Task<Outcome<DealForecastView>> SetAsync(long dealId, DealForecastInput input, CancellationToken ct = default)
    {
        var deal = await db.Deals.VisibleTo(access).AsNoTracking().Where(d => d.Id == dealId).Select(d => new { d.Status }).FirstOrDefaultAsync(ct);
        if (deal is null) return problems.NotFound();
        var at = Array.IndexOf(Categories, input.Category);
        if (at < 0) errors.Add("category", "Plans.OneOf", string.Join(", ", Categories));
        else if (deal.Status != DealStatus.Open) errors.Add("category", "Plans.Forecast.Closed");
        if (errors.Any) return errors.ToFailure();
        var row = await db.DealForecasts.FirstOrDefaultAsync(f => f.DealId == dealId, ct)
            ?? db.DealForecasts.Add(new DealForecast { DealId = dealId }).Entity;
        row.Category = (ForecastCategory)at;
        row.ChangedById = access.UserId;
        row.ChangedAt = db.UtcNow;
        await db.SaveChangesAsync(ct);
        return new DealForecastView(dealId, Word(row.Category), row.ChangedById, row.ChangedAt);
    }
}
