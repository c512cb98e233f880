using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Platform;

namespace Otdel.Features.Pipelines;

/// <summary>The managed list of refusal reasons of a pipeline (heads only). Reasons are archived, never deleted: lost deals point at them.</summary>
public sealed class SaveLossReason(OtdelDb db, Access access, Errors errors, Problems problems)
{
    public async Task<Outcome<LossReasonView>> Create(LossReasonInput input, CancellationToken ct = default)
    {
        if (input.PipelineId is null) return problems.Bad("pipelineId", "Error.Required");
        var p = await db.Pipelines.AsNoTracking().FirstOrDefaultAsync(x => x.Id == input.PipelineId, ct);
        if (p is null || !PipelineAccess.CanUse(access, p)) return problems.Bad("pipelineId", "Deals.NoSuchPipeline");
        if (!PipelineAccess.CanEdit(access, p)) return problems.Forbidden();
        var name = input.Name?.Trim();
        errors.Required("name", name).MaxLength("name", name, 200);
        if (errors.Any) return errors.ToFailure();
        var order = input.Order ?? (await db.LossReasons.Where(r => r.PipelineId == p.Id).MaxAsync(r => (int?)r.Order, ct) ?? -1) + 1;
        var r = new LossReason { PipelineId = p.Id, Name = name!, IsOther = input.IsOther ?? false, Order = order };
        db.LossReasons.Add(r);
        await db.SaveChangesAsync(ct);
        return LossReasonView.Of(r);
    }

    public async Task<Outcome<LossReasonView>> Update(long id, LossReasonInput input, CancellationToken ct = default)
    {
        var (r, failure) = await Load(id, input.Version, ct);
        if (r is null) return failure!;
        // A reason belongs to its pipeline for good: naming another one is refused, not ignored.
        if (input.PipelineId is { } pid && pid != r.PipelineId) return problems.Bad("pipelineId", "Deals.NoSuchPipeline");
        if (input.Name is not null)
        {
            r.Name = input.Name.Trim();
            errors.Required("name", r.Name).MaxLength("name", r.Name, 200);
        }
        if (input.IsOther is { } other) r.IsOther = other;
        if (input.Order is { } order) r.Order = order;
        if (errors.Any) return errors.ToFailure();
        return await Save(r, ct);
    }

    public async Task<Outcome<LossReasonView>> Archive(long id, int? version = null, CancellationToken ct = default)
    {
        var (r, failure) = await Load(id, version, ct);
        if (r is null) return failure!;
        r.IsArchived = true;
        return await Save(r, ct);
    }

    async Task<(LossReason?, Failure?)> Load(long id, int? version, CancellationToken ct)
    {
        var r = await db.LossReasons.FirstOrDefaultAsync(x => x.Id == id, ct);
        var p = r is null ? null : await db.Pipelines.AsNoTracking().FirstOrDefaultAsync(x => x.Id == r.PipelineId, ct);
        if (r is null || p is null || !PipelineAccess.CanUse(access, p)) return (null, problems.NotFound());
        if (!PipelineAccess.CanEdit(access, p)) return (null, problems.Forbidden());
        if (version is { } v)
        {
            if (v != r.Version) return (null, problems.Stale(LossReasonView.Of(r)));
            db.Entry(r).Property(x => x.Version).OriginalValue = v;
        }
        return (r, null);
    }

    async Task<Outcome<LossReasonView>> Save(LossReason r, CancellationToken ct)
    {
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) { return problems.Stale(); }
        return LossReasonView.Of(r);
    }
}
