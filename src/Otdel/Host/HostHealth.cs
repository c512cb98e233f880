using Otdel.Data;

namespace Otdel;

/// <summary>/healthz: one round trip to the database, for load balancers and the benchmark's floor comparison.</summary>
static class HostHealth
{
    public static void MapHostHealth(this WebApplication app) =>
        app.MapGet("/healthz", async (OtdelDb db, CancellationToken ct) =>
        {
            var ok = await db.Database.CanConnectAsync(ct);
            return ok ? Results.Ok(new { status = "healthy", database = db.IsSqlite ? "sqlite" : "postgres" })
                      : Results.Json(new { status = "unhealthy" }, statusCode: 503);
        }).AllowAnonymous().ExcludeFromDescription();
}
