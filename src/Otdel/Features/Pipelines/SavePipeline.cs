using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Features.Organisation;
using Otdel.Platform;

namespace Otdel.Features.Pipelines;

/// <summary>Creates a pipeline (empty or from a template) in the head's department, or renames it and changes its handoff rule.</summary>
public sealed class SavePipeline(OtdelDb db, Access access, Errors errors, Problems problems, FindPipelines find,
    IEnumerable<IPipelineCreated> listeners)
{
    public async Task<Outcome<PipelineView>> Create(PipelineInput input, CancellationToken ct = default)
    {
        if (!access.RunsDepartment) return problems.Forbidden();
        var template = string.IsNullOrWhiteSpace(input.Template) || input.Template == "none" ? null : input.Template.Trim().ToLowerInvariant();
        var built = template is null ? null : PipelineTemplates.Build(template);
        if (template is not null && built is null) errors.Add("template", "Pipelines.Template", string.Join(", ", PipelineTemplates.Names));
        var name = string.IsNullOrWhiteSpace(input.Name) ? built?.Name : input.Name.Trim();
        errors.Required("name", name).MaxLength("name", name, 200);
        var rule = ParseRule(input.HandoffRule, "handoffRule") ?? built?.Rule ?? HandoffRule.RoundRobin;
        if (errors.Any) return errors.ToFailure();

        var p = new Pipeline { Name = name!, Template = template, HandoffRule = rule, DepartmentId = access.User!.DepartmentId, CreatedAt = db.UtcNow };
        if (built is not null) p.Stages = built.Stages;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Pipelines.Add(p);
        await db.SaveChangesAsync(ct);
        if (built is not null)
        {
            // Reasons and fields point at the pipeline by id only, so they follow once it has one (same request, audited).
            foreach (var r in built.LossReasons) { r.PipelineId = p.Id; db.LossReasons.Add(r); }
            foreach (var f in built.Fields) { f.PipelineId = p.Id; db.PipelineFields.Add(f); }
            await db.SaveChangesAsync(ct);
            foreach (var l in listeners) await l.CreatedAsync(p, built.Stages, access.UserId, ct);
        }
        await tx.CommitAsync(ct);
        return (await find.GetAsync(p.Id, ct))!;
    }

    public async Task<Outcome<PipelineView>> Update(long id, PipelineInput input, CancellationToken ct = default)
    {
        var p = await db.Pipelines.FirstOrDefaultAsync(x => x.Id == id, ct);
        if (p is null || !PipelineAccess.CanUse(access, p)) return problems.NotFound();
        if (!PipelineAccess.CanEdit(access, p)) return problems.Forbidden();
        if (input.Version is { } v)
        {
            if (v != p.Version) return problems.Stale();
            db.Entry(p).Property(x => x.Version).OriginalValue = v;
        }
        if (input.Name is not null)
        {
            p.Name = input.Name.Trim();
            errors.Required("name", p.Name).MaxLength("name", p.Name, 200);
        }
        if (ParseRule(input.HandoffRule, "handoffRule") is { } rule) p.HandoffRule = rule;
        // The template a pipeline was built from is history: it cannot be changed, and a different one is not ignored.
        if (input.Template is { } t && !string.Equals(t.Trim(), p.Template ?? "none", StringComparison.OrdinalIgnoreCase))
            errors.Add("template", "Pipelines.TemplateFixed");
        if (input.IsArchived is { } archived) p.IsArchived = archived;
        if (errors.Any) return errors.ToFailure();
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) { return problems.Stale(); }
        return (await find.GetAsync(p.Id, ct))!;
    }

    HandoffRule? ParseRule(string? code, string field)
    {
        if (string.IsNullOrWhiteSpace(code)) return null;
        foreach (var r in Enum.GetValues<HandoffRule>())
            if (SnakeCase.Of(r.ToString()) == code.Trim()) return r;
        errors.Add(field, "Pipelines.HandoffRule", "keep_owner, round_robin, least_loaded, segment, named_person");
        return null;
    }

    public static bool TryParseRule(string? code, out HandoffRule rule)
    {
        foreach (var r in Enum.GetValues<HandoffRule>())
            if (SnakeCase.Of(r.ToString()) == code?.Trim()) { rule = r; return true; }
        rule = default;
        return false;
    }
}
