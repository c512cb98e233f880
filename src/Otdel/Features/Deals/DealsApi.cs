using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Otdel.Data;
using Otdel.Platform;
using Otdel.Resources;

namespace Otdel.Features.Deals;

public sealed record DealPage(IReadOnlyList<DealView> Items, long? NextCursor);

public sealed record CloseInput(int? Version = null, string? OverrideReason = null);

public sealed record ApprovalInput(string? Comment = null);

/// <summary>
/// Who would take a deal over on entering a stage: the person, the rule (round_robin, least_loaded…), the sentence to show,
/// and whether the stage's conditions would refuse the move as the deal is now (then nothing is handed over yet).
/// </summary>
public sealed record HandoffPreview(long ToUserId, string ToName, string Rule, string Text, bool Blocked);

/// <summary>/api/v1/deals: create, list (keyset), read, change, move, win, lose, reopen, files, approvals, history.</summary>
public static class DealsApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var deals = api.MapGroup("/deals").WithTags("Deals");

        deals.MapPost("/", async (DealInput input, CreateDeal create, CancellationToken ct) =>
            (await create.Run(input, ct)).ToResult(d => Results.Created($"/api/v1/deals/{d.Id}", d)));

        deals.MapGet("/", async (long? pipelineId, long? stageId, long? ownerId, string? status, long? cursor, int? limit,
            OtdelDb db, Access access, References refs, Errors errors, Problems problems, CancellationToken ct) =>
        {
            // Filters naming what the caller cannot see are refused like references in a write.
            if (pipelineId is { } pid) await refs.PipelineAsync(pid, "pipelineId", ct);
            if (stageId is { } sid) await refs.SeesStageAsync(sid, "stageId", ct);
            if (ownerId is { } oid) refs.Owner(oid, "ownerId");
            if (errors.Any) return errors.ToFailure().ToResult();
            var q = db.Deals.VisibleTo(access).AsNoTracking();
            if (pipelineId is not null) q = q.Where(d => d.PipelineId == pipelineId);
            if (stageId is not null) q = q.Where(d => d.StageId == stageId);
            if (ownerId is not null) q = q.Where(d => d.OwnerId == ownerId);
            if (status is not null)
            {
                if (!Enum.TryParse<DealStatus>(status, true, out var st)) return problems.Bad("status", "Deals.Status").ToResult();
                q = q.Where(d => d.Status == st);
            }
            if (cursor is not null) q = q.Where(d => d.Id > cursor);
            var take = Math.Clamp(limit ?? 50, 1, 500);
            var rows = await q.OrderBy(d => d.Id).Take(take + 1).ToListAsync(ct);
            var now = db.UtcNow;
            var items = rows.Take(take).Select(d => DealView.Of(d, now)).ToList();
            return Results.Ok(new DealPage(items, rows.Count > take ? items[^1].Id : null));
        }).Produces<DealPage>();

        deals.MapGet("/{id:long}", async (long id, OtdelDb db, Access access, Problems problems, CancellationToken ct) =>
            await db.Deals.ReadableBy(access).AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, ct) is { } d
                ? Results.Ok(DealView.Of(d, db.UtcNow))
                : problems.NotFound().ToResult());

        deals.MapPatch("/{id:long}", async (long id, DealInput input, UpdateDeal update, CancellationToken ct) =>
            (await update.Run(id, input, input.Sent, ct)).ToResult(Results.Ok));

        deals.MapPost("/{id:long}/move", async (long id, MoveInput input, MoveDeal move, CancellationToken ct) =>
            (await move.Run(id, input, ct)).ToResult(Results.Ok));
        deals.MapPost("/{id:long}/win", async (long id, CloseInput? input, CloseDeal close, CancellationToken ct) =>
            (await close.Win(id, input?.Version, input?.OverrideReason, ct)).ToResult(Results.Ok));
        deals.MapPost("/{id:long}/lose", async (long id, LoseInput input, CloseDeal close, CancellationToken ct) =>
            (await close.Lose(id, input, ct)).ToResult(Results.Ok));
        deals.MapPost("/{id:long}/reopen", async (long id, CloseInput? input, CloseDeal close, CancellationToken ct) =>
            (await close.Reopen(id, input?.Version, ct)).ToResult(Results.Ok));

        deals.MapGet("/{id:long}/requirements", async (long id, OtdelDb db, Access access, Problems problems, IStringLocalizer<Text> t, CancellationToken ct) =>
        {
            var d = await db.Deals.ReadableBy(access).AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
            if (d is null) return problems.NotFound().ToResult();
            var stage = await db.Stages.AsNoTracking().FirstAsync(s => s.Id == d.StageId, ct);
            return Results.Ok(await DealRequirements.Check(db, d, stage.ExitConditions, t));
        });

        // Before a move: who would take the deal over in that stage and by which rule; 204 when its owner stays.
        deals.MapGet("/{id:long}/handoff", async (long id, long? stageId, OtdelDb db, Access access, Handoffs handoffs, Problems problems,
            IStringLocalizer<Text> t, CancellationToken ct) =>
        {
            var d = await db.Deals.VisibleTo(access).AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
            if (d is null) return problems.NotFound().ToResult();
            if (stageId is not { } sid) return problems.Bad("stageId", "Error.Required").ToResult();
            var stages = await db.StagesOfAsync(d.PipelineId, ct);
            var stage = stages.FirstOrDefault(s => s.Id == sid);
            if (stage is null) return problems.Bad("stageId", "Deals.StageOtherPipeline").ToResult();
            if (sid == d.StageId || d.Status == DealStatus.Lost || await handoffs.PreviewAsync(d, stage, ct) is not { } plan) return Results.NoContent();
            var name = await db.Users.Where(u => u.Id == plan.UserId).Select(u => u.FullName).FirstAsync(ct);
            var rule = SnakeCase.Of(plan.Rule.ToString());
            // A forward move the conditions would refuse hands nothing over yet: the client need not ask about it.
            var from = stages.First(s => s.Id == d.StageId);
            var crossed = stage.Order > from.Order && stage.Kind == from.Kind
                ? stages.Where(s => s.Order >= from.Order && s.Order < stage.Order && s.Kind == from.Kind)
                    .SelectMany(s => s.ExitConditions).Concat(stage.EntryConditions)
                : [];
            var blocked = (await DealRequirements.Check(db, d, crossed, t)).Count > 0;
            return Results.Ok(new HandoffPreview(plan.UserId, name, rule, t["DealPage.HandoffPreview", name, t["DealPage.Rule." + rule]], blocked));
        }).Produces<HandoffPreview>().Produces(StatusCodes.Status204NoContent);

        deals.MapGet("/{id:long}/history", async (long id, DealHistory history, CancellationToken ct) =>
            (await history.Run(id, ct)).ToResult(Results.Ok));

        deals.MapPost("/{id:long}/approvals", async (long id, ApprovalInput? input, ApproveDeal approve, CancellationToken ct) =>
            (await approve.Run(id, input?.Comment, ct)).ToResult(a => Results.Created($"/api/v1/deals/{id}/approvals/{a.Id}", a)));
        deals.MapGet("/{id:long}/approvals", async (long id, OtdelDb db, Access access, Problems problems, CancellationToken ct) =>
        {
            if (!await db.Deals.ReadableBy(access).AnyAsync(x => x.Id == id, ct)) return problems.NotFound().ToResult();
            var list = await db.Approvals.AsNoTracking().Where(a => a.DealId == id).OrderBy(a => a.Id).ToListAsync(ct);
            return Results.Ok(list.Select(ApprovalView.Of));
        });

        deals.MapPost("/{id:long}/attachments", async (long id, [FromForm] string? kind, IFormFile? file, DealFiles files, CancellationToken ct) =>
            (await files.AddAsync(id, kind, file, ct)).ToResult(a => Results.Created($"/api/v1/deals/{id}/attachments/{a.Id}", a)))
            .DisableAntiforgery() // token clients need none; cookie clients are checked by the API's own anti-forgery middleware
            .WithMetadata(new RequestSizeLimitAttribute(DealFiles.MaxBytes + 1024 * 1024));
        deals.MapGet("/{id:long}/attachments", async (long id, OtdelDb db, Access access, Problems problems, DealFiles files, CancellationToken ct) =>
        {
            if (!await db.Deals.ReadableBy(access).AnyAsync(x => x.Id == id, ct)) return problems.NotFound().ToResult();
            return Results.Ok(await files.ListAsync(id, ct));
        });
        deals.MapGet("/{id:long}/attachments/{attId:long}", async (long id, long attId, DealFiles files, CancellationToken ct) =>
            (await files.OpenAsync(id, attId, ct)).ToResult(f => Results.File(f.Path, f.Info.ContentType, f.Info.FileName)));
    }
}
