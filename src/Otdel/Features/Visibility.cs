using Microsoft.EntityFrameworkCore;
using Otdel.Features.Activities;
using Otdel.Features.Audit;
using Otdel.Features.Automation;
using Otdel.Features.Clients;
using Otdel.Features.Deals;
using Otdel.Features.Leads;
using Otdel.Features.Notifications;
using Otdel.Features.Organisation;
using Otdel.Features.Pipelines;
using Otdel.Features.Plans;
using Otdel.Features.Segments;
using Otdel.Features.Tasks;
using Otdel.Platform;

namespace Otdel.Features;

/// <summary>
/// Who sees which record — the one rule, per kind of record, that every read and write goes through: the API, the
/// pages, search, reports and exports. A record outside it does not exist for the caller (404), and a write that
/// refers to it is refused naming the field (<see cref="References"/>). The history of a record is readable by exactly
/// those who read the record (<see cref="CanReadHistoryAsync"/>). Rules in docs/decisions/0005-who-sees-what.md.
/// </summary>
public static class Visibility
{
    /// <summary>Automation rules: the company-wide ones and those of one's department (as pipelines); all for directors.</summary>
    public static IQueryable<AutomationRule> VisibleTo(this IQueryable<AutomationRule> q, Access a)
    {
        if (a.Scope == Scope.All) return q;
        var dep = a.User?.DepartmentId;
        return q.Where(r => r.DepartmentId == null || r.DepartmentId == dep);
    }

    /// <summary>Automation firings: of a rule one sees, on a deal, lead or task one sees.</summary>
    public static IQueryable<AutomationFiring> VisibleTo(this IQueryable<AutomationFiring> q, Access a)
    {
        var rules = a.Db.Set<AutomationRule>().VisibleTo(a);
        var deals = a.Db.Deals.VisibleTo(a);
        var leads = a.Db.Leads.VisibleTo(a);
        var tasks = a.Db.Tasks.VisibleTo(a);
        return q.Where(f => rules.Any(r => r.Id == f.RuleId)
            && (f.DealId != null ? deals.Any(d => d.Id == f.DealId) : f.LeadId != null ? leads.Any(l => l.Id == f.LeadId) : tasks.Any(t => t.Id == f.TaskId)));
    }

    /// <summary>Deals: by owner — one's own, the team's or department's for their leads and heads, all for directors.</summary>
    public static IQueryable<Deal> VisibleTo(this IQueryable<Deal> q, Access a) => a.Visible(q, d => d.OwnerId);

    /// <summary>
    /// Deals one may READ: those one sees, and those one worked on — a past owner or a stage's executor keeps read access
    /// after handing a deal over (the hunter's credit for a lead depends on it). Changing a deal needs <see cref="VisibleTo(IQueryable{Deal}, Access)"/>.
    /// </summary>
    public static IQueryable<Deal> ReadableBy(this IQueryable<Deal> q, Access a)
    {
        if (a.VisibleUserIds is null) return q;
        var ids = a.VisibleUserIds.ToList();
        var me = a.UserId;
        var visits = a.Db.StageVisits;
        return q.Where(d => EF.Parameter(ids).Contains(d.OwnerId) || visits.Any(v => v.DealId == d.Id && v.ExecutorId == me));
    }

    /// <summary>
    /// Clients: those whose owner or key account manager (КАМ) one sees, and those of any deal one sees; a contact person
    /// also with their company (contacts follow their client) — so a KAM who owns none of a key account sees it and its
    /// people, and so does whoever sees the KAM.
    /// </summary>
    public static IQueryable<Client> VisibleTo(this IQueryable<Client> q, Access a)
    {
        if (a.VisibleUserIds is null) return q;
        var ids = a.VisibleUserIds.ToList();
        var deals = a.Db.Deals;
        var companies = a.Db.Clients;
        return q.Where(c => (c.OwnerId != null && EF.Parameter(ids).Contains(c.OwnerId.Value)) || (c.KamId != null && EF.Parameter(ids).Contains(c.KamId.Value))
            || deals.Any(d => d.ClientId == c.Id && EF.Parameter(ids).Contains(d.OwnerId))
            || (c.CompanyId != null && companies.Any(co => co.Id == c.CompanyId
                && ((co.OwnerId != null && EF.Parameter(ids).Contains(co.OwnerId.Value)) || (co.KamId != null && EF.Parameter(ids).Contains(co.KamId.Value))
                    || deals.Any(d => d.ClientId == co.Id && EF.Parameter(ids).Contains(d.OwnerId))))));
    }

    /// <summary>People: everyone of one's own department (the company directory), and anyone whose records one sees.</summary>
    public static IQueryable<User> VisibleTo(this IQueryable<User> q, Access a)
    {
        if (a.VisibleUserIds is null) return q;
        var ids = a.VisibleUserIds.ToList();
        var dep = a.User?.DepartmentId;
        return q.Where(u => EF.Parameter(ids).Contains(u.Id) || (dep != null && u.DepartmentId == dep));
    }

