namespace Otdel.Features.Organisation;

public sealed record UserView(long Id, string Email, string FullName, Position Position, long? DepartmentId, long? TeamId,
    long? ManagerId, bool IsActive, string? Language, string? Segment, int Version, DateTime CreatedAt)
{
    public static UserView Of(User u) => new(u.Id, u.Email, u.FullName, u.Position, u.DepartmentId, u.TeamId, u.ManagerId,
        u.IsActive, u.Language, u.Segment, u.Version, u.CreatedAt);
}

/// <summary>What a client sends to create or change a person; on PATCH only the fields present are applied.</summary>
public sealed record UserInput
{
    public string? Email { get; init; }
    public string? FullName { get; init; }
    public string? Position { get; init; }
    public long? DepartmentId { get; init; }
    public long? TeamId { get; init; }
    public long? ManagerId { get; init; }
    public string? Password { get; init; }
    public string? Language { get; init; }
    public string? Segment { get; init; }
    public bool? IsActive { get; init; }
    public int? Version { get; init; }
}
