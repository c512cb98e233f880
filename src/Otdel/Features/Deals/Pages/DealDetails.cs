using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Otdel.Data;
using Otdel.Features.Audit;
using Otdel.Features.Deals;
using Otdel.Features.Pipelines;
using Otdel.Platform;
using Otdel.Resources;

namespace Otdel.Features.Deals.Pages;

/// <summary>One stage on the deal's path: how long the deal has spent there, in total over all its visits.</summary>
public sealed record PathStep(Stage Stage, double Hours, bool Visited, bool Current);

/// <summary>A seed-level stage on the path with its steps; a stage without steps is a group of one.</summary>
public sealed record PathGroup(string Name, List<PathStep> Steps)
{
    public bool Current => Steps.Exists(s => s.Current);
    public bool Visited => Steps.Exists(s => s.Visited);
    public double Hours => Steps.Sum(s => s.Hours);
    public bool PostSale => Steps.TrueForAll(s => s.Stage.Kind == StageKind.PostSale);

    /// <summary>Where a click on the group takes the deal: its first step (the current one when the deal is inside).</summary>
    public PathStep Target => Steps.Find(s => s.Current) ?? Steps[0];

    /// <summary>Consecutive columns sharing a seed-level stage form one group, as on the board.</summary>
    public static List<PathGroup> Of(IEnumerable<PathStep> path)
    {
        var groups = new List<PathGroup>();
        foreach (var step in path)
        {
            var name = step.Stage.Group ?? step.Stage.Name;
            if (groups.Count == 0 || groups[^1].Name != name) groups.Add(new PathGroup(name, []));
            groups[^1].Steps.Add(step);
        }
        return groups;
    }
}

/// <summary>One line of the deal's history: stage moves, handoffs and field changes in one timeline.</summary>
public sealed record HistoryItem(DateTime At, string Kind, string Text, string? Who);

/// <summary>Everything the deal page shows, read in a handful of bounded queries.</summary>
public sealed class DealDetails
{
    public required Deal Deal { get; init; }
    public required string PipelineName { get; init; }
    public required List<Stage> Stages { get; init; }
    public required Stage Stage { get; init; }
    public required List<PathStep> Path { get; init; }
    public required List<PipelineField> Fields { get; init; }
    public required List<LossReason> LossReasons { get; init; }
    public required List<Missing> Missing { get; init; }
    public required int ConditionCount { get; init; }
    public required List<AttachmentView> Files { get; init; }
    public required List<ApprovalView> Approvals { get; init; }
    public required List<HistoryItem> History { get; init; }
    public required Dictionary<long, string> Names { get; init; }
    public required List<(long Id, string Name)> Owners { get; init; }
    public required DateTime Now { get; init; }
    /// <summary>False for someone who worked on the deal and handed it over: they read it, they no longer change it.</summary>
    public required bool CanChange { get; init; }

    public string OwnerName => Names.GetValueOrDefault(Deal.OwnerId, "?");
    public bool IsOverdue => Otdel.Features.Deals.Overdue.Is(Deal, Now);
    public Stage? NextStage => Deal.Status switch
    {
        DealStatus.Open => Stages.Where(s => s.Kind == StageKind.Sales && s.Order > Stage.Order).OrderBy(s => s.Order).FirstOrDefault(),
        DealStatus.Won => Stages.Where(s => s.Kind == StageKind.PostSale && s.Order > Stage.Order).OrderBy(s => s.Order).FirstOrDefault(),
        _ => null,
    };
    public string? LossReasonName => LossReasons.FirstOrDefault(r => r.Id == Deal.LossReasonId)?.Name;
    public string? LostAtName => Stages.FirstOrDefault(s => s.Id == Deal.LostAtStageId)?.Name;