    /// <summary>Teams and departments: those of one's own department; everything for company-wide roles.</summary>
    public static IQueryable<Team> VisibleTo(this IQueryable<Team> q, Access a)
    {
        if (a.Scope == Scope.All) return q;
        var dep = a.User?.DepartmentId;
        return q.Where(t => t.DepartmentId == dep);
    }

    public static IQueryable<Department> VisibleTo(this IQueryable<Department> q, Access a)
    {
        if (a.Scope == Scope.All) return q;
        var dep = a.User?.DepartmentId;
        return q.Where(d => d.Id == dep);
    }

    /// <summary>Pipelines: the company-wide ones and those of one's department; their stages, fields and loss reasons with them.</summary>
    public static IQueryable<Pipeline> VisibleTo(this IQueryable<Pipeline> q, Access a) => PipelineAccess.Usable(a, q);

    public static IQueryable<Stage> VisibleTo(this IQueryable<Stage> q, Access a)
    {
        var pipelines = a.Db.Pipelines.VisibleTo(a);
        return a.Scope == Scope.All ? q : q.Where(s => pipelines.Any(p => p.Id == s.PipelineId));
    }

    public static IQueryable<PipelineField> VisibleTo(this IQueryable<PipelineField> q, Access a)
    {
        var pipelines = a.Db.Pipelines.VisibleTo(a);
        return a.Scope == Scope.All ? q : q.Where(f => pipelines.Any(p => p.Id == f.PipelineId));
    }

    public static IQueryable<LossReason> VisibleTo(this IQueryable<LossReason> q, Access a)
    {
        var pipelines = a.Db.Pipelines.VisibleTo(a);
        return a.Scope == Scope.All ? q : q.Where(r => pipelines.Any(p => p.Id == r.PipelineId));
    }

    /// <summary>Documents and approvals: those of the deals one may read.</summary>
    public static IQueryable<Attachment> VisibleTo(this IQueryable<Attachment> q, Access a)
    {
        var deals = a.Db.Deals.ReadableBy(a);
        return a.VisibleUserIds is null ? q : q.Where(x => deals.Any(d => d.Id == x.DealId));
    }

    /// <summary>Payments: those of the deals one may read (recording and cancelling need the deal's write rule).</summary>
    public static IQueryable<Payments.Payment> VisibleTo(this IQueryable<Payments.Payment> q, Access a)
    {
        var deals = a.Db.Deals.ReadableBy(a);
        return a.VisibleUserIds is null ? q : q.Where(x => deals.Any(d => d.Id == x.DealId));
    }

    public static IQueryable<Approval> VisibleTo(this IQueryable<Approval> q, Access a)
    {
        var deals = a.Db.Deals.ReadableBy(a);
        return a.VisibleUserIds is null ? q : q.Where(x => deals.Any(d => d.Id == x.DealId));
    }

    /// <summary>Deputies: the arrangements of the people one sees.</summary>
    public static IQueryable<Deputy> VisibleTo(this IQueryable<Deputy> q, Access a)
    {
        var people = a.Db.Users.VisibleTo(a);
        return a.VisibleUserIds is null ? q : q.Where(d => people.Any(u => u.Id == d.PrincipalId));
    }

    /// <summary>Notifications: one's own only, whatever one's position.</summary>
    public static IQueryable<Notification> VisibleTo(this IQueryable<Notification> q, Access a)
    {
        var me = a.UserId;
        return q.Where(n => n.UserId == me);
    }

    /// <summary>
    /// Plans: those of one's own department — except a seller's own plan, seen only by those who see that seller; company
    /// plans and every department's for company-wide roles.
    /// </summary>
    public static IQueryable<Plan> VisibleTo(this IQueryable<Plan> q, Access a)
    {
        if (a.Scope == Scope.All) return q;
        var dep = a.User?.DepartmentId;
        var ids = a.VisibleUserIds!.ToList();
        return q.Where(p => p.DepartmentId != null && p.DepartmentId == dep && (p.Level != PlanLevel.User || EF.Parameter(ids).Contains(p.TargetId!.Value)));
    }

    /// <summary>Leads: by owner, as deals — one's own, the team's or department's for their leads and heads, all for directors.</summary>
    public static IQueryable<Lead> VisibleTo(this IQueryable<Lead> q, Access a) => a.Visible(q, l => l.OwnerId);

    /// <summary>Channels: the company's and those of one's department; every one for company-wide roles. Their campaigns with them.</summary>
    public static IQueryable<Channel> VisibleTo(this IQueryable<Channel> q, Access a)
    {
        if (a.Scope == Scope.All) return q;
        var dep = a.User?.DepartmentId;
        return q.Where(c => c.DepartmentId == null || c.DepartmentId == dep);
    }

