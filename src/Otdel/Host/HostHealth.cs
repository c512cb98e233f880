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
        }).AllowAnonymous().ExcludeFromDescription()
            // Answered straight after routing: a load balancer's probe needs no sign-in, session or anti-forgery work
            // (with them it cost several times the floor's ping — issue 13).
            .ShortCircuit();
}
