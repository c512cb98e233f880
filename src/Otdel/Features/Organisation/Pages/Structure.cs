using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Features;
using Otdel.Features.Organisation;
using Otdel.Platform;
using TeamEntity = Otdel.Features.Organisation.Team;

namespace Otdel.Features.Organisation.Pages;

public sealed record PersonRow(long Id, string FullName, string Email, Position Position, long? DepartmentId, long? TeamId, long? ManagerId, bool IsActive);

/// <summary>
/// The part of the organisation a person may look at: their own department, or every department for those who
/// see everything. Read once per page; the tree, the reporting lines and the pickers are built from it.
/// </summary>
public sealed class Structure
{
    public static readonly StringComparer Names = StringComparer.Create(new CultureInfo("ru-RU"), CompareOptions.IgnoreCase);

    public List<Department> Departments { get; private init; } = [];
    public List<TeamEntity> Teams { get; private init; } = [];
    public List<PersonRow> People { get; private init; } = [];
    /// <summary>Deputyships running today.</summary>
    public List<Deputy> ActiveDeputies { get; private init; } = [];
    Dictionary<long, PersonRow> byId = [];

    public static async Task<Structure> LoadAsync(OtdelDb db, Access access, CancellationToken ct = default)
    {
        var deps = await db.Departments.VisibleTo(access).AsNoTracking().ToListAsync(ct);
        var teams = await db.Teams.VisibleTo(access).AsNoTracking().ToListAsync(ct);
        var people = await db.Users.VisibleTo(access).AsNoTracking()
            .Select(u => new PersonRow(u.Id, u.FullName, u.Email, u.Position, u.DepartmentId, u.TeamId, u.ManagerId, u.IsActive))
            .ToListAsync(ct);
        var today = DateOnly.FromDateTime(db.UtcNow);
        var ids = people.Select(p => p.Id).ToList();
        var deputies = await db.Deputies.AsNoTracking()
            .Where(d => d.From <= today && d.To >= today && ids.Contains(d.PrincipalId)).ToListAsync(ct);
        return new Structure
        {
            Departments = deps.OrderBy(d => d.Name, Names).ToList(),
            Teams = teams.OrderBy(t => t.Name, Names).ToList(),
            People = people.OrderBy(p => p.FullName, Names).ToList(),
            ActiveDeputies = deputies,
            byId = people.ToDictionary(p => p.Id),
        };
    }

    public PersonRow? Person(long? id) => id is { } i && byId.TryGetValue(i, out var p) ? p : null;

    public string? NameOf(long? id) => Person(id)?.FullName;

    /// <summary>The department's head as recorded, or else its head of sales who is in no team.</summary>
    public PersonRow? HeadOf(Department d) => Person(d.HeadId)
        ?? People.FirstOrDefault(p => p.DepartmentId == d.Id && p.IsActive && p.Position == Position.HeadOfSales && p.TeamId is null);

    public IEnumerable<TeamEntity> TeamsOf(long departmentId) => Teams.Where(t => t.DepartmentId == departmentId);

    /// <summary>A team's people, its lead first.</summary>
    public IEnumerable<PersonRow> Members(TeamEntity team) =>
        People.Where(p => p.TeamId == team.Id).OrderByDescending(p => p.Id == team.LeadId).ThenByDescending(p => p.IsActive);

    /// <summary>People of a department who are in no team (the head, a coordinator…), active first.</summary>
    /// <summary>The head is shown at the top of the department, not again among those without a team.</summary>
    public IEnumerable<PersonRow> WithoutTeam(long departmentId)
    {
        var head = Departments.FirstOrDefault(d => d.Id == departmentId) is { } dep ? HeadOf(dep)?.Id : null;
        return People.Where(p => p.DepartmentId == departmentId && p.Id != head && (p.TeamId is null || Teams.All(t => t.Id != p.TeamId)))
            .OrderByDescending(p => p.IsActive);
    }

    public IEnumerable<PersonRow> WithoutDepartment() => People.Where(p => p.DepartmentId is null);

    public IEnumerable<PersonRow> Reports(long bossId) => People.Where(p => p.ManagerId == bossId);

    /// <summary>The tops of the reporting lines: people whose boss is nobody or is outside what is shown.</summary>
    public IEnumerable<PersonRow> Tops() => People.Where(p => Person(p.ManagerId) is null)
        .OrderBy(p => p.Position.SeesEverything() ? 0 : p.Position.RunsDepartment() ? 1 : 2).ThenBy(p => p.FullName, Names);

    /// <summary>Whom this person acts for today ("замещает …").</summary>
    public IEnumerable<PersonRow> ActsFor(long deputyId) =>
        ActiveDeputies.Where(d => d.DeputyId == deputyId).Select(d => Person(d.PrincipalId)).OfType<PersonRow>();

    public bool LeadsTeam(long personId) => Teams.Any(t => t.LeadId == personId);

    public string TeamName(long? teamId) => Teams.FirstOrDefault(t => t.Id == teamId)?.Name ?? "";
}

/// <summary>What the shared person fields need: the form, the pickers, and whether structure fields are editable.</summary>
public sealed record PersonFieldsModel(PersonForm Input, FormState Form, Structure S, bool ChoosesDepartment, bool Creating, bool EditsStructure = true, long? SelfId = null, bool AsksCurrentPassword = false);
