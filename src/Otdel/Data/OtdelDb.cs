using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Otdel.Features.Audit;
using Otdel.Features.Clients;
using Otdel.Features.Deals;
using Otdel.Features.Notifications;
using Otdel.Features.Organisation;
using Otdel.Features.Pipelines;
using Otdel.Platform;

namespace Otdel.Data;

/// <summary>The one database context of Otdel, on SQLite or PostgreSQL. Saving bumps versions and writes the audit history.</summary>
public sealed partial class OtdelDb : DbContext
{
    readonly DbContextOptions<OtdelDb> options;
    Actor? actor;
    TimeProvider? clock;
    StageCatalog? stageCatalog;
    NotificationHub? hub;

    /// <summary>
    /// The app's contexts come from EF's pool (<see cref="Database.AddOtdelDb"/>) and are given the request's services
    /// by <see cref="Lease"/>: setting up a new context's internal services was a tenth of a short API call's CPU.
    /// </summary>
    public OtdelDb(DbContextOptions<OtdelDb> options) : base(options) => this.options = options;

    internal OtdelDb(DbContextOptions<OtdelDb> options, Actor? actor, TimeProvider? clock = null, StageCatalog? stageCatalog = null,
        NotificationHub? hub = null) : this(options) => (this.actor, this.clock, this.stageCatalog, this.hub) = (actor, clock, stageCatalog, hub);

    /// <summary>A pooled context handed to one scope: its services set, nothing left from the scope that used it before.</summary>
    internal OtdelDb Lease(Actor? actor, TimeProvider? clock, StageCatalog? stageCatalog, NotificationHub? hub)
    {
        (this.actor, this.clock, this.stageCatalog, this.hub) = (actor, clock, stageCatalog, hub);
        beforeSave.Clear();
        afterCommit = null;
        return this;
    }
    public DbSet<Department> Departments => Set<Department>();
    public DbSet<Team> Teams => Set<Team>();
    public DbSet<User> Users => Set<User>();
    public DbSet<Deputy> Deputies => Set<Deputy>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<AuditEntry> Audit => Set<AuditEntry>();
    public DbSet<Pipeline> Pipelines => Set<Pipeline>();
    public DbSet<Stage> Stages => Set<Stage>();
    public DbSet<LossReason> LossReasons => Set<LossReason>();
    public DbSet<PipelineField> PipelineFields => Set<PipelineField>();
    public DbSet<Client> Clients => Set<Client>();
    public DbSet<Deal> Deals => Set<Deal>();
    public DbSet<StageVisit> StageVisits => Set<StageVisit>();
    public DbSet<Handoff> Handoffs => Set<Handoff>();
    public DbSet<Attachment> Attachments => Set<Attachment>();
    public DbSet<Approval> Approvals => Set<Approval>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<NotificationPreference> NotificationPreferences => Set<NotificationPreference>();
    public DbSet<Features.Deals.Board.StageTotal> StageTotals => Set<Features.Deals.Board.StageTotal>();
    public DbSet<Features.Plans.Plan> Plans => Set<Features.Plans.Plan>();
    public DbSet<Features.Plans.CalendarDay> CalendarDays => Set<Features.Plans.CalendarDay>();
    public DbSet<Features.Plans.DepartmentCalendar> DepartmentCalendars => Set<Features.Plans.DepartmentCalendar>();
    public DbSet<Features.Plans.DealForecast> DealForecasts => Set<Features.Plans.DealForecast>();
    public DbSet<Features.Leads.Channel> Channels => Set<Features.Leads.Channel>();
    public DbSet<Features.Leads.Campaign> Campaigns => Set<Features.Leads.Campaign>();
    public DbSet<Features.Leads.ChannelSpend> ChannelSpend => Set<Features.Leads.ChannelSpend>();
    public DbSet<Features.Leads.Lead> Leads => Set<Features.Leads.Lead>();
    public DbSet<Features.Tasks.WorkTask> Tasks => Set<Features.Tasks.WorkTask>();
    public DbSet<CacheVersion> CacheVersions => Set<CacheVersion>();
    public DbSet<Platform.Mail.OutboxEmail> OutboxEmails => Set<Platform.Mail.OutboxEmail>();
    public DbSet<Features.Account.PasswordReset> PasswordResets => Set<Features.Account.PasswordReset>();
    public DbSet<Features.Leads.LeadScoring> LeadScoring => Set<Features.Leads.LeadScoring>();
    public DbSet<Features.Segments.Segment> Segments => Set<Features.Segments.Segment>();
    public DbSet<Features.Activities.Activity> Activities => Set<Features.Activities.Activity>();
    public DbSet<Features.Import.ImportRun> ImportRuns => Set<Features.Import.ImportRun>();
    public DbSet<Features.Import.ImportProfile> ImportProfiles => Set<Features.Import.ImportProfile>();

    public bool IsSqlite => Database.ProviderName == "Microsoft.EntityFrameworkCore.Sqlite";