    public static async Task<DealDetails?> LoadAsync(OtdelDb db, Access access, DealFiles files, IStringLocalizer<Text> t, DateTime now, long id, CancellationToken ct)
    {
        var deal = await db.Deals.ReadableBy(access).AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, ct);
        if (deal is null) return null;
        var pipelineName = await db.Pipelines.Where(p => p.Id == deal.PipelineId).Select(p => p.Name).FirstAsync(ct);
        var stages = await db.Stages.AsNoTracking().Where(s => s.PipelineId == deal.PipelineId).OrderBy(s => s.Order).ThenBy(s => s.Id).ToListAsync(ct);
        var stage = stages.First(s => s.Id == deal.StageId);
        var fields = await db.PipelineFields.AsNoTracking().Where(f => f.PipelineId == deal.PipelineId).OrderBy(f => f.Order).ThenBy(f => f.Id).ToListAsync(ct);
        var reasons = await db.LossReasons.AsNoTracking().Where(r => r.PipelineId == deal.PipelineId).OrderBy(r => r.Order).ThenBy(r => r.Id).ToListAsync(ct);
        var visits = await db.StageVisits.AsNoTracking().Where(v => v.DealId == id).OrderBy(v => v.Id).ToListAsync(ct);
        var handoffs = await db.Handoffs.AsNoTracking().Where(h => h.DealId == id).OrderBy(h => h.Id).ToListAsync(ct);
        var approvals = await db.Approvals.AsNoTracking().Where(a => a.DealId == id).OrderBy(a => a.Id).ToListAsync(ct);
        var audit = await AuditApi.HistoryAsync(db, "deal", id, 200, ct);
        var attachments = await files.ListAsync(id, ct);
        var missing = deal.Status == DealStatus.Lost ? [] : await DealRequirements.Check(db, deal, stage.ExitConditions, t);

