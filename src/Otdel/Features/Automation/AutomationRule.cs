using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Otdel.Features.Organisation;
using Otdel.Features.Pipelines;
using Otdel.Platform;

namespace Otdel.Features.Automation;

/// <summary>
/// An automation rule of a department (and, for deal triggers, of one of its pipelines): when its trigger happens to a
/// record that meets its conditions, its actions run once, in the background (<see cref="AutomationEngine"/>). A rule
/// whose stage, field or channel is gone is switched off with the reason (<see cref="DisabledReason"/>), never crashed on.
/// </summary>
public sealed class AutomationRule : Entity
{
    /// <summary>The department whose rule it is; null for a company-wide pipeline's (as with pipelines).</summary>
    public long? DepartmentId { get; set; }
    public long? PipelineId { get; set; }
    public required string Name { get; set; }
    /// <summary>One of <see cref="Triggers.All"/>.</summary>
    public required string Trigger { get; set; }
    /// <summary>The stage a stage trigger watches (no foreign key: a removed stage disables the rule instead).</summary>
    public long? StageId { get; set; }
    /// <summary>Working hours for stays in a stage; days for "no activity", or the offset from a date (0 = on the day).</summary>
    public int? Hours { get; set; }
    public int? Days { get; set; }
    /// <summary>The date a "date reached" rule watches: <see cref="DateFields.ExpectedClose"/> or the key of a custom field of kind date.</summary>
    public string? DateField { get; set; }
    /// <summary>"before" or "after" the date by <see cref="Days"/>; null on the day itself.</summary>
    public string? DateDirection { get; set; }
    /// <summary>A "date reached" rule also looks at won and lost deals (open ones only by default).</summary>
    public bool IncludeClosed { get; set; }
    public long? ChannelId { get; set; }
    public List<RuleCondition> Conditions { get; set; } = [];
    public List<RuleAction> Actions { get; set; } = [];
    public bool IsEnabled { get; set; } = true;
    /// <summary>Why the engine switched the rule off (a stage or field that no longer exists); null otherwise.</summary>
    public string? DisabledReason { get; set; }
    public long CreatedById { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>From when time-based triggers look at records (a new rule does not fire on years of history).</summary>
    public DateTime EnabledAt { get; set; }
}

/// <summary>The trigger words of the API and the form.</summary>
public static class Triggers
{
    public const string DealEntered = "deal_entered";
    public const string DealLeft = "deal_left";
    public const string StageTime = "stage_time";
    public const string StageOverdue = "stage_overdue";
    public const string NoActivity = "no_activity";
    public const string LeadCreated = "lead_created";
    public const string TaskOverdue = "task_overdue";
    public const string DateReached = "date_reached";
    /// <summary>Money arrived on a deal (Features/Payments), in any stage or the rule's stage; each payment once.</summary>
    public const string PaymentReceived = "payment_received";
    public static readonly string[] All = [DealEntered, DealLeft, StageTime, StageOverdue, NoActivity, LeadCreated, TaskOverdue, DateReached, PaymentReceived];
    /// <summary>Triggers whose record is a deal: they need a pipeline and may set fields and move stages.</summary>
    public static bool OnDeal(string trigger) =>
        trigger is DealEntered or DealLeft or StageTime or StageOverdue or NoActivity or DateReached or PaymentReceived;
    public static bool FromOutbox(string trigger) => trigger is DealEntered or DealLeft or PaymentReceived;
}

/// <summary>The dates a "date reached" rule may watch besides a pipeline's custom fields of kind date.</summary>
public static class DateFields
{
    public const string ExpectedClose = "expected_close_date";
    public static readonly string[] Directions = ["before", "after"];
}

/// <summary>A condition on the deal: amount at least, source equals, owner's position equals, paid in full (yes/no).</summary>
public sealed record RuleCondition(string Field, string Value)
{
    public const string AmountMin = "amount_min";
    public const string Source = "source";
    public const string OwnerPosition = "owner_position";
    /// <summary>"true": the payments not cancelled cover the deal's amount (and it has one); "false": not yet.</summary>
    public const string PaidInFull = "paid_in_full";
    public static readonly string[] Fields = [AmountMin, Source, OwnerPosition, PaidInFull];
}

/// <summary>
/// What a rule does: "task" (for the owner, the boss or the holder of a position in the owner's department, due in N
/// working hours), "notify", "set_field" (a custom field of the pipeline), "move" (to a stage, through the real move),
/// "assign" (a new owner among a team's or a position's people, in turn or by fewest open deals), "webhook" (POST,
/// retried with back-off).
/// </summary>
public sealed record RuleAction
{
    public const string Task = "task";
    public const string Notify = "notify";
    public const string SetField = "set_field";
    public const string Move = "move";
    public const string Webhook = "webhook";
    public const string Assign = "assign";
    public static readonly string[] Kinds = [Task, Notify, SetField, Move, Assign, Webhook];
    public static readonly string[] Recipients = ["owner", "boss", "position"];
    /// <summary>How "assign" picks among its people: the next in turn after this rule's last choice, or fewest open deals.</summary>
    public static readonly string[] AssignBy = ["round_robin", "least_loaded"];

    public required string Kind { get; init; }
    /// <summary>"owner", "boss" (the owner's manager) or "position" (who holds <see cref="Position"/>) for tasks and notifications.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? To { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? Hours { get; init; }
    /// <summary>The task's title or the notification's text (a default is used when empty).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Text { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Field { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Value { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public long? StageId { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Url { get; init; }
    /// <summary>A position code (legal, head_of_sales…): whose task or notification it is, or whom "assign" picks from.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Position { get; init; }
    /// <summary>The team "assign" picks from.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public long? TeamId { get; init; }
    /// <summary>round_robin or least_loaded, for "assign".</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? By { get; init; }
}

sealed class AutomationRuleConfiguration : IEntityTypeConfiguration<AutomationRule>
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    static ValueConverter<List<T>, string> Converter<T>() => new(
        v => JsonSerializer.Serialize(v, Json),
        v => JsonSerializer.Deserialize<List<T>>(v, Json) ?? new List<T>());

    static ValueComparer<List<T>> Comparer<T>() => new(
        (a, b) => JsonSerializer.Serialize(a, Json) == JsonSerializer.Serialize(b, Json),
        v => JsonSerializer.Serialize(v, Json).GetHashCode(),
        v => JsonSerializer.Deserialize<List<T>>(JsonSerializer.Serialize(v, Json), Json)!);

    public void Configure(EntityTypeBuilder<AutomationRule> b)
    {
        b.ToTable("automation_rules");
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.Trigger).HasMaxLength(20);
        b.Property(x => x.Conditions).HasConversion(Converter<RuleCondition>(), Comparer<RuleCondition>()).HasMaxLength(4000);
        b.Property(x => x.Actions).HasConversion(Converter<RuleAction>(), Comparer<RuleAction>()).HasMaxLength(8000);
        b.Property(x => x.DisabledReason).HasMaxLength(500);
        b.Property(x => x.DateField).HasMaxLength(60);
        b.Property(x => x.DateDirection).HasMaxLength(10);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.DepartmentId, x.IsEnabled });
        b.HasIndex(x => x.PipelineId);
        b.HasOne<Department>().WithMany().HasForeignKey(x => x.DepartmentId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Pipeline>().WithMany().HasForeignKey(x => x.PipelineId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<User>().WithMany().HasForeignKey(x => x.CreatedById).OnDelete(DeleteBehavior.Restrict);
    }
}
