using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Platform;

namespace Otdel.Features.Pipelines;

/// <summary>
/// Custom deal fields of a pipeline (heads only): text, number, money, date, choice or user. The key is what deal
/// values and "field" conditions refer to, so it is fixed once created; removing a field leaves stored values alone.
/// </summary>
public sealed partial class SavePipelineField(OtdelDb db, Access access, Errors errors, Problems problems)
{
    [GeneratedRegex("^[a-z][a-z0-9_]{0,59}$")]
    private static partial Regex KeyPattern();

    public async Task<Outcome<PipelineFieldView>> Create(long pipelineId, PipelineFieldInput input, CancellationToken ct = default)
    {
        var p = await db.Pipelines.AsNoTracking().FirstOrDefaultAsync(x => x.Id == pipelineId, ct);
        if (p is null || !PipelineAccess.CanUse(access, p)) return problems.NotFound();
        if (!PipelineAccess.CanEdit(access, p)) return problems.Forbidden();
        var key = input.Key?.Trim() ?? "";
        if (key.Length == 0) errors.Add("key", "Error.Required");
        else if (!KeyPattern().IsMatch(key) || Array.IndexOf(Condition.BuiltInFields, key) >= 0) errors.Add("key", "Pipelines.FieldKey");
        var f = new PipelineField { PipelineId = pipelineId, Key = key, Label = "", Type = "" };
        Apply(f, input, creating: true);
        if (errors.Any) return errors.ToFailure();
        if (await db.PipelineFields.AnyAsync(x => x.PipelineId == pipelineId && x.Key == key, ct)) return problems.Conflict("key", "Pipelines.FieldKeyTaken");
        f.Order = input.Order ?? (await db.PipelineFields.Where(x => x.PipelineId == pipelineId).MaxAsync(x => (int?)x.Order, ct) ?? -1) + 1;
        db.PipelineFields.Add(f);
        await db.SaveChangesAsync(ct);
        return PipelineFieldView.Of(f);
    }

    public async Task<Outcome<PipelineFieldView>> Update(long fieldId, PipelineFieldInput input, CancellationToken ct = default)
    {
        var (f, failure) = await Load(fieldId, ct);
        if (f is null) return failure!;
        if (input.Key is not null && input.Key != f.Key) return problems.Bad("key", "Pipelines.FieldKeyFixed");
        Apply(f, input, creating: false);
        if (input.Order is { } order) f.Order = order;
        if (errors.Any) return errors.ToFailure();
        await db.SaveChangesAsync(ct);
        return PipelineFieldView.Of(f);
    }

    public async Task<Outcome<PipelineFieldView>> Delete(long fieldId, CancellationToken ct = default)
    {
        var (f, failure) = await Load(fieldId, ct);
        if (f is null) return failure!;
        db.PipelineFields.Remove(f);
        await db.SaveChangesAsync(ct);
        return PipelineFieldView.Of(f);
    }

    void Apply(PipelineField f, PipelineFieldInput input, bool creating)
    {
        if (creating || input.Label is not null)
        {
            f.Label = input.Label?.Trim() ?? "";
            errors.Required("label", f.Label).MaxLength("label", f.Label, 200);
        }
        if (creating || input.Type is not null)
        {
            if (input.Type is { } type && PipelineField.Types.Contains(type)) f.Type = type;
            else errors.Add("type", "Pipelines.FieldType", string.Join(", ", PipelineField.Types));
        }
        if (input.Options is not null)
        {
            var options = string.Join('|', input.Options.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
            f.Options = options.Length == 0 ? null : options;
            errors.MaxLength("options", f.Options, 2000);
        }
        if (f.Type == "choice" && f.Options is null) errors.Add("options", "Pipelines.FieldOptions");
    }

    async Task<(PipelineField?, Failure?)> Load(long id, CancellationToken ct)
    {
        var f = await db.PipelineFields.FirstOrDefaultAsync(x => x.Id == id, ct);
        var p = f is null ? null : await db.Pipelines.AsNoTracking().FirstOrDefaultAsync(x => x.Id == f.PipelineId, ct);
        if (f is null || p is null || !PipelineAccess.CanUse(access, p)) return (null, problems.NotFound());
        if (!PipelineAccess.CanEdit(access, p)) return (null, problems.Forbidden());
        return (f, null);
    }
}
