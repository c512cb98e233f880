using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Features.Pipelines;
using Otdel.Features.Organisation.Pages;
using Otdel.Platform;

namespace Otdel.Features.Pipelines.Pages;

/// <summary>
/// A stage's settings: the numbers the system checks (probability, working-hours limit, norm), who takes it over,
/// the seed table texts, the exit conditions as rows, and removal (moving its deals elsewhere). Saved by <see cref="SaveStage"/>.
/// </summary>
public sealed class StageModel(OtdelDb db, Access access, IStageOccupants occupants, FindPipelines find, SaveStage save) : PageModel
{
    public PipelineView P { get; private set; } = null!;
    public StageView S { get; private set; } = null!;
    public int DealCount { get; private set; }
    public bool CanEdit { get; private set; }
    public List<(long Id, string Name)> People { get; private set; } = [];
    public FormState Form { get; } = new();
    public FormState DeleteForm { get; } = new();
    public StageView? Current { get; private set; }
    [BindProperty] public StageForm Input { get; set; } = new();
    [BindProperty] public long? MoveTo { get; set; }

    public async Task<IActionResult> OnGetAsync(long id, long stageId, CancellationToken ct)
    {
        if (!await LoadAsync(id, stageId, ct)) return NotFound();
        Input = StageForm.Of(S);
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(long id, long stageId, CancellationToken ct)
    {
        if (!await LoadAsync(id, stageId, ct)) return NotFound();
        var outcome = await save.Update(stageId, Input.ToInput(), ct);
        if (outcome.Ok)
        {
            if (!Request.IsHtmx()) return Redirect($"/settings/pipelines/{id}/stages/{stageId}");
            await LoadAsync(id, stageId, ct);
            Input = StageForm.Of(S);
            Form.Saved = true;
            return Page();
        }
        Form.Fail(outcome.Failure!);
        if (Form.Stale)
        {
            // What was typed stays; the version read becomes the current one, so saving again is a deliberate overwrite.
            Current = S;
            Input.Version = S.Version;
        }
        Response.RefusedWith(Request, outcome.Failure!);
        return Page();
    }

    /// <summary>Adds an empty condition row: the form comes back with everything typed plus the new row.</summary>
    public async Task<IActionResult> OnPostAddRowAsync(long id, long stageId, CancellationToken ct)
    {
        if (!await LoadAsync(id, stageId, ct)) return NotFound();
        Input.Conditions.Add(new ConditionRow { Kind = "field" });
        return Page();
    }

    public async Task<IActionResult> OnPostRemoveRowAsync(long id, long stageId, int index, CancellationToken ct)
    {
        if (!await LoadAsync(id, stageId, ct)) return NotFound();
        if (index >= 0 && index < Input.Conditions.Count) Input.Conditions.RemoveAt(index);
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync(long id, long stageId, CancellationToken ct)
    {
        if (!await LoadAsync(id, stageId, ct)) return NotFound();
        var outcome = await save.Delete(stageId, MoveTo, ct);
        if (outcome.Ok) return this.Done($"/settings/pipelines/{id}");
        DeleteForm.Fail(outcome.Failure!);
        Response.RefusedWith(Request, outcome.Failure!);
        Input = StageForm.Of(S);
        return Page();
    }

    async Task<bool> LoadAsync(long id, long stageId, CancellationToken ct)
    {
        var p = await find.GetAsync(id, ct);
        var s = p?.Stages.FirstOrDefault(x => x.Id == stageId);
        if (p is null || s is null) return false;
        (P, S) = (p, s);
        DealCount = (await occupants.DealCountsAsync([stageId], ct)).GetValueOrDefault(stageId);
        CanEdit = PipelineAccess.CanEdit(access, new Pipeline { Name = p.Name, DepartmentId = p.DepartmentId });
        People = (await db.Users.VisibleTo(access).AsNoTracking().Where(u => u.IsActive && (p.DepartmentId == null || u.DepartmentId == p.DepartmentId))
            .Select(u => new { u.Id, u.FullName }).ToListAsync(ct))
            .OrderBy(u => u.FullName, Structure.Names).Select(u => (u.Id, u.FullName)).ToList();
        return true;
    }
}

/// <summary>The stage form as typed, re-rendered unchanged after a refusal.</summary>
public sealed class StageForm
{
    public string? Name { get; set; }
    public string? Group { get; set; }
    public string? Kind { get; set; }
    public int? Probability { get; set; }
    public int? TimeLimitHours { get; set; }
    public int? NormConversion { get; set; }
    public string? ResponsiblePosition { get; set; }
    public string? HandoffRule { get; set; }
    public long? HandoffUserId { get; set; }
    public string? EntryCriteria { get; set; }
    public string? ExitCriteria { get; set; }
    public string? Tasks { get; set; }
    public string? Actions { get; set; }
    public string? KeySuccessFactor { get; set; }
    public string? CrmRequirements { get; set; }
    public List<ConditionRow> Conditions { get; set; } = [];
    public int? Version { get; set; }

    public static StageForm Of(StageView s) => new()
    {
        Name = s.Name, Group = s.Group, Kind = s.Kind == StageKind.PostSale ? "post_sale" : "sales", Probability = s.Probability,
        TimeLimitHours = s.TimeLimitHours, NormConversion = s.NormConversion, ResponsiblePosition = s.ResponsiblePosition ?? "",
        HandoffRule = s.HandoffRule is { } r ? Otdel.Platform.SnakeCase.Of(r.ToString()) : "", HandoffUserId = s.HandoffUserId,
        EntryCriteria = s.EntryCriteria, ExitCriteria = s.ExitCriteria, Tasks = s.Tasks, Actions = s.Actions,
        KeySuccessFactor = s.KeySuccessFactor, CrmRequirements = s.CrmRequirements,
        Conditions = s.ExitConditions.Select(ConditionRow.Of).ToList(), Version = s.Version,
    };

    /// <summary>Every field is sent, so clearing one clears it; an empty limit means "no limit".</summary>
    public StageInput ToInput() => new()
    {
        Name = Name ?? "", Group = Group ?? "", Kind = Kind, Probability = Probability, TimeLimitHours = TimeLimitHours ?? 0,
        NormConversion = NormConversion, ResponsiblePosition = ResponsiblePosition ?? "", HandoffRule = HandoffRule ?? "",
        HandoffUserId = HandoffUserId ?? 0, EntryCriteria = EntryCriteria ?? "", ExitCriteria = ExitCriteria ?? "", Tasks = Tasks ?? "",
        Actions = Actions ?? "", KeySuccessFactor = KeySuccessFactor ?? "", CrmRequirements = CrmRequirements ?? "",
        ExitConditions = Conditions.Select(c => c.ToCondition()!).ToList(), // an unknown kind stays null: SaveStage names the row Version = Version,
    };
}

/// <summary>One exit condition row: its kind decides which of the other inputs matter.</summary>
public sealed class ConditionRow
{
    public string? Kind { get; set; }
    public string? Field { get; set; }
    public string? Value { get; set; }
    public string? DocumentKind { get; set; }
    public string? Position { get; set; }
    public string? Min { get; set; }
    public string? Label { get; set; }

    public static ConditionRow Of(Condition c) => new()
    {
        Kind = Condition.Code(c.Kind), Field = c.Field, Value = c.Value, DocumentKind = c.DocumentKind, Position = c.Position,
        Min = c.Min?.ToString(CultureInfo.InvariantCulture), Label = c.Label,
    };

    /// <summary>The condition as typed; null for a kind the form does not know (refused by the field as an empty item).</summary>
    public Condition? ToCondition() => !Condition.TryParse(Kind, out var kind) ? null : new()
    {
        Kind = kind,
        Field = Kind == "field" ? Blank(Field) : null,
        Value = Kind == "field" ? Blank(Value) : null,
        DocumentKind = Kind == "document" ? Blank(DocumentKind) : null,
        Position = Kind == "approval" ? Blank(Position) : null,
        Min = Kind is "score" or "amount" ? ParseMin(Min) : null,
        Label = Blank(Label),
    };

    static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    /// <summary>Accepts what people type: "1 000 000,50" as well as "1000000.50".</summary>
    static decimal? ParseMin(string? s)
    {
        var clean = s?.Replace(" ", "").Replace("\u00A0", "").Replace(',', '.');
        return decimal.TryParse(clean, NumberStyles.Number, CultureInfo.InvariantCulture, out var d) ? d : null;
    }
}