    public static IQueryable<Campaign> VisibleTo(this IQueryable<Campaign> q, Access a)
    {
        var channels = a.Db.Channels.VisibleTo(a);
        return a.Scope == Scope.All ? q : q.Where(x => channels.Any(c => c.Id == x.ChannelId));
    }

    /// <summary>
    /// Tasks: those one is assigned or set oneself, and those of the people one sees — a task a head sets a seller is
    /// seen by both, and by whoever sees the seller; another seller does not see it.
    /// </summary>
    public static IQueryable<WorkTask> VisibleTo(this IQueryable<WorkTask> q, Access a)
    {
        if (a.VisibleUserIds is null) return q;
        var ids = a.VisibleUserIds.ToList();
        var me = a.UserId;
        return q.Where(t => EF.Parameter(ids).Contains(t.AssigneeId) || t.AuthorId == me);
    }

    /// <summary>
    /// Segments: those of one's own department (its people share them) and one's own; every one for company-wide roles.
    /// Their members are the clients each viewer sees (<see cref="SegmentMembers"/>).
    /// </summary>
    public static IQueryable<Segment> VisibleTo(this IQueryable<Segment> q, Access a)
    {
        if (a.Scope == Scope.All) return q;
        var dep = a.User?.DepartmentId;
        var me = a.UserId;
        return q.Where(s => (dep != null && s.DepartmentId == dep) || s.AuthorId == me);
    }

    /// <summary>
    /// Activities: one's own, those of the people one sees (a head reads what each seller did), and those on a deal one
    /// may read, a client or a lead one sees — whoever sees the deal sees what happened on it, whoever logged it.
    /// </summary>
    public static IQueryable<Activity> VisibleTo(this IQueryable<Activity> q, Access a)
    {
        if (a.VisibleUserIds is null) return q;
        var ids = a.VisibleUserIds.ToList();
        var me = a.UserId;
        var deals = a.Db.Deals.ReadableBy(a);
        var clients = a.Db.Clients.VisibleTo(a);
        var leads = a.Db.Leads.VisibleTo(a);
        return q.Where(x => x.AuthorId == me || EF.Parameter(ids).Contains(x.AuthorId)
            || (x.DealId != null && deals.Any(d => d.Id == x.DealId))
            || (x.ClientId != null && clients.Any(c => c.Id == x.ClientId))
            || (x.LeadId != null && leads.Any(l => l.Id == x.LeadId)));
    }

    /// <summary>The kinds of record that have a history (the audit's <c>entity</c>).</summary>
    public static readonly IReadOnlySet<string> HistoryKinds = new HashSet<string>(StringComparer.Ordinal)
        { "deal", "client", "user", "team", "department", "deputy", "pipeline", "stage", "pipeline_field", "loss_reason", "plan", "lead", "channel", "task",
          "payment" };

    /// <summary>Whether the caller may read the history of a record: exactly when they may read the record.</summary>
    public static Task<bool> CanReadHistoryAsync(this Access a, string entity, long id, CancellationToken ct = default)
    {
        var db = a.Db;
        return entity switch
        {
            "deal" => db.Deals.ReadableBy(a).AnyAsync(x => x.Id == id, ct),
            "client" => db.Clients.VisibleTo(a).AnyAsync(x => x.Id == id, ct),
            "user" => db.Users.VisibleTo(a).AnyAsync(x => x.Id == id, ct),
            "team" => db.Teams.VisibleTo(a).AnyAsync(x => x.Id == id, ct),
            "department" => db.Departments.VisibleTo(a).AnyAsync(x => x.Id == id, ct),
            "deputy" => db.Deputies.VisibleTo(a).AnyAsync(x => x.Id == id, ct),
            "pipeline" => db.Pipelines.VisibleTo(a).AnyAsync(x => x.Id == id, ct),
            "stage" => db.Stages.VisibleTo(a).AnyAsync(x => x.Id == id, ct),
            "pipeline_field" => db.PipelineFields.VisibleTo(a).AnyAsync(x => x.Id == id, ct),
            "loss_reason" => db.LossReasons.VisibleTo(a).AnyAsync(x => x.Id == id, ct),
            "plan" => db.Plans.VisibleTo(a).AnyAsync(x => x.Id == id, ct),
            "lead" => db.Leads.VisibleTo(a).AnyAsync(x => x.Id == id, ct),
            "channel" => db.Channels.VisibleTo(a).AnyAsync(x => x.Id == id, ct),
            "task" => db.Tasks.VisibleTo(a).AnyAsync(x => x.Id == id, ct),
            "payment" => db.Set<Payments.Payment>().VisibleTo(a).AnyAsync(x => x.Id == id, ct),
            _ => Task.FromResult(false),
        };
    }
}
