using Microsoft.EntityFrameworkCore;
using Otdel.Data;

namespace Otdel;

/// <summary>/healthz: one round trip to the database, for load balancers and the benchmark's floor comparison.</summary>
static class HostHealth
{
    public static void MapHostHealth(this WebApplication app) =>
        app.MapGet("/healthz", async (OtdelDb db, CancellationToken ct) =>
        {
            // One statement over a pooled connection, like the floor's ping: EF's CanConnect opens a fresh read-only
            // SQLite connection each time (about 1 ms of CPU per probe).
            bool ok;
            try
            {
                await db.Database.ExecuteSqlRawAsync("SELECT 1", ct);
                ok = true;
            }
            catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
            {
                ok = false;
            }
            return ok ? Results.Ok(new { status = "healthy", database = db.IsSqlite ? "sqlite" : "postgres" })
                      : Results.Json(new { status = "unhealthy" }, statusCode: 503);
        }).AllowAnonymous().ExcludeFromDescription()
            // Answered straight after routing: a load balancer's probe needs no sign-in, session or anti-forgery work
            // (with them it cost several times the floor's ping — issue 13).
            .ShortCircuit();
}
