using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Features;
using Otdel.Features.Audit;
using Otdel.Features.Organisation;
using Otdel.Features.Account;
using Otdel.Platform;
using Otdel.Resources;
using Microsoft.Extensions.Localization;

namespace Otdel.Features.Organisation.Pages;

/// <summary>
/// A person's page: details, the edit form (with the version read, so a stale save is refused), deactivation,
/// deputies and the audit history. Every change goes through <see cref="SaveUser"/> and <see cref="SaveDeputy"/>.
/// </summary>
public sealed class PersonModel(OtdelDb db, Access access, SaveUser saveUser, SaveDeputy saveDeputy, IStringLocalizer<Text> t,
    LocalTime local) : PageModel
{
    public User Person { get; private set; } = null!;
    public Structure S { get; private set; } = null!;
    [BindProperty] public PersonForm Input { get; set; } = new();
    [BindProperty] public DeputyForm NewDeputy { get; set; } = new();
    public FormState Form { get; } = new();
    public FormState DeputyState { get; } = new();
    /// <summary>What is saved now, after a refused stale save: shown beside the fields that differ.</summary>
    public UserView? Current { get; private set; }
    public List<Deputy> Deputies { get; private set; } = [];
    public List<AuditView> History { get; private set; } = [];
    public bool ShowsHistory { get; private set; }
    public DateOnly Today { get; private set; }

    public bool IsSelf => Person.Id == access.User?.Id;
    /// <summary>Heads manage the people below them; nobody but an administrator changes their own place or role.</summary>
    public bool CanManage => access.CanManagePeople && access.CanSee(Person.Id) && (!IsSelf || access.Scope == Scope.All);
    public bool CanEdit => CanManage || IsSelf;
    public bool CanEditDeputies => access.CanManagePeople || IsSelf;
    public bool ChoosesDepartment => access.Scope == Scope.All;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        Input = PersonForm.Of(Person);
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(long id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        var present = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "fullName", "password", "timeZone" };
        if (CanManage)
        {
            present.UnionWith(["email", "position", "teamId", "managerId", "segment"]);
            if (ChoosesDepartment) present.Add("departmentId");
        }
        else if (IsSelf) present.Add("currentPassword");
        var outcome = await saveUser.Update(id, Input.ToInput(Input.DepartmentId), present, ct);
        if (outcome.Ok && IsSelf)
        {
            // Changing one's own password ends one's other sign-ins; this one carries on with the new stamp.
            var me = await db.Users.AsNoTracking().FirstAsync(u => u.Id == id, ct);
            await Sessions.SignInAsync(HttpContext, me);
        }
        if (outcome.Ok) return await AfterSave(id, ct);
        Form.Fail(outcome.Failure!);
        if (outcome.Failure!.Extensions?.TryGetValue("current", out var current) == true && current is UserView now)
        {
            // Keep what was typed, and take the current version: the next save is a deliberate overwrite.
            Current = now;
            Input.Version = now.Version;
        }
        Input.Password = null;
        Input.CurrentPassword = null;
        Response.RefusedWith(Request, outcome.Failure);
        await LoadAsync(id, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostActiveAsync(long id, bool active, int version, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        var outcome = await saveUser.Update(id, new UserInput { IsActive = active, Version = version }, new HashSet<string> { "isActive" }, ct);
        if (outcome.Ok) return await AfterSave(id, ct);
        Form.Fail(outcome.Failure!);
        Response.RefusedWith(Request, outcome.Failure!);
        await LoadAsync(id, ct);
        Input = PersonForm.Of(Person);
        return Page();
    }

    public async Task<IActionResult> OnPostAddDeputyAsync(long id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        var outcome = await saveDeputy.Create(new DeputyInput(id, NewDeputy.DeputyId, ParseDate(NewDeputy.From), ParseDate(NewDeputy.To), NewDeputy.Reason), ct);
        if (outcome.Ok) return await AfterSave(id, ct, "#deputies");
        DeputyState.Fail(outcome.Failure!);
        Response.RefusedWith(Request, outcome.Failure!);
        Input = PersonForm.Of(Person);
        return Page();
    }

    public async Task<IActionResult> OnPostRemoveDeputyAsync(long id, long deputyId, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        var outcome = await saveDeputy.Delete(deputyId, ct);
        if (outcome.Ok) return await AfterSave(id, ct, "#deputies");
        DeputyState.Fail(outcome.Failure!);
        Response.RefusedWith(Request, outcome.Failure!);
        Input = PersonForm.Of(Person);
        return Page();
    }

    /// <summary>htmx gets the refreshed page to swap in place; a plain post is redirected (post/redirect/get).</summary>
    async Task<IActionResult> AfterSave(long id, CancellationToken ct, string anchor = "")
    {
        if (!Request.IsHtmx()) return Redirect($"/team/users/{id}{anchor}");
        await LoadAsync(id, ct);
        Input = PersonForm.Of(Person);
        NewDeputy = new DeputyForm { From = Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) };
        Form.Saved = true;
        return Page();
    }

    static DateOnly? ParseDate(string? s) =>
        DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    /// <summary>Reads the person, the visible structure, their deputies and (for those entitled) their history.</summary>
    async Task<bool> LoadAsync(long id, CancellationToken ct)
    {
        S = await Structure.LoadAsync(db, access, ct);
        var person = await db.Users.VisibleTo(access).AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, ct);
        if (person is null) return false;
        Person = person;
        Today = DateOnly.FromDateTime(db.UtcNow);
        Deputies = await db.Deputies.VisibleTo(access).AsNoTracking().Where(d => d.PrincipalId == id || d.DeputyId == id)
            .OrderByDescending(d => d.To >= Today).ThenBy(d => d.From).ToListAsync(ct);
        ShowsHistory = true; // whoever reads the person reads their history (Visibility.CanReadHistoryAsync)
        History = ShowsHistory ? await AuditApi.HistoryAsync(db, "user", id, 100, ct) : [];
        var missing = Deputies.SelectMany(d => new[] { d.PrincipalId, d.DeputyId }).Where(x => S.Person(x) is null).Distinct().ToList();
        if (missing.Count > 0)
            ExtraNames = await db.Users.VisibleTo(access).AsNoTracking().Where(u => missing.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.FullName, ct);
        NewDeputy.From ??= Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return true;
    }

    Dictionary<long, string> ExtraNames { get; set; } = [];

    /// <summary>Audit times are UTC; the reader sees them in their own zone (their profile's, or the department's).</summary>
    public string When(DateTime utc) => local.Show(utc);

    public string Date(DateOnly d) => d.ToString("d", CultureInfo.CurrentCulture);

    public string FieldName(string? field) => field is null ? "" : t["Team.Field." + field] is { ResourceNotFound: false } n ? n : field;

    public string Channel(string channel) => t["Team.Channel." + channel] is { ResourceNotFound: false } n ? n : channel;

    /// <summary>An audit value as a person reads it: names instead of ids, positions and yes/no in their language.</summary>
    public string Value(string? field, string? value)
    {
        if (value is null) return t["Common.None"];
        return field switch
        {
            "position" => t["Position." + value],
            "managerId" when long.TryParse(value, out var id) => NameOf(id),
            "teamId" when long.TryParse(value, out var id) => S.Teams.FirstOrDefault(x => x.Id == id)?.Name ?? "#" + value,
            "departmentId" when long.TryParse(value, out var id) => S.Departments.FirstOrDefault(x => x.Id == id)?.Name ?? "#" + value,
            "isActive" => value == "true" ? t["Common.Yes"] : t["Common.No"],
            "passwordHash" => t["Team.PasswordChanged"],
            "language" => value == "en" ? "English" : "Русский",
            _ => value,
        };
    }

    public string NameOf(long id) => S.NameOf(id) ?? (ExtraNames.TryGetValue(id, out var n) ? n : "#" + id);
}

public sealed class DeputyForm
{
    public long? DeputyId { get; set; }
    public string? From { get; set; }
    public string? To { get; set; }
    public string? Reason { get; set; }
}
