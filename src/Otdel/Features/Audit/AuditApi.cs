using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Platform;

namespace Otdel.Features.Audit;

public sealed record AuditView(long Id, string Entity, long EntityId, string Action, string? Field, string? OldValue, string? NewValue,
    long? UserId, string? UserName, string Channel, DateTime At);

public static class AuditApi
{
    /// <summary>The history of one record, newest first; callers check <see cref="Visibility.CanReadHistoryAsync"/> first.</summary>
    public static async Task<List<AuditView>> HistoryAsync(OtdelDb db, string entity, long id, int limit = 200, CancellationToken ct = default) =>
        await db.Audit.AsNoTracking().Where(a => a.Entity == entity && a.EntityId == id).OrderByDescending(a => a.Id).Take(limit)
            .Select(a => new AuditView(a.Id, a.Entity, a.EntityId, a.Action, a.Field, a.OldValue, a.NewValue, a.UserId, a.UserName, a.Channel, a.At))
            .ToListAsync(ct);

    public static void MapAuditApi(this RouteGroupBuilder api) =>
        api.MapGet("/audit", async (string entity, long id, int? limit, OtdelDb db, Access access, Problems problems, CancellationToken ct) =>
        {
            if (!Visibility.HistoryKinds.Contains(entity)) return problems.Bad("entity", "Error.BadValue").ToResult();
            if (!await access.CanReadHistoryAsync(entity, id, ct)) return problems.NotFound().ToResult();
            return Results.Ok(await HistoryAsync(db, entity, id, Math.Clamp(limit ?? 200, 1, 1000), ct));
        }).WithTags("Audit");
}