        var userIds = visits.Select(v => v.ExecutorId).Concat(handoffs.SelectMany(h => new[] { h.FromUserId, h.ToUserId }))
            .Concat(approvals.Select(a => a.ById)).Append(deal.OwnerId).Concat(attachments.Select(a => a.UploadedById)).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.FullName, ct);
        var owners = await Organisation.Assignable.PeopleAsync(db, access, ct);
        if (owners.All(o => o.Id != deal.OwnerId)) owners.Insert(0, (deal.OwnerId, names.GetValueOrDefault(deal.OwnerId, "?")));

        var hours = visits.GroupBy(v => v.StageId).ToDictionary(g => g.Key, g => g.Sum(v => v.Hours ?? (v.ExitedAt is null ? (now - v.EnteredAt).TotalHours : 0)));
        var path = stages.Select(s => new PathStep(s, hours.GetValueOrDefault(s.Id), hours.ContainsKey(s.Id), s.Id == deal.StageId)).ToList();

        return new DealDetails
        {
            Deal = deal, PipelineName = pipelineName, Stages = stages, Stage = stage, Path = path, Fields = fields, LossReasons = reasons,
            Missing = missing, ConditionCount = stage.ExitConditions.Count, Files = attachments,
            Approvals = approvals.Select(ApprovalView.Of).ToList(),
            History = Timeline(visits, handoffs, audit, stages, reasons, names, fields, t),
            Names = names, Owners = owners, Now = now,
            CanChange = await db.Deals.VisibleTo(access).AnyAsync(d => d.Id == id, ct),
        };
    }

    static List<HistoryItem> Timeline(List<StageVisit> visits, List<Handoff> handoffs, List<AuditView> audit, List<Stage> stages,
        List<LossReason> reasons, Dictionary<long, string> names, List<PipelineField> fields, IStringLocalizer<Text> t)
    {
        // Stored values as a person reads them: names instead of ids, money as money.
        string Shown(string? field, string? value)
        {
            if (value is null) return "—";
            var id = long.TryParse(value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : (long?)null;
            return field switch
            {
                "lostAtStageId" when id is { } sid => stages.FirstOrDefault(s => s.Id == sid)?.Name ?? value,
                "lossReasonId" when id is { } rid => reasons.FirstOrDefault(r => r.Id == rid)?.Name ?? value,
                "amount" when decimal.TryParse(value, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var a) => Localisation.Money(a),
                "expectedCloseDate" when DateOnly.TryParseExact(value, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var d) => RuInput.Date(d),
                _ => value,
            };
        }
        string StageName(long id) => stages.FirstOrDefault(s => s.Id == id)?.Name ?? "#" + id;
        string Name(long id) => names.GetValueOrDefault(id, "#" + id);
        var items = new List<HistoryItem>();
        foreach (var v in visits)
        {
            items.Add(new HistoryItem(v.EnteredAt, "stage", t["DealPage.History.Entered", StageName(v.StageId), Name(v.ExecutorId)], null));
            if (v.OverrideReason is { } why)
                items.Add(new HistoryItem(v.ExitedAt ?? v.EnteredAt, "override", t["DealPage.History.Override", StageName(v.StageId), why], null));
        }
        foreach (var h in handoffs)
            items.Add(new HistoryItem(h.At, "handoff", t["DealPage.History.Handoff", Name(h.FromUserId), Name(h.ToUserId), t["DealPage.Rule." + Otdel.Platform.SnakeCase.Of(h.Rule.ToString())]], h.ById is { } by ? Name(by) : null));
        // One action is one entry: the field rows one save wrote (same moment, same person) read as one line.
        var edits = new Dictionary<(DateTime, string?), List<string>>();
        foreach (var a in audit)
        {
            // Stage and owner changes are told by the visits and handoffs above; the rest are field edits.
            if (a.Action == "updated" && a.Field is "stageId" or "ownerId" or "clientId" or "closedAt" or "lostAtStageId") continue;
            var text = a.Action switch
            {
                "created" => t["DealPage.History.Created"].Value,
                "updated" when a.Field == "fields" => t["DealPage.History.CustomFields", CustomFields(a.OldValue, a.NewValue, fields)].Value,
                "updated" when a.Field == "status" => t["DealPage.History.Status", t["DealPage.Status." + a.NewValue]].Value,
                "updated" => t["DealPage.History.Field", t["DealPage.Field." + a.Field].ResourceNotFound ? a.Field ?? "" : t["DealPage.Field." + a.Field],
                    Shown(a.Field, a.OldValue), Shown(a.Field, a.NewValue)].Value,
                _ => a.Action,
            };
            if (a.Action != "updated") { items.Add(new HistoryItem(a.At, a.Action == "created" ? "created" : "field", text, a.UserName)); continue; }
            if (!edits.TryGetValue((a.At, a.UserName), out var same)) edits[(a.At, a.UserName)] = same = [];
            same.Insert(0, text);
        }
        foreach (var ((at, who), texts) in edits) items.Add(new HistoryItem(at, "field", string.Join("; ", texts), who));
        return items.OrderByDescending(i => i.At).ThenByDescending(i => i.Kind == "field").ToList();
    }

    /// <summary>"ЛПР: Иванов" for each custom value that changed between two JSON snapshots.</summary>
    static string CustomFields(string? before, string? after, List<PipelineField> fields)
    {
        static Dictionary<string, string> Read(string? json)
        {
            try { return string.IsNullOrEmpty(json) ? [] : System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? []; }
            catch (System.Text.Json.JsonException) { return []; }
        }
        var a = Read(before);
        var b = Read(after);
        var changed = b.Where(kv => !a.TryGetValue(kv.Key, out var old) || old != kv.Value).Select(kv => (kv.Key, (string?)kv.Value))
            .Concat(a.Keys.Where(k => !b.ContainsKey(k)).Select(k => (k, (string?)null)));
        return string.Join("; ", changed.Select(c =>
        {
            var def = fields.FirstOrDefault(f => f.Key == c.Item1);
            return $"{def?.Label ?? c.Item1}: {(c.Item2 is null ? "—" : AsOnPage(def?.Type, c.Item2))}";
        }));
    }

    /// <summary>A custom value as the deal page shows it: money «3 500 000,50 ₽», dates дд.мм.гггг.</summary>
    static string AsOnPage(string? type, string value) => type switch
    {
        "money" when decimal.TryParse(value, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var m) => Localisation.Money(m),
        "date" when DateOnly.TryParseExact(value, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var d) => RuInput.Date(d),
        _ => value,
    };
}
