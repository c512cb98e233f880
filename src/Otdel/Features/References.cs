using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Features.Clients;
using Otdel.Features.Deals;
using Otdel.Features.Organisation;
using Otdel.Features.Pipelines;
using Otdel.Platform;

namespace Otdel.Features;

/// <summary>
/// Resolves the ids a write refers to through <see cref="Visibility"/>: a reference the caller cannot see is refused
/// with "no such …" on the field that named it — the same answer as for an id that does not exist, so nothing leaks.
/// </summary>
public sealed class References(OtdelDb db, Access access, Errors errors)
{
    public async Task<Client?> ClientAsync(long id, string field, CancellationToken ct) =>
        Found(await db.Clients.VisibleTo(access).FirstOrDefaultAsync(c => c.Id == id, ct), field, "Deals.NoSuchClient");

    /// <summary>A deal the caller sees (one they may change: tasks and other records are set on it).</summary>
    public async Task<Deal?> DealAsync(long id, string field, CancellationToken ct) =>
        Found(await db.Deals.VisibleTo(access).AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, ct), field, "Error.NoSuchDeal");

    /// <summary>An active person whose records the caller manages (an owner, a manager, a handoff target).</summary>
    public async Task<User?> OwnerAsync(long id, string field, CancellationToken ct) =>
        Found(access.CanSee(id) ? await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id && u.IsActive, ct) : null, field, "Error.NoSuchUser");

    /// <summary>A person the caller sees in the directory (a deputy, a field of kind "user").</summary>
    public async Task<User?> PersonAsync(long id, string field, CancellationToken ct) =>
        Found(await db.Users.VisibleTo(access).AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, ct), field, "Error.NoSuchUser");

    public async Task<Team?> TeamAsync(long id, string field, CancellationToken ct) =>
        Found(await db.Teams.VisibleTo(access).AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct), field, "Error.NoSuchTeam");

    public async Task<Department?> DepartmentAsync(long id, string field, CancellationToken ct) =>
        Found(await db.Departments.VisibleTo(access).AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, ct), field, "Error.NoSuchDepartment");

    public async Task<Pipeline?> PipelineAsync(long id, string field, CancellationToken ct) =>
        Found(await db.Pipelines.VisibleTo(access).AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct), field, "Deals.NoSuchPipeline");

    public async Task<Pipelines.Stage?> StageAsync(long id, string field, CancellationToken ct) =>
        Found(await db.Stages.VisibleTo(access).AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct), field, "Deals.StageOtherPipeline");

    /// <summary>Whether the caller sees a stage, for a filter: only its existence is asked, so none of its settings are read.</summary>
    public async Task<bool> SeesStageAsync(long id, string field, CancellationToken ct) =>
        Found(await db.Stages.VisibleTo(access).AnyAsync(s => s.Id == id, ct) ? this : null, field, "Deals.StageOtherPipeline") is not null;

    public async Task<Leads.Channel?> ChannelAsync(long id, string field, CancellationToken ct) =>
        Found(await db.Channels.VisibleTo(access).AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct), field, "Leads.NoSuchChannel");

    /// <summary>A lead the caller sees (activities and tasks are set on it).</summary>
    public async Task<Leads.Lead?> LeadAsync(long id, string field, CancellationToken ct) =>
        Found(await db.Leads.VisibleTo(access).FirstOrDefaultAsync(l => l.Id == id, ct), field, "Error.NoSuchLead");

    /// <summary>Someone whose records the caller sees (no query: the visible owners are known for the request).</summary>
    public bool Owner(long id, string field)
    {
        if (access.CanSee(id)) return true;
        errors.Add(field, "Error.NoSuchUser");
        return false;
    }

    T? Found<T>(T? value, string field, string key) where T : class
    {
        if (value is null) errors.Add(field, key);
        return value;
    }
}
