using Microsoft.EntityFrameworkCore;
using Otdel.Data;

namespace Otdel.Features.Leads;

/// <summary>
/// Keeps leads' scores: the rules of the lead owner's department (else the company's), applied to a lead before it is
/// saved — on create, change and web-form post — and to a department's open leads when its rules change. Reaching a
/// threshold moves a lead forward (<see cref="LeadScorer.Promote"/>).
/// </summary>
public sealed class LeadScores(OtdelDb db)
{
    readonly Dictionary<long, LeadScoring?> byDepartment = [];
    LeadScoring? company;
    bool companyRead;

    /// <summary>The rules a department works by: its own, else the company's; null when neither keeps any.</summary>
    public async Task<LeadScoring?> RulesOfAsync(long? departmentId, CancellationToken ct)
    {
        if (departmentId is { } dep)
        {
            if (!byDepartment.TryGetValue(dep, out var own))
                byDepartment[dep] = own = await db.Set<LeadScoring>().AsNoTracking().FirstOrDefaultAsync(x => x.DepartmentId == dep, ct);
            if (own is not null) return own;
        }
        if (!companyRead)
        {
            company = await db.Set<LeadScoring>().AsNoTracking().FirstOrDefaultAsync(x => x.DepartmentId == null, ct);
            companyRead = true;
        }
        return company;
    }

    public async Task<LeadScoring?> RulesOfOwnerAsync(long ownerId, CancellationToken ct) =>
        await RulesOfAsync(await db.Users.Where(u => u.Id == ownerId).Select(u => u.DepartmentId).FirstOrDefaultAsync(ct), ct);

    /// <summary>Scores a (tracked) lead by its owner's rules and moves it forward when a threshold is reached; the caller saves.</summary>
    public async Task<LeadScore> ApplyAsync(Lead l, CancellationToken ct)
    {
        var rules = await RulesOfOwnerAsync(l.OwnerId, ct);
        var score = await ScoreAsync(l, rules, ct);
        Set(l, score.Total, rules);
        return score;
    }

    /// <summary>What a lead scores under the given rules (nothing without rules), and by which.</summary>
    public async Task<LeadScore> ScoreAsync(Lead l, LeadScoring? rules, CancellationToken ct, int unsavedRepeats = 0)
    {
        if (rules is null || rules.Rules.Count == 0) return new LeadScore(0, []);
        ChannelKind? kind = l.ChannelId is { } cid ? await db.Channels.Where(c => c.Id == cid).Select(c => (ChannelKind?)c.Kind).FirstOrDefaultAsync(ct) : null;
        var repeats = l.Id == 0 || !CountsRepeats(rules) ? 0 : await db.Leads.CountAsync(x => x.DuplicateOfLeadId == l.Id, ct);
        return LeadScorer.Score(l, kind, repeats + unsavedRepeats, rules.Rules);
    }

    static bool CountsRepeats(LeadScoring rules) => rules.Rules.Any(r => r.Kind == "activity" && r.Value == "repeat_request");

    /// <summary>Scores again the lead a new, not yet saved request repeats (the new lead is flagged as its duplicate); the caller saves.</summary>
    public async Task RescoreAsync(long? leadId, CancellationToken ct)
    {
        if (leadId is not { } id) return;
        var l = await db.Leads.FirstOrDefaultAsync(x => x.Id == id, ct);
        if (l is null) return;
        var rules = await RulesOfOwnerAsync(l.OwnerId, ct);
        Set(l, (await ScoreAsync(l, rules, ct, unsavedRepeats: 1)).Total, rules);
    }

    static void Set(Lead l, int total, LeadScoring? rules)
    {
        l.Score = total;
        if (rules is not null) l.Status = LeadScorer.Promote(l.Status, total, rules.MqlThreshold, rules.SqlThreshold);
    }

    /// <summary>
    /// Scores again every open lead (new, MQL, SQL) of a department's people — or, for the company's rules, of everyone
    /// whose department keeps none — in batches; answers how many changed.
    /// </summary>
    public async Task<int> RecomputeAsync(long? departmentId, CancellationToken ct)
    {
        byDepartment.Clear();
        companyRead = false;
        var rules = await RulesOfAsync(departmentId, ct);
        var owners = departmentId is { } dep
            ? db.Users.Where(u => u.DepartmentId == dep).Select(u => u.Id)
            : db.Users.Where(u => u.DepartmentId == null || !db.Set<LeadScoring>().Any(s => s.DepartmentId == u.DepartmentId)).Select(u => u.Id);
        var kinds = await db.Channels.Select(c => new { c.Id, c.Kind }).ToDictionaryAsync(c => c.Id, c => (ChannelKind?)c.Kind, ct);
        var changed = 0;
        var retries = 0;
        long after = 0;
        while (true)
        {
            var batch = await db.Leads.Where(l => l.Id > after && owners.Contains(l.OwnerId)
                    && (l.Status == LeadStatus.New || l.Status == LeadStatus.Mql || l.Status == LeadStatus.Sql))
                .OrderBy(l => l.Id).Take(500).ToListAsync(ct);
            if (batch.Count == 0) break;
            var ids = batch.Select(l => l.Id).ToList();
            var repeats = rules is not null && CountsRepeats(rules)
                ? await db.Leads.Where(x => x.DuplicateOfLeadId != null && ids.Contains(x.DuplicateOfLeadId.Value))
                    .GroupBy(x => x.DuplicateOfLeadId!.Value).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct)
                : [];
            var batchChanged = 0;
            foreach (var l in batch)
            {
                var (score, status) = (l.Score, l.Status);
                var total = rules is null ? 0
                    : LeadScorer.Score(l, l.ChannelId is { } c ? kinds.GetValueOrDefault(c) : null, repeats.GetValueOrDefault(l.Id), rules.Rules).Total;
                Set(l, total, rules);
                if (l.Score != score || l.Status != status) batchChanged++;
            }
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException) when (retries < 3)
            {
                // Someone changed a lead of the batch meanwhile (their change scored it already): read the batch again.
                retries++;
                db.ChangeTracker.Clear();
                continue;
            }
            db.ChangeTracker.Clear();
            changed += batchChanged;
            after = batch[^1].Id;
        }
        return changed;
    }
}