    internal Actor Actor => actor ?? Actor.System;

    /// <summary>Stages of a pipeline for the hot paths (cached per app instance; read straight from the database otherwise).</summary>
    public Task<IReadOnlyList<Stage>> StagesOfAsync(long pipelineId, CancellationToken ct = default) =>
        stageCatalog?.OfAsync(this, pipelineId, ct) ?? LoadStagesAsync(pipelineId, ct);

    async Task<IReadOnlyList<Stage>> LoadStagesAsync(long pipelineId, CancellationToken ct) =>
        await Stages.AsNoTracking().Where(s => s.PipelineId == pipelineId).OrderBy(s => s.Order).ThenBy(s => s.Id).ToListAsync(ct);
    internal TimeProvider Clock => clock ?? TimeProvider.System;
    public DateTime UtcNow => Clock.GetUtcNow().UtcDateTime;

    protected override void OnModelCreating(ModelBuilder b)
    {
        b.ApplyConfigurationsFromAssembly(typeof(OtdelDb).Assembly);
        // snake_case columns, so hand-written SQL (migrations, reports, the benchmark) reads naturally on both engines.
        foreach (var entity in b.Model.GetEntityTypes())
            foreach (var p in entity.GetProperties())
                p.SetColumnName(Platform.SnakeCase.Of(p.Name));
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder c)
    {
        // Dates are UTC everywhere; SQLite hands them back unspecified, so mark them on read.
        c.Properties<DateTime>().HaveConversion<UtcConverter>();
        // Enums are stored as the snake_case words the API uses.
        c.Properties<Position>().HaveConversion<PositionCode>().HaveMaxLength(40);
        c.Properties<DealStatus>().HaveConversion<SnakeCaseEnum<DealStatus>>().HaveMaxLength(10);
        c.Properties<StageKind>().HaveConversion<SnakeCaseEnum<StageKind>>().HaveMaxLength(20);
        c.Properties<HandoffRule>().HaveConversion<SnakeCaseEnum<HandoffRule>>().HaveMaxLength(20);
        c.Properties<HandoffBy>().HaveConversion<SnakeCaseEnum<HandoffBy>>().HaveMaxLength(20);
        c.Properties<VisitOutcome>().HaveConversion<SnakeCaseEnum<VisitOutcome>>().HaveMaxLength(10);
        c.Properties<ClientSize>().HaveConversion<SnakeCaseEnum<ClientSize>>().HaveMaxLength(10);
        c.Properties<Features.Tasks.TaskKind>().HaveConversion<SnakeCaseEnum<Features.Tasks.TaskKind>>().HaveMaxLength(10);
        c.Properties<Features.Tasks.TaskPriority>().HaveConversion<SnakeCaseEnum<Features.Tasks.TaskPriority>>().HaveMaxLength(10);
        if (IsSqliteOptions)
        {
            // SQLite has no decimal: money is stored as integer minor units so SUM, ORDER BY and comparisons run in SQL.
            c.Properties<decimal>().HaveConversion<MinorUnitsConverter>();
        }
    }

    bool IsSqliteOptions => options.Extensions.Any(e => e.GetType().Name.StartsWith("Sqlite", StringComparison.Ordinal));

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        SaveChangesAsync(acceptAllChangesOnSuccess).GetAwaiter().GetResult();

    readonly List<Func<CancellationToken, Task>> beforeSave = [];
    List<Action>? afterCommit;

    /// <summary>Work to do once the caller's open transaction commits (dropped if it rolls back): see LiveCommits.</summary>
    public void AfterCommit(Action step) => (afterCommit ??= []).Add(step);

    internal void TransactionEnded(bool committed)
    {
        var steps = afterCommit;
        afterCommit = null;
        if (committed && steps is not null) foreach (var step in steps) step();
    }

