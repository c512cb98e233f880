using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Platform;

namespace Otdel.Features.Organisation;

/// <summary>/api/v1 departments, teams, users and deputies.</summary>
public static class OrganisationApi
{
    public static void MapOrganisationApi(this RouteGroupBuilder api)
    {
        api.MapGet("/departments", async (OtdelDb db, Access access, CancellationToken ct) =>
            await db.Departments.VisibleTo(access).AsNoTracking().OrderBy(d => d.Name).Select(d => new DepartmentView(d.Id, d.Name, d.HeadId, d.Version)).ToListAsync(ct))
            .WithTags("Organisation");
        api.MapPost("/departments", async (DepartmentInput input, SaveDepartment save, CancellationToken ct) =>
            (await save.Create(input, ct)).ToResult(d => Results.Created($"/api/v1/departments/{d.Id}", d))).WithTags("Organisation");
        api.MapPut("/departments/{id:long}", async (long id, DepartmentInput input, SaveDepartment save, CancellationToken ct) =>
            (await save.Update(id, input, ct)).ToResult(Results.Ok)).WithTags("Organisation");

        api.MapGet("/teams", async (long? departmentId, OtdelDb db, Access access, References refs, Errors errors, CancellationToken ct) =>
        {
            if (departmentId is { } did && await refs.DepartmentAsync(did, "departmentId", ct) is null) return errors.ToFailure().ToResult();
            return Results.Ok(await db.Teams.VisibleTo(access).AsNoTracking().Where(t => departmentId == null || t.DepartmentId == departmentId)
                .OrderBy(t => t.Name).Select(t => new TeamView(t.Id, t.Name, t.DepartmentId, t.LeadId, t.Version)).ToListAsync(ct));
        }).Produces<List<TeamView>>().WithTags("Organisation");
        api.MapPost("/teams", async (TeamInput input, SaveTeam save, CancellationToken ct) =>
            (await save.Create(input, ct)).ToResult(t => Results.Created($"/api/v1/teams/{t.Id}", t))).WithTags("Organisation");
        api.MapPut("/teams/{id:long}", async (long id, TeamInput input, SaveTeam save, CancellationToken ct) =>
            (await save.Update(id, input, ct)).ToResult(Results.Ok)).WithTags("Organisation");

        var users = api.MapGroup("/users").WithTags("Organisation");
        users.MapGet("/", async (long? teamId, long? departmentId, string? position, OtdelDb db, Access access, References refs, Errors errors, Problems problems, CancellationToken ct) =>
        {
            if (teamId is { } tid) await refs.TeamAsync(tid, "teamId", ct);
            if (departmentId is { } did) await refs.DepartmentAsync(did, "departmentId", ct);
            if (errors.Any) return errors.ToFailure().ToResult();
            var q = db.Users.VisibleTo(access).AsNoTracking();
            if (teamId is not null) q = q.Where(u => u.TeamId == teamId);
            if (departmentId is not null) q = q.Where(u => u.DepartmentId == departmentId);
            if (position is not null)
            {
                if (!Positions.TryParse(position, out var p)) return problems.Bad("position", "Error.Position").ToResult();
                q = q.Where(u => u.Position == p);
            }
            var list = await q.OrderBy(u => u.FullName).ToListAsync(ct);
            return Results.Ok(list.Select(UserView.Of).ToList());
        }).Produces<List<UserView>>();
        users.MapGet("/me", (Access access) => UserView.Of(access.User!));
        users.MapGet("/{id:long}", async Task<Results<Ok<UserView>, ProblemHttpResult>> (long id, OtdelDb db, Access access, Problems problems, CancellationToken ct) =>
            await db.Users.VisibleTo(access).AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, ct) is { } u
                ? TypedResults.Ok(UserView.Of(u))
                : (ProblemHttpResult)problems.NotFound().ToResult());
        users.MapPost("/", async (UserInput input, SaveUser save, CancellationToken ct) =>
            (await save.Create(input, ct)).ToResult(u => Results.Created($"/api/v1/users/{u.Id}", u)));
        users.MapPut("/{id:long}", async (long id, UserInput input, SaveUser save, CancellationToken ct) =>
            (await save.Update(id, input, SaveUser.AllFields.Union(input.Sent).ToHashSet(StringComparer.OrdinalIgnoreCase), ct)).ToResult(Results.Ok));
        users.MapPatch("/{id:long}", async (long id, UserInput input, SaveUser save, CancellationToken ct) =>
            (await save.Update(id, input, input.Sent, ct)).ToResult(Results.Ok));

        api.MapGet("/deputies", async (long? principalId, OtdelDb db, Access access, References refs, Errors errors, CancellationToken ct) =>
        {
            if (principalId is { } pid && await refs.PersonAsync(pid, "principalId", ct) is null) return errors.ToFailure().ToResult();
            return Results.Ok(await db.Deputies.VisibleTo(access).AsNoTracking().Where(d => principalId == null || d.PrincipalId == principalId)
                .OrderBy(d => d.From).Select(d => new DeputyView(d.Id, d.PrincipalId, d.DeputyId, d.From, d.To, d.Reason)).ToListAsync(ct));
        }).Produces<List<DeputyView>>().WithTags("Organisation");
        api.MapPost("/deputies", async (DeputyInput input, SaveDeputy save, CancellationToken ct) =>
            (await save.Create(input, ct)).ToResult(d => Results.Created($"/api/v1/deputies/{d.Id}", d))).WithTags("Organisation");
        api.MapDelete("/deputies/{id:long}", async (long id, SaveDeputy save, CancellationToken ct) =>
            (await save.Delete(id, ct)).ToResult(_ => Results.NoContent())).WithTags("Organisation");
    }
}
