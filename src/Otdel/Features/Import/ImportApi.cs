using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Platform;

namespace Otdel.Features.Import;

/// <param name="Created">What the run created on the way, as a JSON object of counts by kind (people, clients, teams…).</param>
/// <param name="Updated">Records the run updated by their external ids (also counted in Imported).</param>
public sealed record ImportRunView(long Id, string Target, string FileName, string? FileSha256, long? ById, DateTime StartedAt, DateTime FinishedAt,
    bool DryRun, int Rows, int Imported, int Rejected, string Created, bool HasRejectedCsv, string State, int Updated = 0);

public sealed record ImportProfileInput(string? Name, string? Target, string? Mapping);

public sealed record ImportProfileView(long Id, string Name, string Target, string Mapping, int Version);

/// <summary>
/// /api/v1/import/{deals|leads|people|clients|contacts}: run an import of a CSV or Excel file (multipart: file, mapping,
/// profileId, dryRun, allOrNothing; background=true answers 202 with the run at once and imports in the background), preview
/// a file with a guessed mapping, the history of imports, a run as it goes, its refused rows, and saved mappings (profiles).
/// </summary>
public static class ImportApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var g = api.MapGroup("/import").WithTags("Import");

        // One route per target (POST /api/v1/import/deals, …/leads, …): what a file brings is part of the address.
        foreach (var target in Enum.GetValues<ImportTarget>())
        {
            var code = target.Code();
            g.MapPost("/" + code, async (IFormFile? file, [FromForm] string? mapping, [FromForm] long? profileId, [FromForm] bool? dryRun,
                    [FromForm] bool? allOrNothing, [FromForm] bool? background, RunImport run, CancellationToken ct) =>
                background == true
                    ? (await run.StartAsync(code, file, mapping, profileId, dryRun ?? false, allOrNothing ?? false, ct))
                        .ToResult(r => Results.Accepted($"/api/v1/import/runs/{r.Id}", r))
                    : (await run.RunAsync(code, file, mapping, profileId, dryRun ?? false, allOrNothing ?? false, ct)).ToResult(Results.Ok))
                .DisableAntiforgery() // token clients need none; cookie clients are checked by the API's own anti-forgery middleware
                .WithMetadata(new RequestSizeLimitAttribute(RunImport.MaxBytes))
                .Produces<ImportResultView>()
                .Produces<ImportRunStatus>(202);

            g.MapPost("/" + code + "/preview", async (IFormFile? file, [FromForm] string? mapping, RunImport run, CancellationToken ct) =>
                (await run.PreviewAsync(code, file, mapping, ct)).ToResult(Results.Ok))
                .DisableAntiforgery()
                .WithMetadata(new RequestSizeLimitAttribute(RunImport.MaxBytes))
                .Produces<ImportPreview>();
        }

        g.MapGet("/runs", async (OtdelDb db, Access access, RunImport run, LiveImports live, Problems problems, CancellationToken ct) =>
        {
            if (!run.Allowed) return problems.Forbidden().ToResult();
            var runs = await Runs(db, access).OrderByDescending(r => r.Id).Take(100).ToListAsync(ct);
            return Results.Ok(runs.Select(r => ViewOf(r, live, db.UtcNow)).ToList());
        }).Produces<List<ImportRunView>>();

        g.MapGet("/runs/{id:long}", async (long id, RunImport run, CancellationToken ct) => (await run.StatusAsync(id, ct)).ToResult(Results.Ok))
            .Produces<ImportRunStatus>();

        g.MapGet("/runs/{id:long}/rejected.csv", async (long id, OtdelDb db, Access access, RunImport run, Problems problems, CancellationToken ct) =>
        {
            if (!run.Allowed) return problems.Forbidden().ToResult();
            var csv = await Runs(db, access).Where(r => r.Id == id).Select(r => r.RejectedCsv).FirstOrDefaultAsync(ct);
            return csv is null ? problems.NotFound().ToResult()
                : Results.File(System.Text.Encoding.UTF8.GetBytes(csv), "text/csv; charset=utf-8", $"import-{id}-rejected.csv");
        });

        g.MapGet("/profiles", async (OtdelDb db, Access access, RunImport run, Problems problems, CancellationToken ct) =>
        {
            if (!run.Allowed) return problems.Forbidden().ToResult();
            var list = await Profiles(db, access).OrderBy(p => p.Target).ThenBy(p => p.Name).ToListAsync(ct);
            return Results.Ok(list.Select(p => new ImportProfileView(p.Id, p.Name, p.Target, p.Mapping, p.Version)).ToList());
        }).Produces<List<ImportProfileView>>();

        g.MapPost("/profiles", async (ImportProfileInput input, SaveImportProfile save, CancellationToken ct) =>
            (await save.RunAsync(input, ct)).ToResult(p => Results.Created($"/api/v1/import/profiles/{p.Id}", p))).Produces<ImportProfileView>(201);

        g.MapDelete("/profiles/{id:long}", async (long id, OtdelDb db, Access access, RunImport run, Problems problems, CancellationToken ct) =>
        {
            if (!run.Allowed) return problems.Forbidden().ToResult();
            return await Profiles(db, access).Where(p => p.Id == id).ExecuteDeleteAsync(ct) == 0 ? problems.NotFound().ToResult() : Results.NoContent();
        }).Produces(204);
    }

    /// <summary>Imports made by the caller or by someone they see; an administrator sees the command line's too.</summary>
    public static IQueryable<ImportRun> Runs(OtdelDb db, Access access)
    {
        var q = db.ImportRuns.AsNoTracking();
        if (access.VisibleUserIds is { } ids) q = q.Where(r => r.ById != null && ids.Contains(r.ById.Value));
        return q;
    }

    /// <summary>A department's saved mappings; an administrator's (no department) are everyone's, and they see all.</summary>
    public static IQueryable<ImportProfile> Profiles(OtdelDb db, Access access)
    {
        var q = db.ImportProfiles.AsNoTracking();
        if (access.Scope == Scope.All) return q;
        var dep = access.User?.DepartmentId;
        return q.Where(p => p.DepartmentId == null || p.DepartmentId == dep);
    }

    public static ImportRunView ViewOf(ImportRun r, LiveImports live, DateTime now)
    {
        // The run keeps its tally in one object; what was updated is its own figure here, as in the run's status.
        var (created, updated) = ImportTally.Split(System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, int>>(r.Created) ?? []);
        return new(r.Id, r.Target, r.FileName, r.FileSha256, r.ById, r.StartedAt, r.FinishedAt, r.DryRun, r.Rows, r.Imported, r.Rejected,
            System.Text.Json.JsonSerializer.Serialize(created), r.RejectedCsv is not null, ImportRunState.Read(r, live, now).State, updated);
    }
}

