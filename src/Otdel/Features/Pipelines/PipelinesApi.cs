using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Platform;

namespace Otdel.Features.Pipelines;

/// <summary>/api/v1 pipelines, their stages and refusal reasons.</summary>
public static class PipelinesApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var pipelines = api.MapGroup("/pipelines").WithTags("Pipelines");
        pipelines.MapGet("/", async (bool? archived, FindPipelines find, CancellationToken ct) => await find.ListAsync(archived ?? false, ct));
        pipelines.MapPost("/", async (PipelineInput input, SavePipeline save, CancellationToken ct) =>
            (await save.Create(input, ct)).ToResult(p => Results.Created($"/api/v1/pipelines/{p.Id}", p)));
        pipelines.MapGet("/{id:long}", async (long id, FindPipelines find, Problems problems, CancellationToken ct) =>
            await find.GetAsync(id, ct) is { } p ? Results.Ok(p) : problems.NotFound().ToResult());
        pipelines.MapPut("/{id:long}", async (long id, PipelineInput input, SavePipeline save, CancellationToken ct) =>
            (await save.Update(id, input, ct)).ToResult(Results.Ok));

        pipelines.MapPost("/{id:long}/stages", async (long id, StageInput input, SaveStage save, CancellationToken ct) =>
            (await save.Create(id, input, ct)).ToResult(s => Results.Created($"/api/v1/pipelines/{id}/stages/{s.Id}", s)));
        pipelines.MapPut("/{id:long}/stages/{stageId:long}", async (long id, long stageId, StageInput input, SaveStage save, OtdelDb db, Problems problems, CancellationToken ct) =>
            await db.Stages.AnyAsync(s => s.Id == stageId && s.PipelineId == id, ct)
                ? (await save.Update(stageId, input, ct)).ToResult(Results.Ok)
                : problems.NotFound().ToResult());
        pipelines.MapDelete("/{id:long}/stages/{stageId:long}", async (long id, long stageId, long? moveTo, SaveStage save, OtdelDb db, Problems problems, CancellationToken ct) =>
            await db.Stages.AnyAsync(s => s.Id == stageId && s.PipelineId == id, ct)
                ? (await save.Delete(stageId, moveTo, ct)).ToResult(moved => Results.Ok(new { deleted = stageId, movedDeals = moved }))
                : problems.NotFound().ToResult());

        pipelines.MapPost("/{id:long}/fields", async (long id, PipelineFieldInput input, SavePipelineField save, CancellationToken ct) =>
            (await save.Create(id, input, ct)).ToResult(f => Results.Created($"/api/v1/pipelines/{id}/fields/{f.Id}", f)));
        pipelines.MapPut("/{id:long}/fields/{fieldId:long}", async (long id, long fieldId, PipelineFieldInput input, SavePipelineField save, OtdelDb db, Problems problems, CancellationToken ct) =>
            await db.PipelineFields.AnyAsync(f => f.Id == fieldId && f.PipelineId == id, ct)
                ? (await save.Update(fieldId, input, ct)).ToResult(Results.Ok)
                : problems.NotFound().ToResult());
        pipelines.MapDelete("/{id:long}/fields/{fieldId:long}", async (long id, long fieldId, SavePipelineField save, OtdelDb db, Problems problems, CancellationToken ct) =>
            await db.PipelineFields.AnyAsync(f => f.Id == fieldId && f.PipelineId == id, ct)
                ? (await save.Delete(fieldId, ct)).ToResult(_ => Results.NoContent())
                : problems.NotFound().ToResult());

        var reasons = api.MapGroup("/loss-reasons").WithTags("Pipelines");
        reasons.MapGet("/", async Task<IResult> (long? pipelineId, bool? archived, OtdelDb db, Access access, References refs, Errors errors, CancellationToken ct) =>
        {
            if (pipelineId is { } pid && await refs.PipelineAsync(pid, "pipelineId", ct) is null) return errors.ToFailure().ToResult();
            var q = db.LossReasons.VisibleTo(access).AsNoTracking();
            if (pipelineId is not null) q = q.Where(r => r.PipelineId == pipelineId);
            if (archived != true) q = q.Where(r => !r.IsArchived);
            var list = await q.OrderBy(r => r.PipelineId).ThenBy(r => r.Order).ThenBy(r => r.Id).ToListAsync(ct);
            return Results.Ok(list.Select(LossReasonView.Of).ToList());
        }).Produces<List<LossReasonView>>();
        reasons.MapPost("/", async (LossReasonInput input, SaveLossReason save, CancellationToken ct) =>
            (await save.Create(input, ct)).ToResult(r => Results.Created($"/api/v1/loss-reasons/{r.Id}", r)));
        reasons.MapPut("/{id:long}", async (long id, LossReasonInput input, SaveLossReason save, CancellationToken ct) =>
            (await save.Update(id, input, ct)).ToResult(Results.Ok));
        reasons.MapDelete("/{id:long}", async (long id, SaveLossReason save, CancellationToken ct) =>
            (await save.Archive(id, null, ct)).ToResult(Results.Ok));
    }
}