    /// <summary>Work a participant of the unit of work does just before each save (Notifier: the people's choices).</summary>
    public void BeforeSave(Func<CancellationToken, Task> step) => beforeSave.Add(step);

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken ct = default)
    {
        foreach (var step in beforeSave) await step(ct);
        // Changes are detected once, here: the checks and collectors below each read the tracker, and every read with
        // detection on walked every property of every tracked entity again (eight walks per save, issue 13's profile).
        // Nothing below changes an entity behind the tracker's back: versions are set through it, new rows are added.
        var detect = ChangeTracker.AutoDetectChangesEnabled;
        if (detect) ChangeTracker.DetectChanges();
        ChangeTracker.AutoDetectChangesEnabled = false;
        List<long> editedPipelines = [];
        try
        {
            CheckValues();
            editedPipelines = ChangeTracker.Entries<Stage>().Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
                .Select(e => e.Entity.PipelineId).Distinct().ToList();
            return await SaveAndRecordAsync(acceptAllChangesOnSuccess, ct);
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = detect;
            if (editedPipelines.Count > 0) stageCatalog?.Forget(editedPipelines);
        }
    }

    async Task<int> SaveAndRecordAsync(bool acceptAllChangesOnSuccess, CancellationToken ct)
    {
        var audit = AuditRecorder.Collect(this);
        var totals = Features.Deals.Board.StageTotals.Collect(this);
        // Open boards hear of every changed deal once the save has committed.
        var live = hub is null ? [] : Features.Deals.Board.BoardLive.Collect(this);
        var notes = hub is null ? [] : LiveSave.Added(this);
        var touchesAccess = AccessCache.Touches(this);
        if (audit.Count == 0 && totals.Count == 0 && !touchesAccess)
        {
            var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, ct);
            await AnnounceAsync(notes, live, ct);
            return saved;
        }

        // Business rows, the board's totals and the audit rows commit together or not at all. A failed save ends the
        // whole transaction (nothing goes on after one), so EF's savepoint around each save is only extra round trips.
        Database.AutoSavepointsEnabled = false;
        var own = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(ct) : null;
        try
        {
            // The totals' rows ride in the same batch as the deals: a failed save rolls them back with everything else.
            if (totals.Count > 0) Features.Deals.Board.StageTotals.Append(this, totals);
            int n;
            if (audit.All(a => a.KnowsId))
            {
                // Only changes of existing records: their audit rows ride in the same batch.
                Audit.AddRange(audit.Select(a => a.Complete()));
                n = await base.SaveChangesAsync(acceptAllChangesOnSuccess, ct) - audit.Count - totals.Count;
            }
            else
            {
                n = await base.SaveChangesAsync(acceptAllChangesOnSuccess, ct) - totals.Count;
                Audit.AddRange(audit.Select(a => a.Complete()));
                await base.SaveChangesAsync(acceptAllChangesOnSuccess, ct);
            }
            // Every instance's cached access is stale from this commit on (they read the version with each sign-in check).
            if (touchesAccess) await AccessCache.BumpAsync(this, ct);
            if (own is not null) await own.CommitAsync(ct);
            await AnnounceAsync(notes, live, ct);
            return n;
        }
        catch
        {
            // Rows this save added on its own must not be written twice if the caller saves again after the failure.
            foreach (var e in ChangeTracker.Entries().Where(e => e.State == EntityState.Added && e.Entity is Features.Deals.Board.StageTotal or AuditEntry).ToList())
                e.State = EntityState.Detached;
            throw;
        }
        finally
        {
            if (own is not null) await own.DisposeAsync();
        }
    }

    /// <summary>Open pages hear of the notifications and deal changes a committed save made (LiveSave, decision 0010).</summary>
    Task AnnounceAsync(List<Notification> notes, List<(Deal Deal, long OldPipelineId)> deals, CancellationToken ct) =>
        hub is null || (notes.Count == 0 && deals.Count == 0) ? Task.CompletedTask
            : LiveSave.AnnounceAsync(this, hub, notes, Features.Deals.Board.BoardLive.Events(deals), ct);

    /// <summary>
    /// The last line behind the use cases' own checks: no text longer than its column or with control characters, no
    /// money its column would round, no date outside the sane range is written — on SQLite (which would store it) as on
    /// PostgreSQL (which would fail the whole save). Refused as <see cref="InvalidValueException"/>: 400 naming the field.
    /// </summary>
    void CheckValues()
    {
        foreach (var e in ChangeTracker.Entries())
        {
            if (e.State is not (EntityState.Added or EntityState.Modified)) continue;
            foreach (var p in e.Properties)
            {
                if (e.State == EntityState.Modified && !p.IsModified) continue;
                switch (p.CurrentValue)
                {
                    case string text when p.Metadata.GetMaxLength() is { } max && text.Length > max:
                        throw new InvalidValueException(Field(p), "Error.TooLong", max);
                    case string text when Inputs.HasControlCharacters(text):
                        throw new InvalidValueException(Field(p), "Error.ControlChars");
                    case decimal m when p.Metadata.GetScale() is { } scale && m != decimal.Round(m, scale):
                        throw new InvalidValueException(Field(p), "Error.MoneyScale", scale);
                    case decimal m when Math.Abs(m) >= Inputs.MaxMoney:
                        throw new InvalidValueException(Field(p), "Error.NumberRange");
                    case DateOnly d when !Inputs.IsSaneDate(d):
                        throw new InvalidValueException(Field(p), "Error.DateRange", Inputs.MinDate.ToString("d"), Inputs.MaxDate.ToString("d"));
                }
            }
        }
    }

    /// <summary>The API's name of a column's property, for the refusal only (worked out for every property it cost each save).</summary>
    static string Field(Microsoft.EntityFrameworkCore.ChangeTracking.PropertyEntry p) => JsonNamingPolicy.CamelCase.ConvertName(p.Metadata.Name);

    sealed class UtcConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

    sealed class MinorUnitsConverter() : ValueConverter<decimal, long>(
        v => (long)decimal.Round(v * 100m, MidpointRounding.AwayFromZero),
        v => v / 100m);
}
