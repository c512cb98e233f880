using Otdel.Features.Pipelines;

namespace Otdel.Bench;

/// <summary>One generated deal row, reused between deals to keep the generator allocation-free.</summary>
sealed class GenDeal
{
    public long Id; public string Title = ""; public decimal Amount; public long StageId; public long OwnerId; public string Status = "open";
    public string? Source; public string? Segment; public DateTime CreatedAt; public DateTime StageEnteredAt; public DateTime? StageDueAt;
    public DateTime? ClosedAt; public long? LossReasonId; public string? LossComment; public long? LostAtStageId; public string ClientName = "";
}

struct GenVisit
{
    public long Id; public long DealId; public long StageId; public long ExecutorId; public DateTime EnteredAt; public DateTime? ExitedAt;
    public double? Hours; public string? Outcome; public bool IsFirstEntry; public bool Advanced;
}

/// <summary>The people a generated deal can be worked by: per team hunters and closers; farmers and KAMs for the whole department.</summary>
sealed record Staff(long[][] HuntersByTeam, long[][] ClosersByTeam, long[] Farmers, long[] Kams);

/// <summary>
/// Makes realistic stage histories that follow the StageVisit bookkeeping exactly: a first-entry visit per stage,
/// Advanced on it when the deal went on, "back" moves that re-enter stages (not first entries), a loss at some
/// stage with a reason, or a win that lands the deal in the post-sale stages with a farmer.
/// </summary>
sealed class History(List<Stage> sales, List<Stage> postSale, List<LossReason> reasons, Staff staff, Func<DateTime, int?, DateTime?> due, int seed)
{
    readonly Random rnd = new(seed);
    static readonly string[] Sources = ["Сайт", "Холодный звонок", "Выставка", "Рекомендация", "Входящий звонок", "Рассылка"];
    static readonly string[] Segments = ["МСБ", "Средний бизнес", "Крупный бизнес", "Госсектор"];
    static readonly string[] Companies = ["Альфа", "Вектор", "Гранит", "Север", "Техно", "Орион", "Меридиан", "Сфера", "Прогресс", "Фактор"];
    static readonly string[] Forms = ["ООО", "АО", "ИП"];

    /// <summary>Chance to go on from each sales stage: close to the stage's norm, one stage visibly short of it.</summary>
    double Advance(int k) => sales[k].NormConversion is { } n ? Math.Min(0.95, n / 100.0 + (k == 6 ? -0.08 : 0.2)) : 0.8;

    static double Exp(Random r, double mean) => -Math.Log(1 - r.NextDouble()) * mean;

    readonly List<(int Stage, double Hours, string Outcome)> steps = [];

