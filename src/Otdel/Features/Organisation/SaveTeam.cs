using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Platform;

namespace Otdel.Features.Organisation;

public sealed record TeamInput(string? Name, long? DepartmentId, long? LeadId, int? Version = null);
public sealed record TeamView(long Id, string Name, long DepartmentId, long? LeadId, int Version)
{
    public static TeamView Of(Team t) => new(t.Id, t.Name, t.DepartmentId, t.LeadId, t.Version);
}

/// <summary>Creates or renames a team, sets its department and lead.</summary>
public sealed class SaveTeam(OtdelDb db, Access access, Errors errors, Problems problems, References refs)
{
    public async Task<Outcome<TeamView>> Create(TeamInput input, CancellationToken ct = default)
    {
        if (!access.CanManagePeople) return problems.Forbidden();
        var team = new Team { Name = "", CreatedAt = db.UtcNow };
        return await Apply(team, input with { DepartmentId = input.DepartmentId ?? access.User?.DepartmentId }, true, ct);
    }

    public async Task<Outcome<TeamView>> Update(long id, TeamInput input, CancellationToken ct = default)
    {
        var team = await db.Teams.VisibleTo(access).FirstOrDefaultAsync(t => t.Id == id, ct);
        if (team is null) return problems.NotFound();
        if (!access.CanManagePeople) return problems.Forbidden();
        if (input.Version is { } v)
        {
            if (v != team.Version) return problems.Stale(TeamView.Of(team));
            db.Entry(team).Property(t => t.Version).OriginalValue = v;
        }
        return await Apply(team, input, false, ct);
    }

    async Task<Outcome<TeamView>> Apply(Team team, TeamInput input, bool creating, CancellationToken ct)
    {
        team.Name = input.Name?.Trim() ?? "";
        errors.Required("name", team.Name).MaxLength("name", team.Name, 200);
        if (input.DepartmentId is not { } depId) errors.Add("departmentId", "Error.Required");
        else if (await refs.DepartmentAsync(depId, "departmentId", ct) is not null) team.DepartmentId = depId;
        if (input.LeadId is { } leadId) await refs.PersonAsync(leadId, "leadId", ct);
        team.LeadId = input.LeadId;
        if (errors.Any) return errors.ToFailure();
        if (await db.Teams.AnyAsync(t => t.DepartmentId == team.DepartmentId && t.Name == team.Name && t.Id != team.Id, ct))
            return problems.Conflict("name", "Error.TeamTaken");
        if (creating) db.Teams.Add(team);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) { return problems.Stale(); }
        // The lead joins the team they lead, so the structure tree shows them in it.
        if (team.LeadId is { } lead && await db.Users.FirstOrDefaultAsync(u => u.Id == lead && u.TeamId == null, ct) is { } leader)
        {
            leader.TeamId = team.Id;
            leader.DepartmentId ??= team.DepartmentId;
            await db.SaveChangesAsync(ct);
        }
        return TeamView.Of(team);
    }
}