/// <summary>Saves a mapping under a name for its target in the caller's department; the same name again replaces it.</summary>
public sealed class SaveImportProfile(OtdelDb db, Access access, RunImport run, Problems problems, Errors errors)
{
    public async Task<Outcome<ImportProfileView>> RunAsync(ImportProfileInput input, CancellationToken ct)
    {
        if (!run.Allowed) return problems.Forbidden();
        var name = input.Name?.Trim();
        errors.Required("name", name).MaxLength("name", name, 200);
        if (!ImportFields.TryParse(input.Target, out var target)) errors.Add("target", "Import.Api.BadTarget");
        ImportMapping? mapping = null;
        try
        {
            if (string.IsNullOrWhiteSpace(input.Mapping)) errors.Add("mapping", "Error.Required");
            else mapping = ImportMapping.Parse(input.Mapping);
        }
        catch (ImportProblem p)
        {
            errors.Add("mapping", p.Key, p.Args);
        }
        if (mapping is not null && !errors.Any)
        {
            try
            {
                mapping.Check(target, [.. mapping.Columns.Keys], complete: false);
            }
            catch (ImportProblem p)
            {
                errors.Add("mapping", p.Key, p.Args);
            }
        }
        if (errors.Any) return errors.ToFailure();
        var json = mapping!.ToJson();
        if (json.Length > 20000) return problems.Bad("mapping", "Import.Api.MappingTooLong");
        var code = target.Code();
        var dep = access.Scope == Scope.All ? null : access.User?.DepartmentId;
        var profile = await db.ImportProfiles.FirstOrDefaultAsync(p => p.DepartmentId == dep && p.Target == code && p.Name == name, ct);
        if (profile is null)
            db.ImportProfiles.Add(profile = new ImportProfile { Name = name!, Target = code, Mapping = json, CreatedAt = db.UtcNow, DepartmentId = dep });
        else profile.Mapping = json;
        await db.SaveChangesAsync(ct);
        return new ImportProfileView(profile.Id, profile.Name, profile.Target, profile.Mapping, profile.Version);
    }
}