    /// <summary>Fills <paramref name="d"/> and <paramref name="visits"/> for one deal created at <paramref name="created"/>.</summary>
    public void Make(GenDeal d, List<GenVisit> visits, long dealId, ref long visitId, DateTime created, bool open, DateTime now)
    {
        visits.Clear(); steps.Clear();
        var team = rnd.Next(staff.HuntersByTeam.Length);
        var hunter = staff.HuntersByTeam[team][rnd.Next(staff.HuntersByTeam[team].Length)];
        var closer = staff.ClosersByTeam[team][rnd.Next(staff.ClosersByTeam[team].Length)];
        long Executor(int stage) => stage < 2 ? hunter : closer;

        // Walk the sales stages: go on with the stage's chance, sometimes step back once; open deals stop somewhere.
        var k = 0; var ended = ""; var stopAt = open ? StopFor(sales.Count) : -1;
        while (true)
        {
            var hours = Math.Round(Exp(rnd, sales[k].TimeLimitHours ?? 24) * 0.9 + 0.5, 0);
            if (open && k == stopAt) { steps.Add((k, 0, "")); break; }
            if (rnd.NextDouble() < Advance(k))
            {
                if (k > 1 && rnd.NextDouble() < 0.04) { steps.Add((k, hours, "back")); k--; continue; }
                if (k == sales.Count - 1) { steps.Add((k, hours, "won")); ended = "won"; break; }
                steps.Add((k, hours, "forward")); k++;
            }
            else
            {
                if (open) { steps.Add((k, 0, "")); break; }
                steps.Add((k, hours, "lost")); ended = "lost"; break;
            }
        }
        var post = ended == "won" ? 1 + (rnd.NextDouble() < 0.3 ? 1 : 0) + (rnd.NextDouble() < 0.05 ? 1 : 0) : 0;

        // Squeeze the history into the time between creation and now when it would run past today.
        var total = steps.Sum(s => s.Hours) + post * 200;
        var room = (now - created).TotalHours * 0.97;
        var squeeze = total > room && total > 0 ? room / total : 1.0;

        var at = created;
        var firstVisit = new Dictionary<int, int>();
        var owner = hunter;
        foreach (var (stage, h, outcome) in steps)
        {
            var v = new GenVisit { Id = ++visitId, DealId = dealId, StageId = sales[stage].Id, ExecutorId = Executor(stage), EnteredAt = at, IsFirstEntry = !firstVisit.ContainsKey(stage) };
            if (v.IsFirstEntry) firstVisit[stage] = visits.Count;
            owner = v.ExecutorId;
            if (outcome != "")
            {
                var exit = at.AddSeconds(Math.Max(60, Math.Round(h * squeeze * 3600)));
                v.ExitedAt = exit; v.Hours = (exit - at).TotalHours; v.Outcome = outcome;
                at = exit;
            }
            visits.Add(v);
            if (outcome is "forward" or "won")
            {
                var i = firstVisit[stage];
                var first = visits[i]; first.Advanced = true; visits[i] = first;
            }
        }

        d.Id = dealId; d.CreatedAt = created; d.OwnerId = owner; d.StageId = visits[^1].StageId; d.StageEnteredAt = visits[^1].EnteredAt;
        d.Status = open ? "open" : ended; d.ClosedAt = null; d.LossReasonId = null; d.LossComment = null; d.LostAtStageId = null; d.StageDueAt = null;
        if (ended == "lost")
        {
            var reason = reasons[rnd.Next(reasons.Count)];
            d.ClosedAt = at; d.LostAtStageId = d.StageId; d.LossReasonId = reason.Id; d.LossComment = reason.IsOther ? "Клиент закрыл направление" : null;
        }
        else if (ended == "won")
        {
            d.ClosedAt = at;
            for (var p = 0; p < post && p < postSale.Count; p++)
            {
                var exec = p == 2 && staff.Kams.Length > 0 ? staff.Kams[rnd.Next(staff.Kams.Length)] : staff.Farmers[rnd.Next(staff.Farmers.Length)];
                if (p > 0)
                {
                    var prev = visits[^1];
                    var exit = at.AddSeconds(Math.Max(60, Math.Round(200 * squeeze * 3600 * rnd.NextDouble())));
                    prev.ExitedAt = exit; prev.Hours = (exit - at).TotalHours; prev.Outcome = "forward"; prev.Advanced = true; visits[^1] = prev;
                    at = exit;
                }
                visits.Add(new GenVisit { Id = ++visitId, DealId = dealId, StageId = postSale[p].Id, ExecutorId = exec, EnteredAt = at, IsFirstEntry = true });
                d.OwnerId = exec; d.StageId = postSale[p].Id; d.StageEnteredAt = at;
            }
        }
        else if (open)
            d.StageDueAt = due(d.StageEnteredAt, sales.First(s => s.Id == d.StageId).TimeLimitHours);

        var company = $"{Forms[rnd.Next(Forms.Length)]} «{Companies[rnd.Next(Companies.Length)]}-{rnd.Next(1, 999)}»";
        d.ClientName = company;
        d.Title = $"Поставка для {company}";
        d.Amount = rnd.Next(20, 5000) * 1000m;
        d.Source = Sources[rnd.Next(Sources.Length)];
        d.Segment = Segments[rnd.Next(Segments.Length)];
    }

    /// <summary>Where an open deal currently stands: early stages hold most of them.</summary>
    int StopFor(int count)
    {
        var k = 0;
        while (k < count - 1 && rnd.NextDouble() < 0.55) k++;
        return k;
    }
}
