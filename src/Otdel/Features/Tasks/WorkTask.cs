using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Otdel.Features.Clients;
using Otdel.Features.Deals;
using Otdel.Features.Organisation;
using Otdel.Platform;

namespace Otdel.Features.Tasks;

/// <summary>
/// A task: something a person is to do by a moment — a call to make, a meeting to hold, a plain to-do — set by its
/// author (themselves or their boss) for its assignee, optionally about a deal and a client. Open until completed with
/// a result; an open task past its due moment is overdue. Named WorkTask so it never shadows System.Threading.Tasks.Task.
/// </summary>
public sealed class WorkTask : Entity, IAudited
{
    public static string AuditName => "task";

    public required string Title { get; set; }
    public TaskKind Kind { get; set; } = TaskKind.Task;
    /// <summary>The due moment, UTC; typed and shown in the reader's zone (<see cref="LocalTime"/>).</summary>
    public DateTime DueAt { get; set; }
    public TaskPriority Priority { get; set; } = TaskPriority.Normal;
    public long AssigneeId { get; set; }
    public long AuthorId { get; set; }
    public long? DealId { get; set; }
    public long? ClientId { get; set; }
    public long? LeadId { get; set; }
    /// <summary>The checklist as JSON (<see cref="Checklist"/> items), null when it has none; read with the task, never queried.</summary>
    public string? Checklist { get; set; }
    /// <summary>How it repeats (<see cref="TaskRepeat"/> as JSON), null for a one-off; read with the task, never queried.</summary>
    public string? Repeat { get; set; }
    /// <summary>When it was completed; null while open.</summary>
    public DateTime? DoneAt { get; set; }
    /// <summary>What came of it, said on completion.</summary>
    public string? Result { get; set; }
    public DateTime CreatedAt { get; set; }

    public bool IsOpen => DoneAt is null;
    public bool IsOverdue(DateTime now) => DoneAt is null && DueAt < now;
}

/// <summary>What a task is: a plain to-do, a call to make, a meeting to hold, an e-mail to write.</summary>
public enum TaskKind { Task, Call, Meeting, Email }

public enum TaskPriority { Normal, High, Urgent }

sealed class WorkTaskConfiguration : IEntityTypeConfiguration<WorkTask>
{
    public void Configure(EntityTypeBuilder<WorkTask> b)
    {
        b.ToTable("tasks");
        b.Property(x => x.Title).HasMaxLength(300);
        b.Property(x => x.Result).HasMaxLength(2000);
        b.Property(x => x.Checklist).HasMaxLength(TaskRules.MaxChecklistJson);
        b.Property(x => x.Repeat).HasMaxLength(300);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Ignore(x => x.IsOpen);
        // My day and the filters: a person's open tasks by due moment; a deal's and a client's tasks.
        b.HasIndex(x => new { x.AssigneeId, x.DoneAt, x.DueAt });
        b.HasIndex(x => new { x.DealId, x.DoneAt, x.DueAt });
        b.HasIndex(x => x.ClientId);
        b.HasIndex(x => x.AuthorId);
        b.HasIndex(x => x.LeadId);
        b.HasOne<User>().WithMany().HasForeignKey(x => x.AssigneeId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<User>().WithMany().HasForeignKey(x => x.AuthorId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Deal>().WithMany().HasForeignKey(x => x.DealId).OnDelete(DeleteBehavior.Cascade);
        // A client removed (merged away) leaves its tasks standing, without the link.
        b.HasOne<Client>().WithMany().HasForeignKey(x => x.ClientId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<Leads.Lead>().WithMany().HasForeignKey(x => x.LeadId).OnDelete(DeleteBehavior.SetNull);
    }
}
